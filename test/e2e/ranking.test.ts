import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodWords } from '../../src/i18n/format.ts';
import { getMethodology } from '../../src/methodology/index.ts';
import { keyPattern, ru } from '../support/i18n.ts';
import {
  addHrStaff,
  isLaunchNotice,
  last,
  openSheet,
  rankUser,
  seedRankingRoster,
  sheetOf,
} from '../support/ranking-world.ts';
import { World } from '../support/world.ts';

const HR_ID = 8100;
const NOT_ALLOWED = ru('errors.notAllowed');
let world: World;
const hr = () => world.api.user({ id: HR_ID, firstName: 'HR', languageCode: 'ru' });

// Everything below is asserted through the bot's own keys and the methodologies' own texts.
const Q3 = periodWords(ru, '2026-Q3');
const YEAR = periodWords(ru, '2026');
const almaty = getMethodology('almaty-city-akimat-2023')!;
const justice = getMethodology('justice-2026')!;
const region = getMethodology('almaty-region-maslikhat-2023')!;
const bandOf = (m: typeof almaty, id: string) => m.bands.find((b) => b.id === id)!.label.ru;
const staffForm = almaty.methods.ranking!.forms[0]!;
const title = (form: typeof staffForm, index: number) => form.parameters[index]!.title.ru;
const [leadership, nonLeadership] = justice.methods.ranking!.forms as [typeof staffForm, typeof staffForm];
const capLabel = (sanction: string) =>
  nonLeadership.parameters[4]!.sanctionCaps!.find((c) => c.sanction === sanction)!.label.ru;
const RANKING = ru('ranking:kinds.ranking');
const KPI = ru('ranking:kinds.kpi');
const status = (key: string) => ru(`ranking:statuses.${key}`);
const reason = (key: string) => ru(`ranking:reasons.${key}`);
const withoutParticipation = (why: string) =>
  `${status('pending')} (${ru('ranking:list.withoutParticipation')}: ${reason(why)})`;
const notEvaluated = (why: string) => `${status('notEvaluated')}: ${reason(why)}`;
const hrLine = (name: string, kind: string, evaluator: string, state: string, deadline: string) =>
  ru('ranking:hr.line', { name, kind, evaluator, status: state, deadline });
const DATE = '\\d\\d\\.\\d\\d\\.\\d{4}';
/** The approval request's first line as HR drafts it (an administrator without a roster entry). */
const approvalOf = (name: string, period: typeof Q3, position = 'Head') => ({
  name,
  position,
  ...period,
  version: 1,
  drafter: ru('kpi:approval.hrService'),
});
const average = (value: string, m: typeof almaty, band: string) =>
  ru('ranking:summary.result', { average: value, band: bandOf(m, band) });

/** One world for the whole story; the tests run in order like the quarter does. */
beforeAll(async () => {
  world = await new World({ adminIds: [HR_ID] }).start();
  world.setNow(new Date('2026-10-05T04:00:00Z'));
  await seedRankingRoster(world);
}, 60_000);
afterAll(async () => {
  await world.stop();
});

