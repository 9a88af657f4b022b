import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendResultNotice } from '../../src/notifications/notices.ts';
import type { SimulatedUser } from '../harness/index.ts';
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
    const notice = await user('1002').waitForMessage((m) => m.text?.startsWith('тоқсандық') ?? false);
    expect(notice.text).toBe('тоқсандық бағалау нәтижесі: 4,25');
    expect(JSON.stringify(notice.reply_markup)).toContain('✅ Танысым');
    expect(JSON.stringify(notice.reply_markup)).not.toContain('бас тартамын');
    await user('1002').tap('✅ Танысым');
    expect(user('1002').callbackAnswers().at(-1)?.text).toBe('Танысқаныңыз тіркелді.');
    const ack = user('1002').lastMessage()!;
    expect(ack.text).toMatch(/^Нәтижемен танысқаныңыз тіркелді: 07\.12\.2026 09:0\d\./);
    // 5 working days after Monday 7 December: Monday 14 December.
    expect(ack.text).toContain(
      'Келіспеген жағдайда 14.12.2026 қоса алғанда калибрлеу сессиясына өтініш беруге болады',
    );
    expect(JSON.stringify(ack.reply_markup)).toContain('⚖️ Келіспеймін');
    const stored = await world.app.services.models.Notice.findOne({ employeeId: await employeeId('1002') });
    expect(stored?.acknowledgedAt).toBeInstanceOf(Date);
    expect(stored?.appealUntil).toBe('2026-12-14');
  });

  it('a second tap changes nothing: the first acknowledgement time stays', async () => {
    const before = await world.app.services.models.Notice.findOne({ employeeId: await employeeId('1002') });
    const message = user('1002')
      .messages()
      .find((m) => m.text?.startsWith('тоқсандық'))!;
    await user('1002').tapIn(message, '✅ Танысым');
    const after = await world.app.services.models.Notice.findOne({ employeeId: await employeeId('1002') });
    expect(after?.acknowledgedAt?.getTime()).toBe(before?.acknowledgedAt?.getTime());
  });

  it('the register shows the time sent (with the message id) and the time acknowledged', async () => {
    await hr().send('/hr');
    await hr().tap('📒 Жеткізу тізілімі');
    const register = hr().lastMessage()?.text ?? '';
    const messageId = user('1002')
      .messages()
      .find((m) => m.text?.startsWith('тоқсандық'))!.message_id;
    expect(register).toContain('Staff One — тоқсандық бағалау нәтижесі: жеткізілді');
    expect(register).toMatch(/кезекке қойылды: 07\.12\.2026 09:0\d/);
    expect(register).toMatch(new RegExp(`жеткізілді: 07\\.12\\.2026 09:0\\d \\(хабарлама № ${messageId}\\)`));
    expect(register).toMatch(/танысты: 07\.12\.2026 09:0\d/);
  });

  it('a user who blocked the bot: the notice is undeliverable and HR is alerted', async () => {
    world.api.blockChat(PEOPLE[2]!.telegramId);
    await sendQuarterNotice('1003');
    const alert = await hr().waitForMessage((m) => m.text?.startsWith('⚠ Хабарлама жеткізілмеді') ?? false);
    expect(alert.text).toContain('Staff Two — тоқсандық бағалау нәтижесі');
    expect(alert.text).toContain('403');
    await world.outboxSettled();
    await hr().send('/hr');
    await hr().tap('⚠ Жеткізілмегендер');
    const list = hr().lastMessage()?.text ?? '';
    expect(list).toContain('Жеткізілмеген хабарламалар (1):');
    expect(list).toContain('Staff Two — тоқсандық бағалау нәтижесі: жеткізілмеді');
    expect(list).toContain('себебі: 403');
    expect(list).not.toContain('Staff One');
  });

  it('not acknowledged within 2 working days: HR gets the list once', async () => {
    await sendQuarterNotice('1004');
    await sendQuarterNotice('1005');
    await user('1005').waitForMessage((m) => m.text?.startsWith('тоқсандық') ?? false);
    await user('1005').tap('✅ Танысым');
    await world.outboxSettled();
    const overdue = () => hrTexts().filter((t) => t.startsWith('⏰'));
    // Sent Monday 7 December: the 2 working days end on Wednesday the 9th.
    expect(await world.dailyTickAt('2026-12-09T04:00:00Z')).toContain('noticesUnacknowledged');
    expect(overdue()).toHaveLength(0);
    await world.dailyTickAt('2026-12-10T04:00:00Z');
    await hr().waitForMessage((m) => m.text?.startsWith('⏰') ?? false, { since: 0 });
    expect(overdue()).toEqual([
      '⏰ Нәтижемен танысу мерзімінде тіркелмеді (1):\n— Staff Three: тоқсандық бағалау нәтижесі',
    ]);
    await world.dailyTickAt('2026-12-11T04:00:00Z');
    expect(overdue()).toHaveLength(1);
    await hr().send('/hr');
    await hr().tap('⏳ Танысмағандар');
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
    await one.tap('⚖️ Келіспеймін');
    expect(one.lastMessage()?.text).toMatch(/^Нәтижемен неге келіспейтініңізді/);
    await one.sendDocument({ fileName: 'scan.pdf', bytes: 'not a statement' });
    expect(one.lastMessage()?.text).toBe('Келіспеу себебін мәтінмен жазыңыз.');
    await one.send('Бағалау кезінде атқарылған жұмыстың көлемі ескерілмеді.');
    expect(one.lastMessage()?.text).toContain('Калибрлеу сессиясына өтініш:\n\nБағалау кезінде');
    await one.tap('✅ Жіберу');
    // 3 working days for the decision (16 December is a holiday), 10 for the session.
    expect(one.lastMessage()?.text).toContain('Шешім қабылдау мерзімі: 17.12.2026 дейін.');
    expect(one.lastMessage()?.text).toContain('Калибрлеу сессиясын өткізу мерзімі: 28.12.2026 дейін.');
    const alert = await hr().waitForMessage((m) => m.text?.startsWith('⚖️') ?? false);
    expect(alert.text).toContain('Staff One — тоқсандық бағалау нәтижесі');
    expect(alert.text).toContain('Бағалау кезінде атқарылған жұмыстың көлемі ескерілмеді.');
    const appeal = await world.app.services.models.Appeal.findOne({});
    expect(appeal).toMatchObject({
      filedOn: '2026-12-11',
      decisionBy: '2026-12-17',
      sessionBy: '2026-12-28',
    });
  });

  it('one appeal per notice', async () => {
    const one = user('1002');
    const ack = one.messages().find((m) => m.text?.startsWith('Нәтижемен танысқаныңыз'))!;
    await one.tapIn(ack, '⚖️ Келіспеймін');
    expect(one.callbackAnswers().at(-1)?.text).toBe('Бұл нәтиже бойынша өтінішіңіз бұрын тіркелген.');
    expect(await world.app.services.models.Appeal.countDocuments()).toBe(1);
  });

  it('HR sees open appeals with their deadlines', async () => {
    await hr().send('/hr');
    await hr().tap('⚖️ Өтініштер');
    const text = hr().lastMessage()?.text ?? '';
    expect(text).toContain('Қаралмаған өтініштер (1):');
    expect(text).toContain('Staff One — тоқсандық бағалау нәтижесі, берілген күні 11.12.2026');
    expect(text).toContain('шешім: 17.12.2026 дейін; калибрлеу сессиясы: 28.12.2026 дейін');
  });

  it('after the window the button says it has closed, with the date', async () => {
    // Tuesday 15 December: Staff Four acknowledged on the 7th, so the last day was the 14th.
    world.setNow(new Date('2026-12-15T04:00:00Z'));
    const four = user('1005');
    await four.tap('⚖️ Келіспеймін');
    expect(four.lastMessage()?.text).toBe(
      'Келіспеу мерзімі өтіп кетті: өтініш 14.12.2026 қоса алғанда қабылданды.',
    );
    expect(await world.app.services.models.Appeal.countDocuments()).toBe(1);
  });
});

