import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodWords } from '../../src/i18n/format.ts';
import { getMethodology } from '../../src/methodology/index.ts';
import { keyPattern, kk, ru, timeOn } from '../support/i18n.ts';
import { approveKpiPlan } from '../support/kpi-plan.ts';
import { last, rankUser, seedRankingRoster, sheetOf } from '../support/ranking-world.ts';
import { World } from '../support/world.ts';

const HR_ID = 8200;
let world: World;
const hr = () => world.api.user({ id: HR_ID, firstName: 'HR', languageCode: 'ru' });
const botTexts = (number: string) =>
  rankUser(world, number)
    .messages()
    .map((m) => m.text ?? '');
const Q3 = periodWords(ru, '2026-Q3');
const ANY = '[^]*';
// Reminders to evaluators, whatever their numbers: the sheets reminder and the correction due-day one.
const REMINDERS = [
  keyPattern(ru, 'ranking:remind.sheets', {}, { forPeriod: ANY, count: ANY, deadline: ANY }),
  keyPattern(ru, 'ranking:remind.correctionDue', {}, { dueBy: ANY, name: ANY, period: ANY }),
];
const reminders = (number: string) => botTexts(number).filter((t) => REMINDERS.some((r) => r.test(t)));
const sheetsReminder = (count: number) =>
  ru('ranking:remind.sheets', { ...Q3, count, deadline: '10.10.2026' });

/** Almaty city akimat, 2026-Q3: Aliya Head (3001) evaluates 2 staff, Top Boss (3000) Aliya's KPI sheet. */
beforeAll(async () => {
  world = await new World({ adminIds: [HR_ID] }).start();
  // Monday 5 October 2026, 09:00 Almaty; the sheets are due Saturday 10 October (not moved).
  world.setNow(new Date('2026-10-05T04:00:00Z'));
  await seedRankingRoster(world);
  await hr().send('/start');
  await hr().send('/scope alm');
  await hr().send('/ranking 2026 3 alm');
  await hr().tap(ru('ranking:hr.createButton'));
  await world.outboxSettled();
}, 60_000);
afterAll(async () => {
  await world.stop();
});

describe('reminders to evaluators at 09:00 Almaty (deadline Saturday 10 October 2026)', () => {
  it('Monday the 5th is 4 working days before: the job runs, nobody is reminded', async () => {
    // (The app's start-up catch-up may already have run the day's jobs.)
    await world.dailyTickAt('2026-10-05T05:00:00Z');
    expect(reminders('3001')).toHaveLength(0);
  });

  it('nothing before 09:00 on Tuesday the 6th (3 working days before)', async () => {
    expect(await world.dailyTickAt('2026-10-06T03:59:00Z')).toEqual([]);
    expect(reminders('3001')).toHaveLength(0);
  });

  it('at 09:00 each evaluator is told only how many of their own sheets are open and the deadline', async () => {
    expect(await world.dailyTickAt('2026-10-06T04:00:00Z')).toContain('rankingReminders');
    expect(reminders('3001')).toEqual([sheetsReminder(2)]);
    expect(reminders('3000')).toEqual([sheetsReminder(1)]);
    // The evaluated staff and those not evaluated get nothing.
    for (const number of ['3002', '3003', '3004']) expect(reminders(number)).toHaveLength(0);
  });

  it('once a day however often it is ticked; quiet on Wednesday (2 working days before)', async () => {
    expect(await world.dailyTickAt('2026-10-06T11:00:00Z')).toEqual([]);
    await world.dailyTickAt('2026-10-07T04:00:00Z');
    expect(reminders('3001')).toHaveLength(1);
  });

  it('Thursday the 8th (1 working day before) counts only the sheets still open', async () => {
    // Aliya Head has submitted Bolat's sheet in the meantime.
    const bolat = await sheetOf(world, '3002');
    await world.app.services.models.RankingSheet.updateOne(
      { _id: bolat!._id },
      {
        $set: {
          status: 'submitted',
          step: 8,
          scores: { quality: 4.5, deadlines: 3, independence: 4, discipline: 4 },
          justifications: { quality: 'a', deadlines: 'b', independence: 'c', discipline: 'd' },
          result: { average: 3.88, band: 'proper' },
          submittedAt: world.now(),
        },
      },
    );
    await world.dailyTickAt('2026-10-08T04:00:00Z');
    expect(reminders('3001').at(-1)).toBe(sheetsReminder(1));
    expect(reminders('3001')).toHaveLength(2);
  });

  it('nothing on Friday (0 working days left) nor on Saturday, the deadline', async () => {
    await world.dailyTickAt('2026-10-09T04:00:00Z');
    await world.dailyTickAt('2026-10-10T04:00:00Z');
    expect(reminders('3001')).toHaveLength(2);
    expect(reminders('3000')).toHaveLength(2);
  });
});

