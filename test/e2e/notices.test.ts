import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendResultNotice } from '../../src/notifications/notices.ts';
import { folded, readPdf } from '../documents/pdf-reader.ts';
import type { SimulatedUser } from '../harness/index.ts';
import { keyPattern, kk, ru, timeOn } from '../support/i18n.ts';
import { METHODOLOGY, PEOPLE, seedDepartment } from '../support/survey360.ts';
import { World } from '../support/world.ts';

const HR_ID = 7100;
let world: World;
const users = new Map<string, SimulatedUser>();
const user = (number: string) => users.get(number)!;
const hr = () => world.api.user({ id: HR_ID, firstName: 'HR' });
const employeeId = async (number: string) =>
  String((await world.app.services.models.Employee.findOne({ personnelNumber: number }))!._id);

/** A generic notice (the kind quarter results will use): the text is the caller's, the buttons are the notice's. */
async function sendQuarterNotice(number: string, methodologyId = METHODOLOGY): Promise<void> {
  await sendResultNotice(world.app.services, {
    kind: 'quarter',
    campaignId: 'q4-2026',
    employeeId: await employeeId(number),
    methodologyId,
    render: (t) => ({ text: `${t('notices:kinds.quarter')}: 4,25` }),
  });
}

const QUARTER = kk('notices:kinds.quarter');
const isQuarterNotice = (m: { text?: string }) => m.text?.startsWith(QUARTER) ?? false;
const buttonsOf = (m: { reply_markup?: unknown }) =>
  (
    (m.reply_markup as { inline_keyboard?: { text: string; callback_data?: string }[][] })?.inline_keyboard ??
    []
  ).flat();

const hrTexts = () =>
  hr()
    .messages()
    .map((m) => m.text ?? '');

beforeAll(async () => {
  world = await new World({ adminIds: [HR_ID] }).start();
  // Monday 7 December 2026, 09:00 in Almaty.
  world.setNow(new Date('2026-12-07T04:00:00Z'));
  await seedDepartment(world);
  for (const p of PEOPLE) users.set(p.number, world.api.user({ id: p.telegramId, firstName: p.name }));
  await hr().send('/start');
}, 60_000);
afterAll(async () => {
  await world.stop();
});