describe('quarterly campaign (Almaty city akimat)', () => {
  it('HR opens 2026-Q3: who evaluates whom, who is evaluated without participation, who is not and why', async () => {
    // The administrator acts for one body at a time: another body's code is refused until chosen.
    await hr().send('/ranking 2026 3 alm');
    expect(last(hr())).toBe(ru('access:scope.chooseFirst'));
    await hr().send('/scope alm');
    await hr().send('/ranking 2026 3 jus');
    expect(last(hr())).toBe(NOT_ALLOWED);
    await hr().send('/ranking 2026 3 alm');
    expect(last(hr())).toBe(ru('ranking:hr.noCampaign', Q3));
    await hr().tap(ru('ranking:hr.createButton'));
    const status = last(hr());
    expect(status).toContain(ru('ranking:hr.status', { ...Q3, total: 5, done: 0 }));
    expect(status).toContain(
      hrLine('Bolat Active', RANKING, 'Aliya Head', ru('ranking:statuses.pending'), '10.10.2026'),
    );
    expect(status).toContain(
      hrLine('Dana Leave', RANKING, 'Aliya Head', withoutParticipation('leave'), '10.10.2026'),
    );
    expect(status).toMatch(
      keyPattern(
        ru,
        'ranking:hr.line',
        {
          name: 'Erlan New',
          kind: RANKING,
          evaluator: 'Aliya Head',
          status: notEvaluated('lessThanMonthInPosition'),
        },
        { deadline: DATE },
      ),
    );
    expect(status).toContain(
      hrLine('Aliya Head', KPI, 'Top Boss', ru('ranking:statuses.pending'), '10.10.2026'),
    );
    expect(status).toMatch(
      keyPattern(
        ru,
        'ranking:hr.line',
        { name: 'Top Boss', kind: KPI, evaluator: '—', status: notEvaluated('noEvaluator') },
        { deadline: DATE },
      ),
    );
    // The stored form of the period is still accepted from HR.
    await hr().send('/ranking 2026-Q3 alm');
    expect(last(hr())).toContain(ru('ranking:hr.status', { ...Q3, total: 5, done: 0 }));
  });

  it('the evaluator is notified through the outbox and sees the list with statuses', async () => {
    const head = rankUser(world, '3001');
    const notice = await head.waitForMessage(isLaunchNotice);
    expect(notice.text).toBe(ru('ranking:notice.launch', { ...Q3, count: 2, deadline: '10.10.2026' }));
    await head.send('/evaluate');
    const list = last(head);
    const line = (icon: string, name: string, state: string) =>
      ru('ranking:list.line', { icon, name, kind: RANKING, ...Q3, status: state, deadline: '10.10.2026' });
    expect(list).toContain(line('⬜', 'Bolat Active', status('pending')));
    expect(list).toContain(
      line('⬜', 'Dana Leave', `${status('pending')} · ${ru('ranking:list.withoutParticipation')}`),
    );
    expect(list).toContain(
      ru('ranking:list.notEvaluated', {
        name: 'Erlan New',
        ...Q3,
        reason: reason('lessThanMonthInPosition'),
      }),
    );
  });

  it('a non-HR user cannot open campaigns', async () => {
    await rankUser(world, '3002').send('/ranking 2026 3 alm');
    expect(last(rankUser(world, '3002'))).toBe(NOT_ALLOWED);
  });
});

