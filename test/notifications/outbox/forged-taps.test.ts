import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbacks } from '../../../src/bot/callback-data.ts';
import { sendResultNotice } from '../../../src/notifications/notices.ts';
import { enqueue, type OutboxItemRecord } from '../../../src/notifications/outbox/index.ts';
import type { ChatMessage } from '../../harness/index.ts';
import { kk } from '../../support/i18n.ts';
import { METHODOLOGY, PEOPLE, seedDepartment } from '../../support/survey360.ts';
import { World } from '../../support/world.ts';

// A linked employee with a modified client: callback data is whatever the client sends, so he taps
// his own notice with other items' ids. Telegram still names the real chat and message.
const ATTACKER = PEOPLE.find((p) => p.number === '1002')!;
const VICTIM = PEOPLE.find((p) => p.number === '1003')!;
const OTHERS = PEOPLE.filter((p) => p.number === '1004' || p.number === '1005');

let world: World;
const models = () => world.app.services.models;
const employeeId = async (number: string) =>
  String((await models().Employee.findOne({ personnelNumber: number }))!._id);

async function sendNotice(number: string): Promise<void> {
  await sendResultNotice(world.app.services, {
    kind: 'quarter',
    campaignId: 'q4-2026',
    employeeId: await employeeId(number),
    methodologyId: METHODOLOGY,
    render: (t) => ({ text: `${t('notices:kinds.quarter')}: 4,25` }),
  });
}

/** Sends a callback query from the attacker's chat, on `message`, with any data. */
async function forgeTap(message: ChatMessage, data: string): Promise<void> {
  const update = world.api.pushUpdate({
    callback_query: {
      id: world.api.registerCallbackQuery(ATTACKER.telegramId),
      from: { id: ATTACKER.telegramId, is_bot: false, first_name: ATTACKER.name },
      message: message.raw,
      chat_instance: `ci-${ATTACKER.telegramId}`,
      data,
    },
  } as never);
  await world.api.waitProcessed(update.update_id);
}

/** An outbox item to another person's chat, left in `state` for the length of the test. */
async function itemIn(state: 'queued' | 'sending' | 'unknown', chatId: number): Promise<OutboxItemRecord> {
  const farAway = new Date(world.now().getTime() + 86_400_000);
  const { item } = await enqueue(
    models(),
    {
      key: `forged:${state}`,
      kind: 'resultNotice',
      chatId,
      text: 'notice',
      ackText: 'OK',
      notBefore: farAway,
    },
    world.now(),
  );
  if (state !== 'queued')
    await models().OutboxItem.updateOne(
      { _id: item._id },
      { $set: { state, leaseOwner: 'another-instance', leaseUntil: farAway, attemptId: `a-${state}` } },
    );
  return item;
}

const snapshot = async () =>
  (await models().OutboxItem.find().sort({ _id: 1 }).lean<OutboxItemRecord[]>()).map((item) => ({
    id: String(item._id),
    state: item.state,
    messageId: item.messageId,
    sentAt: item.sentAt,
    reconciledAt: item.reconciledAt,
    acknowledgedAt: item.acknowledgedAt,
    attemptId: item.attemptId,
    leaseUntil: item.leaseUntil,
  }));

beforeAll(async () => {
  world = await new World().start();
  world.setNow(new Date('2026-12-07T04:00:00Z'));
  await seedDepartment(world);
}, 60_000);
afterAll(async () => {
  await world.stop();
});

describe('forged taps on outbox buttons', () => {
  it("change no item's state and record no acknowledgement; only the item's own chat and message count", async () => {
    const attacker = world.api.user({ id: ATTACKER.telegramId, firstName: ATTACKER.name });
    world.api.user({ id: VICTIM.telegramId, firstName: VICTIM.name });
    await sendNotice(ATTACKER.number);
    await sendNotice(VICTIM.number);
    await world.outboxSettled();
    const own = attacker.messages().find((m) => m.text?.startsWith('тоқсандық'))!;
    const victimNotice = await models()
      .Notice.findOne({ employeeId: await employeeId(VICTIM.number) })
      .lean();
    const targets = [
      String(victimNotice!.outboxItemId), // sent, to the victim
      String((await itemIn('queued', OTHERS[0]!.telegramId))._id),
      String((await itemIn('sending', OTHERS[1]!.telegramId))._id),
      String((await itemIn('unknown', VICTIM.telegramId))._id),
    ];
    // Neighbouring ids (ObjectIds made by one process are close): guessed, not issued.
    const guessed = targets.map((id) =>
      new Types.ObjectId(`${id.slice(0, 18)}${'f'.repeat(6)}`).toHexString(),
    );
    const before = await snapshot();
    const noticesBefore = await models().Notice.find().sort({ _id: 1 }).lean();

    for (const id of [...targets, ...guessed])
      for (const action of [callbacks.notice.read, callbacks.notice.acknowledge, callbacks.notice.refuse])
        await forgeTap(own, action.build({ itemId: id }));
    // His own item, but tapped from another message (the bot's reply to his /start).
    await attacker.send('/start');
    const ownItem = await models().OutboxItem.findOne({ chatId: ATTACKER.telegramId, state: 'sent' }).lean();
    const other = attacker.messages().at(-1)!;
    expect(other.message_id).not.toBe(own.message_id);
    await forgeTap(other, `ob:${ownItem!._id}`);

    expect(await snapshot()).toEqual(before);
    const noticesAfter = await models().Notice.find().sort({ _id: 1 }).lean();
    expect(noticesAfter.map((n) => [n.acknowledgedAt, n.refusedAt])).toEqual(
      noticesBefore.map((n) => [n.acknowledgedAt, n.refusedAt]),
    );

    // The genuine tap still counts: his own button, on his own notice.
    await attacker.tapIn(own, kk('notices:ackButton'));
    const acknowledged = await models().OutboxItem.findById(ownItem!._id).lean<OutboxItemRecord>();
    expect(acknowledged?.acknowledgedAt).toBeInstanceOf(Date);
    const rest = (await snapshot()).filter((item) => item.id !== String(ownItem!._id));
    expect(rest).toEqual(before.filter((item) => item.id !== String(ownItem!._id)));
  });
});
