import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodWords } from '../../src/i18n/format.ts';
import type { SimulatedUser } from '../harness/index.ts';
import { kk, ru } from '../support/i18n.ts';
import { kpiTelegramIdOf, linkAccounts, seedBody } from '../support/kpi-body.ts';
import { last, openSheet } from '../support/ranking-world.ts';
import { forgeTap } from '../support/two-bodies.ts';
import { World } from '../support/world.ts';

// Almaty city akimat: Deputy (1) over Director (2, department) over Unit Head (3, unit). The Unit Head's
// higher superior is the Deputy; the Director evaluates the Unit Head's KPI sheet.
const HR_ID = 8200;
const Q3 = periodWords(ru, '2026-Q3');
const NOT_ALLOWED = ru('errors.notAllowed');
let world: World;
const hr = () => world.api.user({ id: HR_ID, firstName: 'HR', languageCode: 'ru' });
const staff = (number: string) => world.api.user({ id: kpiTelegramIdOf(number), firstName: number });
const deputy = () => staff('1');
const director = () => staff('2');
const unitHead = () => staff('3');
const models = () => world.app.services.models;
const employeeId = async (number: string) =>
  (await models().Employee.findOne({ organisationCode: 'kpi', personnelNumber: number }))!._id;

const startsWith = (text: string) => (m: { text?: string }) => m.text?.startsWith(text) ?? false;
/** The callback data of a button of a message (as the outbox filled it in). */
function buttonData(message: { reply_markup?: unknown }, label: string): string {
  const rows = (message.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] })
    .inline_keyboard;
  return rows.flat().find((b) => b.text === label)!.callback_data;
}
const request = (name: string, version: number, drafter: string) =>
  ru('kpi:approval.request', { name, position: 'Head', ...Q3, version, drafter });

beforeAll(async () => {
  world = await new World({ adminIds: [HR_ID] }).start();
  // Monday 6 July 2026: the first week of the third quarter, when work plans are drawn up.
  world.setNow(new Date('2026-07-06T04:00:00Z'));
  await seedBody(world.app.services.models);
  await linkAccounts(world.app.services.models);
  await hr().send('/scope kpi');
}, 60_000);
afterAll(async () => {
  await world.stop();
});