describe('ranking sheet question by question', () => {
  const head = () => rankUser(world, '3001');
  const parameter = (index: number) =>
    ru('ranking:sheet.parameter', { index: index + 1, total: 4, title: title(staffForm, index) });
  const justify = (index: number, value: string) =>
    ru('ranking:sheet.justifyRequired', {
      label: staffForm.justificationLabel!.ru,
      title: title(staffForm, index),
      value,
    });
  let firstQuestion: number;

  it('asks each parameter with its criteria; refuses "abc", "7", "-1", "4,555" and asks again', async () => {
    await openSheet(head(), 'Bolat Active');
    expect(last(head())).toContain(ru('ranking:sheet.progress', { k: 1, n: 8 }));
    expect(last(head())).toContain(parameter(0));
    expect(last(head())).toContain(staffForm.parameters[0]!.criteria.ru);
    const range = { min: '0', max: '5' };
    for (const [input, error] of [
      ['abc', ru('ranking:errors.notANumber', range)],
      ['7', ru('ranking:errors.outOfRange', range)],
      ['-1', ru('ranking:errors.outOfRange', range)],
      ['4,555', ru('ranking:errors.tooManyDecimals')],
    ] as const) {
      const { replies } = await head().send(input);
      expect(replies.map((r) => r.text)[0]).toBe(error);
      expect(last(head())).toContain(parameter(0));
    }
    firstQuestion = head().lastMessage()!.message_id;
    expect((await sheetOf(world, '3002'))?.step).toBe(0);
  });

  it('takes an exact 4,5 typed, then a required justification (no skip button)', async () => {
    await head().send('4,5');
    expect(last(head())).toContain(justify(0, '4,5'));
    expect(JSON.stringify(head().lastMessage()?.reply_markup)).not.toContain(ru('ranking:buttons.skip'));
    await head().send('Замечаний нет');
    expect(last(head())).toContain(parameter(1));
    await head().tap('5');
    expect(last(head())).toContain(justify(1, '5'));
  });

  it('a tap on an old question answers "already answered" and changes nothing', async () => {
    await head().tapIn(firstQuestion, '3');
    expect(head().callbackAnswers().at(-1)?.text).toBe(ru('ranking:stale.answered'));
    const sheet = await sheetOf(world, '3002');
    expect(sheet?.scores).toMatchObject({ quality: 4.5, deadlines: 5 });
    expect(sheet?.step).toBe(3);
  });

  it('resumes after a restart from the answers in MongoDB', async () => {
    await world.restart();
    await head().send('Сроки соблюдены');
    expect(last(head())).toContain(parameter(2));
    await head().send('4');
    await head().send('Инициативен');
    await head().tap('4');
    await head().send('Дисциплина соблюдается');
    const summary = last(head());
    expect(summary).toContain(ru('ranking:summary.title'));
    expect(summary).toContain(
      ru('ranking:summary.line', { index: 1, title: title(staffForm, 0), value: '4,5' }),
    );
    expect(summary).toContain(ru('ranking:summary.note', { text: 'Замечаний нет' }));
    expect(summary).toContain(average('4,38', almaty, 'effective'));
  });

  it('"back" from the summary and "change" of one parameter return to the summary', async () => {
    await head().tap(ru('ranking:buttons.back'));
    expect(last(head())).toContain(justify(3, '4'));
    await head().send('Дисциплина соблюдается всегда');
    await head().tap(ru('ranking:buttons.change'));
    // The titles are listed in the message; the buttons carry their numbers.
    expect(last(head())).toContain(ru('ranking:change.line', { index: 2, title: title(staffForm, 1) }));
    await head().tap('2');
    await head().tap('3');
    await head().send('Были просрочки');
    const summary = last(head());
    expect(summary).toContain(
      ru('ranking:summary.line', { index: 2, title: title(staffForm, 1), value: '3' }),
    );
    expect(summary).toContain(average('3,88', almaty, 'proper'));
  });

  it('submits after confirmation; the sheet is then closed to changes', async () => {
    await head().tap(ru('ranking:buttons.submit'));
    expect(last(head())).toBe(ru('ranking:confirm.text'));
    const confirm = head().lastMessage()!;
    await head().tap(ru('ranking:buttons.confirm'));
    expect(last(head())).toBe(ru('ranking:submitted.done', { name: 'Bolat Active' }));
    const sheet = await sheetOf(world, '3002');
    expect(sheet?.status).toBe('submitted');
    expect(sheet?.result).toMatchObject({ average: 3.88, band: 'proper' });
    expect(confirm.message_id).toBeGreaterThan(0);
  });

  it('evaluates the employee on leave without participation', async () => {
    await openSheet(head(), 'Dana Leave');
    expect(last(head())).toContain(ru('ranking:sheet.withoutParticipation', { reason: reason('leave') }));
    for (const points of ['4', '4', '4', '4']) {
      await head().tap(points);
      await head().send('Оценено по итогам квартала');
    }
    await head().tap(ru('ranking:buttons.submit'));
    await head().tap(ru('ranking:buttons.confirm'));
    expect((await sheetOf(world, '3003'))?.result).toMatchObject({ average: 4, band: 'effective' });
  });
});