describe('HR finalises the quarter: registered result notices', () => {
  it('asks first, then closes the campaign and sends each evaluated employee their result', async () => {
    world.setNow(new Date('2026-10-12T05:00:00Z'));
    await hr().send('/ranking 2026 3 alm');
    const status = hr().lastMessage()!;
    await hr().tap(ru('ranking:hr.finaliseButton'));
    expect(last(hr())).toBe(ru('ranking:hr.finaliseConfirm', { ...Q3, done: 1, open: 2 }));
    await hr().tap(ru('ranking:hr.finaliseYes'));
    // The finalise task runs; HR's message shows its final word (results and not-evaluated notices).
    const done = ru('tasks:done.ranking.finalise', { ...Q3, notices: 1, notEvaluated: 4 });
    const report = await hr().waitForMessage((m) => m.text === done, { since: 0 });
    expect(report.text).toBe(done);
    const { models } = world.app.services;
    expect((await models.RankingCampaign.findOne({ period: '2026-Q3' }))?.state).toBe('closed');
    expect(await models.AuditLog.exists({ action: 'ranking.finalise' })).not.toBeNull();
    expect(await models.Task.findOne({ kind: 'ranking.finalise' }).lean()).toMatchObject({ state: 'done' });
    // A second go starts nothing again and queues no second notice.
    await hr().tapIn(status, ru('ranking:hr.finaliseButton'));
    await hr().tap(ru('ranking:hr.finaliseYes'));
    expect(last(hr())).toBe(done);
    expect(await models.Task.countDocuments({ kind: 'ranking.finalise' })).toBe(1);
    expect(await models.Notice.countDocuments({ kind: 'quarter' })).toBe(1);
  });

  it('the employee gets the table, the average and the band, with "I have read it"; the tap states the last day to disagree', async () => {
    const bolat = rankUser(world, '3002');
    const title = ru('ranking:result.title', { ...Q3, name: 'Bolat Active' });
    const notice = await bolat.waitForMessage((m) => m.text?.startsWith(title) ?? false, { since: 0 });
    const form = getMethodology('almaty-city-akimat-2023')!.methods.ranking!.forms[0]!;
    const band = getMethodology('almaty-city-akimat-2023')!.bands.find((b) => b.id === 'proper')!.label.ru;
    expect(notice.text).toBe(
      [
        title,
        '',
        ru('ranking:result.sheet', { title: form.title.ru }),
        ...form.parameters.map((p, i) =>
          ru('ranking:summary.line', { index: i + 1, title: p.title.ru, value: ['4,5', '3', '4', '4'][i] }),
        ),
        ru('ranking:summary.result', { average: '3,88', band }),
        '',
        ru('ranking:result.ackHint'),
      ].join('\n'),
    );
    expect(JSON.stringify(notice.reply_markup)).toContain(ru('notices:ackButton'));
    // Nobody without a final sheet gets a result; each is told why they were not evaluated.
    await world.outboxSettled();
    for (const number of ['3001', '3003', '3004'])
      expect(botTexts(number).some((t) => t.startsWith('📊'))).toBe(false);
    const notEvaluated = (reason: string) => ru('ranking:result.notEvaluated', { ...Q3, reason });
    expect(botTexts('3001')).toContain(notEvaluated(ru('ranking:reasons.notFilled')));
    expect(
      botTexts('3004').filter((t) =>
        keyPattern(ru, 'ranking:result.notEvaluated', Q3, { reason: '.*' }).test(t),
      ),
    ).toHaveLength(1);
    await bolat.tapIn(notice, ru('notices:ackButton'));
    // Acknowledged on Monday 12 October: 5 working days → Monday 19 October.
    expect(last(bolat)).toMatch(
      keyPattern(ru, 'notices:ack.done', { until: '19.10.2026' }, { time: timeOn('12.10.2026') }),
    );
    const notice2 = await world.app.services.models.Notice.findOne({ kind: 'quarter' });
    expect(notice2?.acknowledgedAt).toBeInstanceOf(Date);
    expect(notice2?.appealUntil).toBe('2026-10-19');
  });

  it('a closed campaign is no longer reminded', async () => {
    await world.dailyTickAt('2026-10-12T06:00:00Z');
    expect(reminders('3001')).toHaveLength(2);
  });
});