describe('result notices with a delivery register', () => {
  it('a notice is sent with "I have read it"; the tap records the time and states the last day to disagree', async () => {
    await sendQuarterNotice('1002');
    const notice = await user('1002').waitForMessage(isQuarterNotice);
    expect(notice.text).toBe(`${QUARTER}: 4,25`);
    expect(buttonsOf(notice).map((b) => b.text)).toEqual([kk('notices:ackButton')]);
    await user('1002').tap(kk('notices:ackButton'));
    expect(user('1002').callbackAnswers().at(-1)?.text).toBe(kk('notices:ack.toast'));
    const ack = user('1002').lastMessage()!;
    // 5 working days after Monday 7 December: Monday 14 December.
    expect(ack.text).toMatch(
      keyPattern(kk, 'notices:ack.done', { until: '14.12.2026' }, { time: timeOn('07.12.2026') }),
    );
    expect(buttonsOf(ack).map((b) => b.text)).toEqual([kk('notices:appealButton')]);
    const stored = await world.app.services.models.Notice.findOne({ employeeId: await employeeId('1002') });
    expect(stored?.acknowledgedAt).toBeInstanceOf(Date);
    expect(stored?.appealUntil).toBe('2026-12-14');
  });

  it('a second tap changes nothing: the first acknowledgement time stays', async () => {
    const before = await world.app.services.models.Notice.findOne({ employeeId: await employeeId('1002') });
    const message = user('1002').messages().find(isQuarterNotice)!;
    await user('1002').tapIn(message, kk('notices:ackButton'));
    const after = await world.app.services.models.Notice.findOne({ employeeId: await employeeId('1002') });
    expect(after?.acknowledgedAt?.getTime()).toBe(before?.acknowledgedAt?.getTime());
  });

  it('the register shows the time sent (with the message id) and the time acknowledged', async () => {
    await hr().send('/hr');
    await hr().tap(kk('notices:console.registerButton'));
    const register = hr().lastMessage()?.text ?? '';
    const messageId = user('1002').messages().find(isQuarterNotice)!.message_id;
    expect(register).toContain(
      kk('notices:register.line', { name: 'Staff One', kind: QUARTER, state: kk('notices:states.sent') }),
    );
    const at = { time: timeOn('07.12.2026') };
    expect(register).toMatch(keyPattern(kk, 'notices:register.queued', {}, at));
    expect(register).toMatch(keyPattern(kk, 'notices:register.sent', { messageId }, at));
    expect(register).toMatch(keyPattern(kk, 'notices:register.acknowledged', {}, at));
  });

  it('a user who blocked the bot: the notice is undeliverable and HR is alerted', async () => {
    world.api.blockChat(PEOPLE[2]!.telegramId);
    await sendQuarterNotice('1003');
    const undeliverable = keyPattern(
      kk,
      'notices:hr.undeliverable',
      { name: 'Staff Two', kind: QUARTER },
      {
        reason: '.*403.*',
      },
    );
    const alert = await hr().waitForMessage((m) => undeliverable.test(m.text ?? ''));
    expect(alert.text).toMatch(undeliverable);
    await world.outboxSettled();
    await hr().send('/hr');
    await hr().tap(kk('notices:console.undeliverableButton'));
    const list = hr().lastMessage()?.text ?? '';
    expect(list).toContain(kk('notices:register.title.undeliverable', { count: 1 }));
    expect(list).toContain(
      kk('notices:register.line', {
        name: 'Staff Two',
        kind: QUARTER,
        state: kk('notices:states.undeliverable'),
      }),
    );
    expect(list).toMatch(keyPattern(kk, 'notices:register.reason', {}, { reason: '.*403.*' }));
    expect(list).not.toContain('Staff One');
  });

  it('not acknowledged within 2 working days: HR gets the list once', async () => {
    await sendQuarterNotice('1004');
    await sendQuarterNotice('1005');
    await user('1005').waitForMessage(isQuarterNotice);
    await user('1005').tap(kk('notices:ackButton'));
    await world.outboxSettled();
    const overdue = () => hrTexts().filter((t) => t.startsWith('⏰'));
    // Sent Monday 7 December: the 2 working days end on Wednesday the 9th.
    expect(await world.dailyTickAt('2026-12-09T04:00:00Z')).toContain('noticesUnacknowledged');
    expect(overdue()).toHaveLength(0);
    await world.dailyTickAt('2026-12-10T04:00:00Z');
    await hr().waitForMessage((m) => m.text?.startsWith('⏰') ?? false, { since: 0 });
    expect(overdue()).toEqual([
      [
        kk('notices:hr.overdueTitle', { count: 1 }),
        kk('notices:hr.overdueLine', { name: 'Staff Three', kind: QUARTER }),
      ].join('\n'),
    ]);
    await world.dailyTickAt('2026-12-11T04:00:00Z');
    expect(overdue()).toHaveLength(1);
    await hr().send('/hr');
    await hr().tap(kk('notices:console.unacknowledgedButton'));
    const list = hr().lastMessage()?.text ?? '';
    expect(list).toContain('Staff Three');
    expect(list).toContain('Staff Two');
    expect(list).not.toContain('Staff One');
    expect(list).not.toContain('Staff Four');
  });
});

describe('disagreement and calibration request', () => {
  it('inside the window: statement, confirmation, filed with the decision and session deadlines; HR is told', async () => {
    // Friday 11 December, within the window that ends on the 14th.
    world.setNow(new Date('2026-12-11T05:00:00Z'));
    const one = user('1002');
    await one.tap(kk('notices:appealButton'));
    expect(one.lastMessage()?.text).toBe(kk('notices:appeal.askStatement'));
    await one.sendDocument({ fileName: 'scan.pdf', bytes: 'not a statement' });
    expect(one.lastMessage()?.text).toBe(kk('notices:appeal.textOnly'));
    const statement = 'Бағалау кезінде атқарылған жұмыстың көлемі ескерілмеді.';
    await one.send(statement);
    expect(one.lastMessage()?.text).toBe(kk('notices:appeal.confirm', { statement }));
    await one.tap(kk('notices:appeal.submitButton'));
    // 3 working days for the decision (16 December is a holiday), 10 for the session.
    const dates = { decisionBy: '17.12.2026', sessionBy: '28.12.2026' };
    expect(one.lastMessage()?.text).toBe(kk('notices:appeal.filed', dates));
    const filed = kk('notices:hr.appealFiled', { name: 'Staff One', kind: QUARTER, statement, ...dates });
    const alert = await hr().waitForMessage((m) => m.text === filed);
    expect(alert.text).toBe(filed);
    const appeal = await world.app.services.models.Appeal.findOne({});
    expect(appeal).toMatchObject({
      filedOn: '2026-12-11',
      decisionBy: '2026-12-17',
      sessionBy: '2026-12-28',
    });
  });

  it('one appeal per notice', async () => {
    const one = user('1002');
    const ack = one.messages().find((m) => buttonsOf(m).some((b) => b.text === kk('notices:appealButton')))!;
    await one.tapIn(ack, kk('notices:appealButton'));
    expect(one.callbackAnswers().at(-1)?.text).toBe(kk('notices:appeal.exists'));
    expect(await world.app.services.models.Appeal.countDocuments()).toBe(1);
  });

  it('HR sees open appeals with their deadlines', async () => {
    await hr().send('/hr');
    await hr().tap(kk('notices:console.appealsButton'));
    const text = hr().lastMessage()?.text ?? '';
    expect(text).toContain(kk('notices:appeals.title', { count: 1 }));
    expect(text).toContain(
      kk('notices:appeals.line', {
        name: 'Staff One',
        kind: QUARTER,
        filedOn: '11.12.2026',
        decisionBy: '17.12.2026',
        sessionBy: '28.12.2026',
        statement: 'Бағалау кезінде атқарылған жұмыстың көлемі ескерілмеді.',
      }),
    );
  });

  it('after the window the button says it has closed, with the date', async () => {
    // Tuesday 15 December: Staff Four acknowledged on the 7th, so the last day was the 14th.
    world.setNow(new Date('2026-12-15T04:00:00Z'));
    const four = user('1005');
    await four.tap(kk('notices:appealButton'));
    expect(four.lastMessage()?.text).toBe(kk('notices:appeal.closed', { date: '14.12.2026' }));
    expect(await world.app.services.models.Appeal.countDocuments()).toBe(1);
  });
});