describe('the unit head’s work plan, approved by the higher superior', () => {
  let approval: { reply_markup?: unknown; message_id: number };

  it('HR drafts 3 KPIs; the plan goes to the higher superior (not the direct one)', async () => {
    await hr().send(
      '/kpiplan 3 2026 3\nОбращения рассмотрены; шт; 200000\nЖалобы; шт; 4; ↓\nОбучение; час; 40',
    );
    expect(last(hr())).toBe(
      ru('kpi:plan.submitted', { name: 'Unit Head', ...Q3, version: 1, approver: 'Deputy', count: 3 }),
    );
    approval = await deputy().waitForMessage(
      startsWith(request('Unit Head', 1, ru('kpi:approval.hrService'))),
      {
        since: 0,
      },
    );
    expect(approval).toMatchObject({
      text: expect.stringContaining('1. Обращения рассмотрены — план: 200000 шт'),
    });
    expect(await models().KpiPlan.countDocuments({})).toBe(0);
  });

  it('a forged approve or send-back from the direct superior or the head himself is refused; nothing changes', async () => {
    const approve = buttonData(approval, ru('kpi:approval.approveButton'));
    const sendBack = buttonData(approval, ru('kpi:approval.sendBackButton'));
    for (const user of [director(), unitHead(), staff('5')]) {
      await user.send('/help');
      for (const data of [approve, sendBack]) {
        await forgeTap(world, user, data);
        expect(user.callbackAnswers().at(-1)?.text, data).toBe(NOT_ALLOWED);
      }
    }
    expect(await models().KpiPlan.countDocuments({})).toBe(0);
    expect(await models().KpiPlanVersion.findOne({ version: 1 }).lean()).toMatchObject({
      state: 'submitted',
    });
    expect(await models().AwaitingInput.countDocuments({ kind: 'kpiPlanComment' })).toBe(0);
  });

  it('the higher superior approves: the version is in force, HR and the head are told', async () => {
    await deputy().tapIn(approval.message_id, ru('kpi:approval.approveButton'));
    expect(last(deputy())).toBe(ru('kpi:approval.approved', { name: 'Unit Head', ...Q3, version: 1 }));
    const notice = ru('kpi:approval.approvedNotice', {
      approver: 'Deputy',
      name: 'Unit Head',
      ...Q3,
      version: 1,
      count: 3,
    });
    await hr().waitForMessage(startsWith(notice));
    await unitHead().waitForMessage(startsWith(notice), { since: 0 });
    const plan = await models()
      .KpiPlan.findOne({ employeeId: await employeeId('3') })
      .lean();
    expect(plan).toMatchObject({ version: 1, period: '2026-Q3' });
    expect(String(plan?.approvedBy)).toBe(String(await employeeId('1')));
  });

  it('no KPI is set for a head appointed with fewer than 3 months left in the quarter', async () => {
    await hr().send('/kpiplan 6 2026 3\nА; шт; 1\nБ; шт; 2\nВ; шт; 3');
    expect(last(hr())).toBe(ru('kpi:plan.tooLate', { date: '02.07.2026', ...Q3, months: 3 }));
    expect(await models().KpiPlanVersion.countDocuments({ employeeId: await employeeId('6') })).toBe(0);
  });

  it('the head drafts his own plan; it is sent back with a comment, resubmitted and approved', async () => {
    const comment = 'Укажите срок достижения КЦИ 2';
    await director().send('/myplan 2026 3\nУслуги онлайн; %; 80\nСроки; дн; 10; ↓\nПроверки; шт; 12');
    expect(last(director())).toBe(
      ru('kpi:plan.submitted', { name: 'Director', ...Q3, version: 1, approver: 'Deputy', count: 3 }),
    );
    const first = await deputy().waitForMessage(startsWith(request('Director', 1, 'Director')));
    await deputy().tapIn(first.message_id, ru('kpi:approval.sendBackButton'));
    expect(last(deputy())).toBe(ru('kpi:approval.askComment'));
    await deputy().send(comment);
    expect(last(deputy())).toBe(ru('kpi:approval.sentBack'));
    const returned = await director().waitForMessage(
      startsWith(
        ru('kpi:approval.returnedNotice', {
          name: 'Director',
          ...Q3,
          version: 1,
          approver: 'Deputy',
          comment,
          command: '/myplan 2026 3',
        }),
      ),
    );
    expect(returned.text).toContain(comment);
    // The returned version cannot be approved any more.
    await deputy().tapIn(first.message_id, ru('kpi:approval.approveButton'));
    expect(deputy().callbackAnswers().at(-1)?.text).toBe(ru('kpi:approval.decided'));
    expect(await models().KpiPlan.countDocuments({ employeeId: await employeeId('2') })).toBe(0);

    await director().send(
      '/myplan 2026 3\nУслуги онлайн; %; 80\nСроки; дн; 10; ↓\nПроверки; шт; 12\nОбучение; час; 24',
    );
    expect(last(director())).toBe(
      ru('kpi:plan.submitted', { name: 'Director', ...Q3, version: 2, approver: 'Deputy', count: 4 }),
    );
    const second = await deputy().waitForMessage(startsWith(request('Director', 2, 'Director')));
    await deputy().tapIn(second.message_id, ru('kpi:approval.approveButton'));
    expect(last(deputy())).toBe(ru('kpi:approval.approved', { name: 'Director', ...Q3, version: 2 }));
    const plan = await models()
      .KpiPlan.findOne({ employeeId: await employeeId('2') })
      .lean();
    expect(plan).toMatchObject({ version: 2 });
    expect(plan?.kpis).toHaveLength(4);
    const states = await models()
      .KpiPlanVersion.find({ employeeId: await employeeId('2') })
      .sort({ version: 1 })
      .lean();
    expect(states.map((v) => [v.version, v.state, v.comment])).toEqual([
      [1, 'returned', comment],
      [2, 'approved', null],
    ]);
  });
});