describe('Justice: leadership and non-leadership sheets, disciplinary sanction caps', () => {
  const head = () => rankUser(world, '4000');
  const skip = () => head().tap(ru('ranking:buttons.skip'));

  beforeAll(async () => {
    await hr().send('/scope jus');
    await hr().send('/ranking 2026 3 jus');
    await hr().tap(ru('ranking:hr.createButton'));
    const launch = ru('ranking:notice.launch', { ...Q3, count: 2, deadline: '20.10.2026' });
    await head().waitForMessage((m) => m.text === launch);
  });

  it('routes both subordinates to the department head, due by the 20th', async () => {
    const status = last(hr());
    expect(status).toContain(
      hrLine('Sector Lead', RANKING, 'Justice Head', ru('ranking:statuses.pending'), '20.10.2026'),
    );
    expect(status).toContain(
      hrLine('Justice Specialist', RANKING, 'Justice Head', ru('ranking:statuses.pending'), '20.10.2026'),
    );
  });

  it('leadership sheet: optional comment can be skipped; no sanction → full scale', async () => {
    await openSheet(head(), 'Sector Lead');
    expect(last(head())).toContain(leadership.title.ru);
    expect(last(head())).toContain(
      ru('ranking:sheet.parameter', { index: 1, total: 5, title: title(leadership, 0) }),
    );
    for (let i = 0; i < 4; i++) {
      await head().tap('5');
      expect(last(head())).toContain(
        ru('ranking:sheet.justifyOptional', {
          label: leadership.justificationLabel!.ru,
          title: title(leadership, i),
          value: '5',
        }),
      );
      await skip();
    }
    expect(last(head())).toContain(ru('ranking:sheet.sanctionQuestion'));
    await head().tap(ru('ranking:sanctions.none'));
    expect(head().lastMessage()?.reply_markup).toMatchObject({
      inline_keyboard: expect.arrayContaining([
        expect.arrayContaining([expect.objectContaining({ text: '5' })]),
      ]),
    });
    await head().tap('5');
    await skip();
    expect(last(head())).toContain(average('5,00', justice, 'effective'));
    await head().tap(ru('ranking:buttons.submit'));
    await head().tap(ru('ranking:buttons.confirm'));
    expect((await sheetOf(world, '4001'))?.status).toBe('submitted');
  });

  it('with a reprimand the sanction parameter is capped at 2,99, and a higher score is explained', async () => {
    await openSheet(head(), 'Justice Specialist');
    expect(last(head())).toContain(nonLeadership.title.ru);
    expect(last(head())).toContain(
      ru('ranking:sheet.parameter', { index: 1, total: 5, title: title(nonLeadership, 0) }),
    );
    for (let i = 0; i < 4; i++) {
      await head().send('4');
      await skip();
    }
    await head().tap(ru('ranking:sanctions.reprimand'));
    const question = last(head());
    const cap = ru('ranking:sheet.capHint', { sanction: capLabel('reprimand'), max: '2,99' });
    expect(question).toContain(
      ru('ranking:sheet.parameter', { index: 5, total: 5, title: title(nonLeadership, 4) }),
    );
    expect(question).toContain(cap);
    const buttons = JSON.stringify(head().lastMessage()?.reply_markup);
    expect(buttons).toContain('"text":"2"');
    expect(buttons).not.toContain('"text":"3"');
    const { replies } = await head().send('3');
    expect(replies[0]?.text).toBe(
      ru('ranking:errors.aboveSanctionCap', { sanction: capLabel('reprimand'), max: '2,99' }),
    );
    expect(last(head())).toContain(
      ru('ranking:sheet.parameter', { index: 5, total: 5, title: title(nonLeadership, 4) }),
    );
    await head().send('2,99');
    await skip();
    const summary = last(head());
    expect(summary).toContain(
      ru('ranking:summary.sanction', { sanction: ru('ranking:sanctions.reprimand') }),
    );
    expect(summary).toContain(average('3,80', justice, 'proper'));
  });

  it('a stricter sanction chosen on "change" drops the score above the new cap and asks it again', async () => {
    await head().tap(ru('ranking:buttons.change'));
    await head().tap(ru('ranking:change.sanction'));
    await head().tap(ru('ranking:sanctions.other'));
    expect(last(head())).toContain(ru('ranking:sheet.capHint', { sanction: capLabel('other'), max: '1,99' }));
    await head().send('1,5');
    await skip();
    expect(last(head())).toContain(average('3,50', justice, 'proper'));
    await head().tap(ru('ranking:buttons.submit'));
    await head().tap(ru('ranking:buttons.confirm'));
    expect((await sheetOf(world, '4002'))?.result).toMatchObject({ average: 3.5 });
  });
});