describe('Kentau: refusal to acknowledge and the refusal act', () => {
  it('the employee refuses; HR is told and registers the act with two witnesses', async () => {
    await sendQuarterNotice('1001', 'kentau-city-maslikhat-2018');
    const head = user('1001');
    const notice = await head.waitForMessage(isQuarterNotice);
    expect(buttonsOf(notice).map((b) => b.text)).toContain(kk('notices:refuseButton'));
    await head.tap(kk('notices:refuseButton'));
    expect(head.lastMessage()?.text).toBe(kk('notices:refusal.recorded'));
    const alert = await hr().waitForMessage((m) => m.text?.startsWith('✋') ?? false);
    const noticeId = /\/refusal ([0-9a-f]{24})/.exec(alert.text ?? '')![1]!;
    await hr().send(`/refusal ${noticeId} Witness One`);
    expect(hr().lastMessage()?.text).toBe(kk('notices:refusal.witnessCount', { count: 2 }));
    await hr().send(`/refusal ${noticeId} Witness One; Witness Two`);
    // The confirmation, then the act itself (next test).
    expect(hr().messages().at(-3)?.text).toBe(kk('notices:refusal.registered'));
    const stored = await world.app.services.models.Notice.findById(noticeId);
    expect(stored?.refusedAt).toBeInstanceOf(Date);
    expect(stored?.refusalAct?.witnesses).toEqual(['Witness One', 'Witness Two']);
    await hr().send('/hr');
    await hr().tap(kk('notices:console.registerButton'));
    expect(hr().lastMessage()?.text).toContain(
      kk('notices:register.refusalAct', { witnesses: 'Witness One; Witness Two' }),
    );
  });

  it('the act is generated as a PDF in Kazakh and Russian, sent to HR and kept with the notice', async () => {
    const { models } = world.app.services;
    const notice = await models.Notice.findOne({ refusalAct: { $ne: null } }).lean();
    const documents = hr()
      .messages()
      .filter((m) => m.method === 'sendDocument' && m.caption === kk('results:refusalAct.caption'));
    expect(documents.map((m) => m.document?.file_name)).toEqual([
      expect.stringContaining(kk('documents:files.refusalAct')),
      expect.stringContaining(ru('documents:files.refusalAct')),
    ]);
    const [kazakh, russian] = await Promise.all(documents.map((m) => readPdf(m.document!.bytes!)));
    for (const [pdf, t] of [
      [kazakh!, kk],
      [russian!, ru],
    ] as const) {
      const text = folded(pdf.text);
      expect(text).toContain(t('documents:refusal.title'));
      expect(text).toContain('Head One');
      expect(text).toContain('Witness One');
      expect(text).toContain('Witness Two');
      // Refused and registered on Tuesday 15 December (the clock of the tests above).
      expect(text).toContain(`${t('documents:refusal.refusedOn')} 15.12.2026`);
      expect(text).toContain(t('documents:refusal.witness'));
    }
    // Kept with the case: the same bytes, one per language.
    const filed = await models.FiledDocument.find({ noticeId: notice!._id }).sort({ lang: 1 });
    expect(filed.map((f) => f.lang)).toEqual(['kk', 'ru']);
    expect(filed[0]!.data.equals(documents[0]!.document!.bytes!)).toBe(true);
  });
});