describe('HR’s actual values, 5 working days before the deadline (10.10.2026)', () => {
  // HR alerts go in the account's language, the administrator's being the default one (Kazakh).
  const reminder = kk('kpi:reminder.actualsMissing', {
    ...periodWords(kk, '2026-Q3'),
    deadline: '10.10.2026',
    days: 5,
    count: 2,
  });
  const reminders = () => hr().messages().filter(startsWith(reminder));

  it('HR is reminded on Friday 2 October, the 5th working day before Saturday 10 October, not a day earlier', async () => {
    await world.dailyTickAt('2026-10-01T04:00:00Z');
    expect(reminders()).toHaveLength(0);
    expect(await world.dailyTickAt('2026-10-02T04:00:00Z')).toContain('kpiActuals');
    expect(reminders()).toHaveLength(1);
    expect(reminders()[0]?.text).toContain('• Director (2)');
    expect(reminders()[0]?.text).toContain('• Unit Head (3)');
    expect(reminders()[0]?.text).toContain(kk('kpi:reminder.how', { command: '/kpifile 2026 3' }));
    // Once per deadline.
    await world.dailyTickAt('2026-10-05T04:00:00Z');
    expect(reminders()).toHaveLength(1);
    world.setNow(new Date('2026-10-02T05:00:00Z'));
  });

  it('HR types the Unit Head’s values: bad values and a wrong count are refused, then each percent is shown cut', async () => {
    await hr().send('/kpiactual 3 2026 3\n199991\nabc\n40');
    expect(last(hr())).toBe(ru('kpi:actuals.badValue', { line: 2 }));
    await hr().send('/kpiactual 3 2026 3\n199991\n5');
    expect(last(hr())).toBe(ru('kpi:actuals.count', { expected: 3, have: 2 }));
    await hr().send('/kpiactual 3 2026 3\n199991\n5\n40');
    const saved = last(hr());
    expect(saved).toContain(ru('kpi:actuals.saved', { name: 'Unit Head', ...Q3 }));
    // 199 991 of 200 000 is 99,9955 %: shown 99,99, never 100,00.
    expect(saved).toContain(
      ru('kpi:actuals.savedLine', {
        index: 1,
        title: 'Обращения рассмотрены',
        actual: '199991',
        percent: '99,99',
      }),
    );
    expect(saved).toContain(
      ru('kpi:actuals.savedLine', { index: 2, title: 'Жалобы', actual: '5', percent: '80,00' }),
    );
  });

  it('HR imports the Director’s values from .xlsx: a malformed file and bad rows are refused with reasons', async () => {
    await hr().send('/kpifile 2026 3');
    // The file to fill is built by a task; its caption says to send it back filled.
    await world.app.services.wakeTasks();
    const template = hr()
      .messages()
      .findLast((m) => m.document);
    expect(template?.caption).toBe(
      [ru('kpi:import.templateCaption', Q3), ru('kpi:import.sendFile')].join('\n\n'),
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(template!.document!.bytes! as unknown as Parameters<typeof book.xlsx.load>[0]);
    const rows = book.worksheets[0]!.getSheetValues().slice(2) as unknown[][];
    // Personnel number, KPI number, actual (HR's values where given), name, title, planned.
    expect(rows.map((r) => [r[1], r[2], r[3] ?? null, r[5]])).toEqual([
      ['2', 1, null, 'Услуги онлайн'],
      ['2', 2, null, 'Сроки'],
      ['2', 3, null, 'Проверки'],
      ['2', 4, null, 'Обучение'],
      ['3', 1, 199991, 'Обращения рассмотрены'],
      ['3', 2, 5, 'Жалобы'],
      ['3', 3, 40, 'Обучение'],
    ]);
    // The request's message gives the task's word: seven KPI rows.
    expect(hr().messages().at(-2)?.text).toBe(ru('tasks-export:sent', { count: 7 }));

    await hr().sendDocument({ fileName: 'kpi.xlsx', bytes: Buffer.from('this is no workbook') });
    expect(last(hr())).toBe(ru('kpi:import.unreadableFile'));

    const filled = async (values: unknown[][]) => {
      const out = new ExcelJS.Workbook();
      const sheet = out.addWorksheet('KPI');
      sheet.addRow(['Табельный номер', '№ КЦИ', 'Факт']);
      for (const row of values) sheet.addRow(row);
      return Buffer.from(await out.xlsx.writeBuffer());
    };
    await hr().send('/kpifile 2026 3');
    await world.app.services.wakeTasks();
    await hr().sendDocument({
      fileName: 'kpi.xlsx',
      bytes: await filled([
        ['2', 1, 76],
        ['2', 7, 1],
        ['2', 2, 'много'],
        ['77', 1, 1],
      ]),
    });
    const refused = last(hr());
    expect(refused).toContain(ru('kpi:import.rowErrors'));
    expect(refused).toContain(ru('kpi:import.row.badKpiNumber', { row: 3 }));
    expect(refused).toContain(ru('kpi:import.row.badValue', { row: 4 }));
    expect(refused).toContain(ru('kpi:import.row.unknownEmployee', { row: 5 }));
    expect(
      (
        await models()
          .KpiPlan.findOne({ employeeId: await employeeId('2') })
          .lean()
      )?.kpis[0]?.actual,
    ).toBeNull();

    await hr().send('/kpifile 2026 3');
    await world.app.services.wakeTasks();
    await hr().sendDocument({
      fileName: 'kpi.xlsx',
      bytes: await filled([
        ['2', 1, 76],
        ['2', 2, 10],
        ['2', 3, '12,5'],
        ['2', 4, 24],
      ]),
    });
    expect(last(hr())).toBe(ru('kpi:import.done', { plans: 1, values: 4 }));
  });
});

describe('the evaluator sees HR’s values on the KPI sheet', () => {
  const achieved = (actual: string, percent: string, min: string, max: string) =>
    ru('ranking:kpi.achieved', { actual, percent, min, max });

  async function openKpi(user: SimulatedUser, name: RegExp) {
    await openSheet(user, name);
    return last(user);
  }

  it('the Director scores the Unit Head: 99,9955 % is in the 95-99,99 % row (4,75-4,99), no value is typed', async () => {
    world.setNow(new Date('2026-10-05T04:00:00Z'));
    await hr().send('/ranking 2026 3');
    await hr().tap(ru('ranking:hr.createButton'));
    const screen = await openKpi(director(), /Unit Head/);
    expect(screen).toContain(achieved('199991', '99,99', '4,75', '4,99'));
    expect(screen).toContain(ru('kpi:actuals.fromHr'));
    expect(screen).not.toContain(ru('ranking:kpi.askActual', { unit: 'шт' }));
    await director().tap('4,99');
    expect(last(director())).toContain(achieved('5', '80,00', '4,00', '4,24'));
    await director().tap('4,24');
    // 40 of 40: the single-point range is the score; the summary follows.
    expect(last(director())).toContain(achieved('40', '100,00', '5,00', '5,00'));
    await director().tap('5,00');
    await director().tap(ru('ranking:buttons.submit'));
    await director().tap(ru('ranking:buttons.confirm'));
    const sheet = await models()
      .RankingSheet.findOne({ employeeId: await employeeId('3'), kind: 'kpi' })
      .lean();
    expect(sheet?.kpis.map((k) => [k.actual, k.percent, k.score, k.actualFromHr])).toEqual([
      [199991, 99.99, 4.99, true],
      [5, 80, 4.24, true],
      [40, 100, 5, true],
    ]);
    // (4,99 + 4,24 + 5) / 3 = 4,743… → 4,74
    expect(sheet?.result).toMatchObject({ average: 4.74 });
  });

  it('the Deputy sees the imported values on the Director’s sheet', async () => {
    const screen = await openKpi(deputy(), /^⬜ Director/);
    expect(screen).toContain(achieved('76', '95,00', '4,75', '4,99'));
    expect(screen).toContain(ru('kpi:actuals.fromHr'));
  });
});