describe('KPI sheet of a head (Almaty city, Appendix 3 ranges)', () => {
  const boss = () => rankUser(world, '3000');
  const kpiLine = (index: number, kpiTitle: string, planned: string, unit: string, lower = false) =>
    ru(lower ? 'ranking:kpi.lineLower' : 'ranking:kpi.line', {
      index,
      total: 4,
      title: kpiTitle,
      planned,
      unit,
    });

  it('HR records the work plan: 4 KPIs, one "lower is better", one zero plan; a bad plan is refused', async () => {
    await hr().send('/scope alm');
    await hr().send('/kpiplan 3001 2026 3\nОдин; шт; 1\nДва; шт; 2');
    expect(last(hr())).toBe(ru('ranking:kpiPlan.count', { min: 3, max: 5, have: 2 }));
    await hr().send(
      '/kpiplan 3001 2026 3\nОбращения рассмотрены в срок; %; 100\nЖалобы; шт; 4; ↓\nНовые услуги; шт; 0\nОбучение; час; 40',
    );
    // The plan is in force only once the higher superior approves it (here the top of the roster).
    expect(last(hr())).toBe(
      ru('kpi:plan.submitted', { name: 'Aliya Head', ...Q3, version: 1, approver: 'Top Boss', count: 4 }),
    );
    await boss().waitForMessage(
      (m) => m.text?.startsWith(ru('kpi:approval.request', approvalOf('Aliya Head', Q3))) ?? false,
    );
    await boss().tap(ru('kpi:approval.approveButton'));
    expect(last(boss())).toBe(ru('kpi:approval.approved', { name: 'Aliya Head', ...Q3, version: 1 }));
    const approved = ru('kpi:approval.approvedNotice', {
      approver: 'Top Boss',
      name: 'Aliya Head',
      ...Q3,
      version: 1,
      count: 4,
    });
    await hr().waitForMessage((m) => m.text?.startsWith(approved) ?? false);
  });

  it('the evaluator enters actual values, sees the percent and the allowed range, scores within it', async () => {
    await openSheet(boss(), 'Aliya Head');
    expect(last(boss())).toContain(kpiLine(1, 'Обращения рассмотрены в срок', '100', '%'));
    await boss().send('abc');
    expect(boss().messages().at(-2)?.text).toBe(ru('ranking:errors.notAValue'));
    await boss().send('-5');
    expect(boss().messages().at(-2)?.text).toBe(ru('ranking:errors.negativeValue'));
    await boss().send('97,5');
    expect(last(boss())).toContain(
      ru('ranking:kpi.achieved', { actual: '97,5', percent: '97,50', min: '4,75', max: '4,99' }),
    );
    await boss().send('5');
    expect(boss().messages().at(-2)?.text).toBe(
      ru('ranking:errors.outsideKpiRange', { percent: '97,50', min: '4,75', max: '4,99' }),
    );
    await boss().tap('4,87');
    expect(last(boss())).toContain(kpiLine(2, 'Жалобы', '4', 'шт', true));
    await boss().send('5');
    expect(last(boss())).toContain(
      ru('ranking:kpi.achieved', { actual: '5', percent: '80,00', min: '4,00', max: '4,24' }),
    );
    await boss().send('4,1');
    await boss().send('3');
    expect(last(boss())).toContain(
      ru('ranking:kpi.achieved', { actual: '3', percent: '100,00', min: '5,00', max: '5,00' }),
    );
    await boss().tap('5,00');
    await boss().send('40');
    await boss().tap('5,00');
    const summary = last(boss());
    expect(summary).toContain(
      ru('ranking:summary.kpiLine', { index: 2, title: 'Жалобы', percent: '80,00', value: '4,10' }),
    );
    expect(summary).toContain(average('4,74', almaty, 'effective'));
    await boss().tap(ru('ranking:buttons.submit'));
    await boss().tap(ru('ranking:buttons.confirm'));
    expect((await sheetOf(world, '3001', 'kpi'))?.result).toMatchObject({ average: 4.74, band: 'effective' });
  });
});

