import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbacks } from '../../src/bot/callback-data.ts';
import { createCampaign, launchCampaign } from '../../src/evaluation/survey360/campaign.ts';
import { finishCampaign } from '../../src/notifications/results/survey360.ts';
import { taskKey } from '../../src/tasks/kinds.ts';
import type { ChatMessage } from '../harness/index.ts';
import { submitAllAbout } from '../support/answer-360.ts';
import { kk, ru } from '../support/i18n.ts';
import { LARGE_ORG, largeNumberOf, largeTelegramIdOf, seedLargeBody } from '../support/large-body.ts';
import { forgeTap } from '../support/two-bodies.ts';
import { World } from '../support/world.ts';

/** A body of a few hundred: every employee but the newcomers is a 360 evaluatee. */
const BODY = { people: 300, unitSize: 20 };
const HR_ID = 8900;
let world: World;
const hr = () => world.api.user({ id: HR_ID, firstName: 'HR' });
/** Someone else writing to the bot while HR's close runs. */
const colleague = () => world.api.user({ id: 630, firstName: 'Colleague' });

/** A launched 360 campaign of the whole body for `year`. */
async function launched(year: number): Promise<{ campaignId: string; evaluatees: number }> {
  const { models } = world.app.services;
  const created = await createCampaign(models, { organisationCode: LARGE_ORG, year, createdBy: HR_ID });
  if (!created.ok) throw new Error(created.problem);
  const result = await launchCampaign(models, created.campaignId);
  if (!result.ok) throw new Error(result.problem);
  const evaluatees = await models.SurveyTarget.countDocuments({
    campaignId: created.campaignId,
    excludedReason: null,
  });
  return { campaignId: String(created.campaignId), evaluatees };
}

/** Waits for the bot to finish an update while other requests (the held progress report) are in flight. */
const handled = (update: { update_id: number }) =>
  world.api.waitUntil(
    () => world.api.isHandled(update.update_id),
    30_000,
    () => `update ${update.update_id} was not handled while the close ran`,
  );

/** A 360 result notice: the radar chart, or the information that there is no result (its "seen" button; the body reads Russian). */
const isResultNotice = (m: ChatMessage) =>
  m.sender === 'bot' &&
  (m.method === 'sendPhoto' || JSON.stringify(m.reply_markup ?? {}).includes(ru('notices:hr.seenButton')));

/** The 360 result notices each of the body's employees got, by chat. */
const noticesPerChat = () =>
  Array.from({ length: BODY.people }, (_, index) =>
    world.api.chatMessages(largeTelegramIdOf(index)).filter(isResultNotice),
  );

beforeAll(async () => {
  world = await new World({ adminIds: [HR_ID] }).start();
  // Tuesday 1 December 2026, 09:00 in Almaty: /survey360 shows the year's campaign.
  world.setNow(new Date('2026-12-01T04:00:00Z'));
  await seedLargeBody(world, BODY);
  await hr().send(`/scope ${LARGE_ORG}`);
}, 120_000);
afterAll(async () => {
  await world?.stop();
});