describe('Kentau: refusal to acknowledge and the refusal act', () => {
  it('the employee refuses; HR is told and registers the act with two witnesses', async () => {
    await sendQuarterNotice('1001', 'kentau-city-maslikhat-2018');
    const head = user('1001');
    const notice = await head.waitForMessage((m) => m.text?.startsWith('тоқсандық') ?? false);
    expect(JSON.stringify(notice.reply_markup)).toContain('✋ Танысудан бас тартамын');
    await head.tap('✋ Танысудан бас тартамын');
    expect(head.lastMessage()?.text).toBe(
      'Танысудан бас тартуыңыз тіркелді. Кадр қызметі бас тарту актісін жасайды.',
    );
    const alert = await hr().waitForMessage((m) => m.text?.startsWith('✋') ?? false);
    const noticeId = /\/refusal ([0-9a-f]{24})/.exec(alert.text ?? '')![1]!;
    await hr().send(`/refusal ${noticeId} Witness One`);
    expect(hr().lastMessage()?.text).toBe(
      'Бас тарту актісіне 2 куәгердің аты-жөні қажет (үтірлі нүктемен бөліңіз).',
    );
    await hr().send(`/refusal ${noticeId} Witness One; Witness Two`);
    expect(hr().lastMessage()?.text).toBe('Бас тарту актісі тіркелді.');
    const stored = await world.app.services.models.Notice.findById(noticeId);
    expect(stored?.refusedAt).toBeInstanceOf(Date);
    expect(stored?.refusalAct?.witnesses).toEqual(['Witness One', 'Witness Two']);
    await hr().send('/hr');
    await hr().tap('📒 Жеткізу тізілімі');
    expect(hr().lastMessage()?.text).toContain('бас тарту актісі, куәгерлер: Witness One; Witness Two');
  });
});