describe('Chapter 6 (Almaty region maslikhat): 5 KPIs fulfilled or not, superior review', () => {
  const evaluator = () => rankUser(world, '5001');
  const superior = () => rankUser(world, '5000');
  const comment = 'КЦИ 5 выполнен, проверьте отчёт';
  const fulfilled = (n: number) =>
    ru('ranking:summary.fulfilledResult', {
      fulfilled: n,
      total: 5,
      band: bandOf(region, n === 5 ? 'effective' : 'proper'),
    });
  const request = ru('ranking:review.request', { evaluator: 'Region Head', name: 'Region Staff', ...YEAR });

  beforeAll(() => {
    world.setNow(new Date('2027-01-05T04:00:00Z'));
  });

  it('HR records the 5-KPI plan of an employee in the Chapter 6 group and opens the year', async () => {
    // Personnel numbers are looked up in the chosen body only.
    await hr().send('/kpiplan 5002 2026\nКЦИ 1\nКЦИ 2\nКЦИ 3\nКЦИ 4\nКЦИ 5');
    expect(last(hr())).toBe(ru('ranking:hr.unknownEmployee', { number: '5002' }));
    await hr().send('/scope reg');
    await hr().send('/kpiplan 5002 2026\nКЦИ 1\nКЦИ 2\nКЦИ 3\nКЦИ 4\nКЦИ 5');
    expect(last(hr())).toBe(
      ru('kpi:plan.submitted', {
        name: 'Region Staff',
        ...YEAR,
        version: 1,
        approver: 'Region Boss',
        count: 5,
      }),
    );
    // Only an approved plan puts the employee in the Chapter 6 group of the year.
    await superior().waitForMessage(
      (m) =>
        m.text?.startsWith(
          ru('kpi:approval.request', approvalOf('Region Staff', YEAR, 'Chief specialist')),
        ) ?? false,
    );
    await superior().tap(ru('kpi:approval.approveButton'));
    // HR, who drafted it, is told (in HR's language) before opening the year.
    const approved = ru('kpi:approval.approvedNotice', {
      approver: 'Region Boss',
      name: 'Region Staff',
      ...YEAR,
      version: 1,
      count: 5,
    });
    await hr().waitForMessage((m) => m.text?.startsWith(approved) ?? false);
    await hr().send('/ranking 2026 reg');
    expect(last(hr())).toBe(ru('ranking:hr.noCampaign', YEAR));
    await hr().tap(ru('ranking:hr.createButton'));
    expect(last(hr())).toContain(
      hrLine('Region Staff', KPI, 'Region Head', ru('ranking:statuses.pending'), '10.01.2027'),
    );
  });

  it('the evaluator marks 4 of 5 fulfilled and sends it to the superior', async () => {
    await openSheet(evaluator(), 'Region Staff');
    const yes = ru('ranking:buttons.fulfilled');
    for (const answer of [yes, yes, yes, yes, ru('ranking:buttons.notFulfilled')])
      await evaluator().tap(answer);
    expect(last(evaluator())).toContain(fulfilled(4));
    await evaluator().tap(ru('ranking:buttons.submit'));
    expect(last(evaluator())).toBe(ru('ranking:confirm.textReview'));
    await evaluator().tap(ru('ranking:buttons.confirm'));
    expect(last(evaluator())).toBe(ru('ranking:submitted.toReview', { name: 'Region Staff' }));
  });

  it('the superior sends it back with a comment; the evaluator has 2 working days', async () => {
    const first = await superior().waitForMessage((m) => m.text?.startsWith(request) ?? false);
    expect(first.text).toContain(fulfilled(4));
    await superior().tap(ru('ranking:buttons.sendBack'));
    expect(last(superior())).toBe(ru('ranking:review.askComment'));
    await superior().send(comment);
    expect(last(superior())).toBe(ru('ranking:review.sentBack'));
    // 5 January 2027 (Tuesday) + 2 working days; 7 January is Orthodox Christmas, a holiday.
    const returned = keyPattern(
      ru,
      'ranking:review.returnedNotice',
      { name: 'Region Staff', ...YEAR, comment, days: 2 },
      { dueBy: '\\d\\d\\.01\\.2027' },
    );
    const notice = await evaluator().waitForMessage((m) => returned.test(m.text ?? ''));
    expect(notice.text).toMatch(returned);
    expect((await sheetOf(world, '5002', 'kpi'))?.status).toBe('returned');
  });

  it('the evaluator corrects and resubmits; the superior agrees', async () => {
    await evaluator().tap(ru('ranking:buttons.openSheet'));
    expect(last(evaluator())).toMatch(
      keyPattern(ru, 'ranking:sheet.returnedNote', { comment }, { dueBy: DATE }),
    );
    await evaluator().tap(ru('ranking:buttons.change'));
    await evaluator().tap('5');
    await evaluator().tap(ru('ranking:buttons.fulfilled'));
    expect(last(evaluator())).toContain(fulfilled(5));
    await evaluator().tap(ru('ranking:buttons.submit'));
    await evaluator().tap(ru('ranking:buttons.confirm'));
    const second = await superior().waitForMessage(
      (m) => (m.text?.startsWith(request) ?? false) && (m.text?.includes(fulfilled(5)) ?? false),
    );
    await superior().tapIn(second, ru('ranking:buttons.agree'));
    expect(last(superior())).toBe(ru('ranking:review.agreed'));
    const sheet = await sheetOf(world, '5002', 'kpi');
    expect(sheet?.status).toBe('agreed');
    expect(sheet?.result).toMatchObject({ band: 'effective', fulfilledCount: 5 });
    expect(sheet?.review?.rounds).toBe(1);
    await superior().tapIn(second, ru('ranking:buttons.sendBack'));
    expect(superior().callbackAnswers().at(-1)?.text).toBe(ru('ranking:stale.reviewed'));
  });
});