describe(`HR closes a 360 campaign of a body of ${BODY.people}`, () => {
  it("as a task: another user's /help is answered meanwhile, the summary counts results and evaluatees, a second tap starts nothing", async () => {
    const { campaignId, evaluatees } = await launched(2026);
    expect(evaluatees).toBeGreaterThan(200);
    // Two evaluatees get every questionnaire answered: they are the campaign's only results.
    await submitAllAbout(world, largeNumberOf(1), 4);
    await submitAllAbout(world, largeNumberOf(2), 5);
    const { models } = world.app.services;

    await hr().send('/survey360');
    await hr().tap(kk('survey360:hr.closeButton'));
    // The task's first progress report is held: the close is provably under way, not yet done.
    world.api.stopAnswering({ methods: ['editMessageText'] });
    await handled((await hr().tap(kk('survey360:hr.closeYesButton'), { wait: false })).update);
    const progressMessage = hr().lastMessage()!;
    expect(progressMessage.text).toBe(kk('tasks:queued'));
    for (let waited = 0; world.api.heldRequests === 0; waited += 20) {
      if (waited > 60_000) throw new Error('the close never reported progress');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    await handled((await colleague().send('/help', { wait: false })).update);
    expect(colleague().lastMessage()?.text).toBe(kk('help.text'));
    const during = await models.Task.findOne({ key: taskKey.closeSurvey360(campaignId) }).lean();
    expect(during).toMatchObject({ state: 'running', kind: 'survey360.close', organisationCode: LARGE_ORG });
    expect(during?.report).toMatchObject({ chatId: HR_ID, messageId: progressMessage.message_id });
    // Answered while no evaluatee had been told anything yet.
    expect(await models.OutboxItem.countDocuments({ key: { $regex: `:${campaignId}:` } })).toBe(0);

    // A second tap meanwhile (the button was still on screen): the same task, "under way".
    const secondTap = world.api.pushUpdate({
      callback_query: {
        id: world.api.registerCallbackQuery(HR_ID),
        from: hr().info,
        chat_instance: `ci-${HR_ID}`,
        data: callbacks.surveyHr.closeConfirmed.build({ campaignId }),
        message: hr().lastMessage()!.raw,
      },
    } as never);
    // Its own message is edited too (held with the rest until Telegram answers again).
    for (let waited = 0; world.api.heldRequests < 2; waited += 20) {
      if (waited > 10_000) throw new Error('the second tap was not answered');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    world.api.resumeAnswering();
    await handled(secondTap);
    const second = hr().lastMessage()!;
    expect(second.message_id).not.toBe(progressMessage.message_id);
    expect(second.text).toBe(kk('tasks:already'));

    await world.app.services.wakeTasks();
    const summary = kk('survey360:hr.closed', { count: 2, total: evaluatees });
    expect(world.api.message(HR_ID, progressMessage.message_id)?.text).toBe(summary);
    expect(await models.Task.countDocuments({ kind: 'survey360.close' })).toBe(1);
    expect(await models.Task.findOne({ key: taskKey.closeSurvey360(campaignId) }).lean()).toMatchObject({
      state: 'done',
      attempts: 1,
      result: { results: 2, evaluated: evaluatees },
    });

    // Tapped once more after the end: the summary again, and nothing is closed or sent twice.
    await forgeTap(world, hr(), callbacks.surveyHr.closeConfirmed.build({ campaignId }));
    expect(hr().lastMessage()?.text).toBe(summary);
    await world.outboxSettled(60_000);
    const perChat = noticesPerChat();
    expect(perChat.filter((messages) => messages.length === 1)).toHaveLength(evaluatees);
    expect(perChat.filter((messages) => messages.length > 1)).toHaveLength(0);
    // The two results are radar charts; everyone else is told there is no result.
    expect(perChat.flat().filter((m) => m.method === 'sendPhoto')).toHaveLength(2);
    // Asked once (the second and third taps are audited as asked again).
    const asked = await models.AuditLog.find({ action: 'survey360.close' }).sort({ at: 1, _id: 1 }).lean();
    expect(asked.map((entry) => entry.details)).toEqual([
      { campaignId, created: true },
      { campaignId, created: false },
      { campaignId, created: false },
    ]);
  }, 180_000);

  it('killed halfway, the close is finished after the restart: each notice and the summary once', async () => {
    const before = noticesPerChat().map((messages) => messages.length);
    const { campaignId, evaluatees } = await launched(2027);
    const { services } = world.app;
    // HR's tap as the button queues it, taken by an instance (a one-minute lease) that dies halfway
    // through the evaluatees: it never finishes and never lets go. Written as already claimed, so
    // this bot's own runner cannot take it first.
    const asked = await world.app.bot.api.sendMessage(HR_ID, kk('tasks:queued'));
    const task = await services.models.Task.create({
      key: taskKey.closeSurvey360(campaignId),
      kind: 'survey360.close',
      payload: { campaignId },
      organisationCode: LARGE_ORG,
      report: { chatId: HR_ID, messageId: asked.message_id, language: 'kk' },
      state: 'running',
      owner: 'dying-instance',
      leaseUntil: new Date(world.now().getTime() + 60_000),
      attempts: 1,
      runAfter: world.now(),
      createdAt: world.now(),
    });
    const half = Math.floor(evaluatees / 2);
    let stuck = false;
    void finishCampaign(services, campaignId, async (done) => {
      if (done < half) return;
      stuck = true;
      await new Promise(() => undefined);
    });
    for (let i = 0; i < 6000 && !stuck; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(stuck).toBe(true);
    const infoKeys = { key: { $regex: `^result360info:${campaignId}:` } };
    expect(await services.models.OutboxItem.countDocuments(infoKeys)).toBe(half);

    // HR taps close meanwhile: the same task, under way.
    await forgeTap(world, hr(), callbacks.surveyHr.closeConfirmed.build({ campaignId }));
    expect(hr().lastMessage()?.text).toBe(kk('tasks:already'));

    // The restart comes after the dead instance's lease ran out.
    world.setNow(new Date(world.now().getTime() + 61_000));
    await world.restart();
    await world.app.services.wakeTasks();
    await world.outboxSettled(60_000);
    const { models } = world.app.services;
    expect(await models.Task.findById(task._id).lean()).toMatchObject({
      state: 'done',
      attempts: 2,
      result: { results: 0, evaluated: evaluatees },
    });
    expect(await models.OutboxItem.countDocuments(infoKeys)).toBe(evaluatees);
    // Every evaluatee got exactly one more message; HR got the summary once, in the asked message.
    const added = noticesPerChat().map((messages, index) => messages.length - before[index]!);
    expect(added.filter((n) => n === 1)).toHaveLength(evaluatees);
    expect(added.filter((n) => n > 1)).toHaveLength(0);
    const summary = kk('survey360:hr.closed', { count: 0, total: evaluatees });
    expect(world.api.message(HR_ID, asked.message_id)?.text).toBe(summary);
    expect(world.api.chatMessages(HR_ID).filter((m) => m.text === summary)).toHaveLength(1);
  }, 180_000);
});