describe('Chapter 6: a sheet returned for correction and not resubmitted', () => {
  const evaluator = () => rankUser(world, '5001');
  const hrAlerts = () =>
    hr()
      .messages()
      .map((m) => m.text ?? '')
      .filter((t) => LATE.test(t));
  const LATE = keyPattern(
    kk,
    'ranking:remind.correctionLate',
    {},
    { name: ANY, period: ANY, evaluator: ANY, dueBy: ANY },
  );

  beforeAll(async () => {
    // Tuesday 5 January 2027: the superior sends the sheet back; due 2 working days later, Friday the
    // 8th (7 January is a holiday).
    world.setNow(new Date('2027-01-05T04:00:00Z'));
    await hr().send('/scope reg');
    await hr().send('/kpiplan 5002 2026\nКЦИ 1\nКЦИ 2\nКЦИ 3\nКЦИ 4\nКЦИ 5');
    // Only an approved plan puts the employee in the Chapter 6 group: the higher superior approves it.
    await approveKpiPlan(world, rankUser(world, '5000'));
    await hr().send('/ranking 2026 reg');
    await hr().tap(ru('ranking:hr.createButton'));
    const sheet = await sheetOf(world, '5002', 'kpi');
    const superior = await world.app.services.models.Employee.findOne({ personnelNumber: '5000' });
    await world.app.services.models.RankingSheet.updateOne(
      { _id: sheet!._id },
      {
        $set: {
          status: 'returned',
          review: { reviewerId: superior!._id, comment: 'Проверьте КЦИ 5', dueBy: '2027-01-08', rounds: 1 },
        },
      },
    );
    await world.outboxSettled();
  });

  it('before the due day: nothing', async () => {
    await world.dailyTickAt('2027-01-06T04:00:00Z');
    expect(reminders('5001')).toHaveLength(0);
    expect(hrAlerts()).toHaveLength(0);
  });

  it('on the due day the evaluator is reminded, with a button to the sheet', async () => {
    expect(await world.dailyTickAt('2027-01-08T04:00:00Z')).toContain('rankingCorrections');
    expect(reminders('5001')).toEqual([
      ru('ranking:remind.correctionDue', {
        dueBy: '08.01.2027',
        name: 'Region Staff',
        ...periodWords(ru, '2026'),
      }),
    ]);
    expect(JSON.stringify(evaluator().lastMessage()?.reply_markup)).toContain(
      ru('ranking:buttons.openSheet'),
    );
    expect(hrAlerts()).toHaveLength(0);
  });

  it('once the due day has passed, HR is alerted once', async () => {
    expect(await world.dailyTickAt('2027-01-09T04:00:00Z')).toContain('rankingCorrections');
    // HR's account has not chosen a language, so alerts come in the default one (kk).
    expect(hrAlerts()).toEqual([
      kk('ranking:remind.correctionLate', {
        name: 'Region Staff',
        ...periodWords(kk, '2026'),
        evaluator: 'Region Head',
        dueBy: '08.01.2027',
      }),
    ]);
    await world.dailyTickAt('2027-01-11T04:00:00Z');
    await world.dailyTickAt('2027-01-12T04:00:00Z');
    expect(hrAlerts()).toHaveLength(1);
    expect(reminders('5001')).toHaveLength(1);
  });
});