describe('results and export', () => {
  it('the employee sees the quarter and the annual final; others only the HR head or the evaluator', async () => {
    const bolat = rankUser(world, '3002');
    const quarter = ru('ranking:scores.quarter', { ...Q3, score: '3,88', band: bandOf(almaty, 'proper') });
    await bolat.send('/scores 3002 2026');
    const text = last(bolat);
    expect(text).toContain(ru('ranking:scores.title', { name: 'Bolat Active', year: 2026 }));
    expect(text).toContain(quarter);
    expect(text).toContain(
      ru('ranking:scores.annual', { score: '3,88', band: bandOf(almaty, 'proper'), count: 1 }),
    );
    // Results cannot be forwarded or saved.
    expect(String(world.api.callsOf('sendMessage').at(-1)?.params.protect_content)).toBe('true');
    await rankUser(world, '3003').send('/scores 3002 2026');
    expect(last(rankUser(world, '3003'))).toBe(NOT_ALLOWED);
    await rankUser(world, '3001').send('/scores 3002 2026');
    expect(last(rankUser(world, '3001'))).toContain(quarter);
    // The administrator runs the bot and sees no scores; the roster's HR head of the body does.
    await hr().send('/scope alm');
    await hr().send('/scores 3004 2026');
    expect(last(hr())).toBe(NOT_ALLOWED);
    const hrHead = await addHrStaff(world, {
      org: 'alm',
      number: '3900',
      name: 'Alm HR Head',
      role: 'hrHead',
      telegramId: 83900,
    });
    await hrHead.send('/scores 3004 2026');
    expect(last(hrHead)).toContain(
      ru('ranking:scores.notEvaluated', { ...Q3, reason: reason('lessThanMonthInPosition') }),
    );
  });

  it('the HR head exports the quarter as .xlsx, one worksheet per unit, checked cell by cell', async () => {
    await hr().send('/rankexport 2026 3 alm');
    // The export is built by a task: a plain HR officer's file would be empty, so it is refused.
    await world.app.services.wakeTasks();
    expect(last(hr())).toBe(NOT_ALLOWED);
    const hrHead = world.api.user({ id: 83900, firstName: 'Alm HR Head' });
    await hrHead.send('/rankexport 2026 3');
    await world.app.services.wakeTasks();
    const message = hrHead.lastMessage()!;
    expect(message.caption).toBe(ru('ranking:export.caption', Q3));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(message.document!.bytes! as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    expect(workbook.worksheets.map((ws) => ws.name)).toEqual(['DEP Documents', 'TOP Apparatus']);
    const dep = workbook.getWorksheet('DEP Documents')!;
    const row = (n: number) => (dep.getRow(n).values as unknown[]).slice(1);
    const column = (key: string) => ru(`ranking:export.${key}`);
    expect(row(1)).toEqual([
      column('employee'),
      column('personnelNumber'),
      column('position'),
      column('sheet'),
      `${KPI} 1`,
      `${KPI} 2`,
      `${KPI} 3`,
      `${KPI} 4`,
      ...staffForm.parameters.map((p) => p.title.ru),
      column('average'),
      column('band'),
      column('evaluator'),
      column('status'),
    ]);
    expect(row(2)).toEqual([
      'Aliya Head',
      '3001',
      'Head',
      KPI,
      4.87,
      4.1,
      5,
      5,
      undefined,
      undefined,
      undefined,
      undefined,
      4.74,
      bandOf(almaty, 'effective'),
      'Top Boss',
      status('submitted'),
    ]);
    expect(row(3)).toEqual([
      'Bolat Active',
      '3002',
      'Chief specialist',
      RANKING,
      undefined,
      undefined,
      undefined,
      undefined,
      4.5,
      3,
      4,
      4,
      3.88,
      bandOf(almaty, 'proper'),
      'Aliya Head',
      status('submitted'),
    ]);
    expect(row(4).slice(-4)).toEqual([
      4,
      bandOf(almaty, 'effective'),
      'Aliya Head',
      `${status('submitted')} (${ru('ranking:list.withoutParticipation')}: ${reason('leave')})`,
    ]);
    expect(row(5)[0]).toBe('Erlan New');
    expect(row(5).at(-1)).toBe(notEvaluated('lessThanMonthInPosition'));
    expect(dep.rowCount).toBe(5);
  });
});
