import ExcelJS from 'exceljs';
import type mongoose from 'mongoose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { periodOf } from '../../../src/calendar/index.ts';
import { createModels, type Models } from '../../../src/db/models.ts';
import { recordActuals } from '../../../src/evaluation/kpi-plan/actuals.ts';
import { importActualsFile } from '../../../src/evaluation/kpi-plan/actuals-import.ts';
import { planApproverOf } from '../../../src/evaluation/kpi-plan/approver.ts';
import { sheetKpisOf } from '../../../src/evaluation/kpi-plan/sheet-kpis.ts';
import {
  approvePlanVersion,
  returnPlanVersion,
  submitPlanVersion,
  tooLateForKpi,
} from '../../../src/evaluation/kpi-plan/versions.ts';
import { kpiSteps } from '../../../src/evaluation/ranking/steps.ts';
import { getMethodology } from '../../../src/methodology/index.ts';
import { seedBody } from '../../support/kpi-body.ts';
import { connectTestDb, freshDbName } from '../../support/test-app.ts';

let connection: mongoose.Connection;
let models: Models;
let person: Awaited<ReturnType<typeof seedBody>>;
const now = new Date('2026-07-06T04:00:00Z');
const almaty = getMethodology('almaty-city-akimat-2023')!;
const kpiMethod = almaty.methods.kpi!;
const PERIOD = '2026-Q3';
const kpis = (n: number, planned = 100) =>
  Array.from({ length: n }, (_, i) => ({ title: `KPI ${i + 1}`, unit: '%', planned, lowerIsBetter: false }));
const HR = { telegramId: 777, employeeId: null, as: 'hr' as const, language: 'ru' };

beforeAll(async () => {
  connection = await connectTestDb(freshDbName('kpiplan'));
  models = await createModels(connection);
});
afterAll(async () => {
  await connection.dropDatabase();
  await connection.close();
});
beforeEach(async () => {
  await models.Employee.deleteMany({});
  await models.Unit.deleteMany({});
  await models.KpiPlan.deleteMany({});
  await models.KpiPlanVersion.deleteMany({});
  await models.RankingSheet.deleteMany({});
  person = await seedBody(models);
});

async function submit(number: string, n = 3, planned = 100) {
  const head = await person(number);
  const result = await submitPlanVersion(models, {
    organisationCode: 'kpi',
    employeeId: head._id,
    period: PERIOD,
    kpis: kpis(n, planned),
    draftedBy: HR,
    now,
  });
  if (!result.ok) throw new Error(result.code);
  return result;
}

describe('who approves a head’s work plan (the org chart)', () => {
  it('is the higher superior: the superior of the head’s direct superior', async () => {
    expect(String(await planApproverOf(models, (await person('3'))._id))).toBe(
      String((await person('1'))._id),
    );
  });

  it('at the top of the roster, where no one is above the direct superior, the direct superior', async () => {
    expect(String(await planApproverOf(models, (await person('2'))._id))).toBe(
      String((await person('1'))._id),
    );
    expect(await planApproverOf(models, (await person('1'))._id)).toBeNull();
  });
});

describe('plan versions', () => {
  it('a version waits for one decision; a newer draft withdraws the waiting one', async () => {
    const first = await submit('3');
    expect(first.version).toMatchObject({ version: 1, state: 'submitted' });
    expect(first.replacedDraft).toBe(false);
    const second = await submit('3', 4);
    expect(second.version.version).toBe(2);
    expect(second.replacedDraft).toBe(true);
    expect((await models.KpiPlanVersion.findById(first.version._id))?.state).toBe('withdrawn');
    expect(await models.KpiPlanVersion.countDocuments({ state: 'submitted' })).toBe(1);
    // Nothing is in force before an approval.
    expect(await models.KpiPlan.countDocuments({})).toBe(0);
  });

  it('only the higher superior approves; the approved version is in force, a second decision is refused', async () => {
    const { version } = await submit('3');
    const id = String(version._id);
    for (const other of ['2', '3', '4', '5'])
      expect(await approvePlanVersion(models, id, (await person(other))._id, now)).toEqual({
        ok: false,
        code: 'notApprover',
      });
    expect(await models.KpiPlan.countDocuments({})).toBe(0);
    const approver = (await person('1'))._id;
    const approved = await approvePlanVersion(models, id, approver, now);
    expect(approved).toMatchObject({ ok: true, version: { state: 'approved' } });
    const plan = await models.KpiPlan.findOne({ period: PERIOD }).lean();
    expect(plan).toMatchObject({
      version: 1,
      kpis: [{ title: 'KPI 1' }, { title: 'KPI 2' }, { title: 'KPI 3' }],
    });
    expect(String(plan?.approvedBy)).toBe(String(approver));
    expect(await approvePlanVersion(models, id, approver, now)).toEqual({ ok: false, code: 'decided' });
    expect(await returnPlanVersion(models, id, approver, 'late', now)).toEqual({
      ok: false,
      code: 'decided',
    });
    expect(await approvePlanVersion(models, '0'.repeat(24), approver, now)).toEqual({
      ok: false,
      code: 'notApprover',
    });
  });

  it('a change is a new version: the old one stays in force until the new one is approved, then is superseded', async () => {
    const approver = (await person('1'))._id;
    const v1 = await submit('3', 3, 100);
    await approvePlanVersion(models, String(v1.version._id), approver, now);
    const head = await person('3');
    await recordActuals(models, {
      employeeId: head._id,
      period: PERIOD,
      version: 1,
      values: new Map([[0, 50]]),
      recordedBy: 777,
      now,
    });
    const v2 = await submit('3', 5, 10);
    expect((await models.KpiPlan.findOne({ period: PERIOD }).lean())?.kpis).toHaveLength(3);
    await approvePlanVersion(models, String(v2.version._id), approver, now);
    const plan = await models.KpiPlan.findOne({ period: PERIOD }).lean();
    expect(plan).toMatchObject({ version: 2 });
    expect(plan?.kpis.map((k) => [k.planned, k.actual])).toEqual(Array(5).fill([10, null]));
    expect((await models.KpiPlanVersion.findById(v1.version._id))?.state).toBe('superseded');
    // Actual values entered against version 1 no longer land on the plan in force.
    expect(
      await recordActuals(models, {
        employeeId: head._id,
        period: PERIOD,
        version: 1,
        values: new Map([[0, 9]]),
        recordedBy: 777,
        now,
      }),
    ).toBe(false);
  });

  it('sent back with a comment: nothing comes into force; the resubmitted version is decided anew', async () => {
    const approver = (await person('1'))._id;
    const v1 = await submit('3');
    expect(
      await returnPlanVersion(models, String(v1.version._id), approver, 'Add a deadline to KPI 2', now),
    ).toMatchObject({
      ok: true,
      version: { state: 'returned', comment: 'Add a deadline to KPI 2' },
    });
    expect(await models.KpiPlan.countDocuments({})).toBe(0);
    const v2 = await submit('3', 4);
    expect(v2).toMatchObject({ replacedDraft: false, version: { version: 2, state: 'submitted' } });
    expect(await approvePlanVersion(models, String(v2.version._id), approver, now)).toMatchObject({
      ok: true,
    });
    expect((await models.KpiPlan.findOne({ period: PERIOD }).lean())?.version).toBe(2);
  });

  it('the decision asks the org chart as it stands: a superior moved away may no longer decide', async () => {
    const { version } = await submit('3');
    // The unit moves under the other department: its director's superior is still the deputy, but the
    // head's direct superior is now the other director.
    await models.Employee.updateOne({ personnelNumber: '3' }, { $set: { supervisorNumber: '5' } });
    await models.Employee.updateOne({ personnelNumber: '1' }, { $set: { status: 'dismissed' } });
    expect(await approvePlanVersion(models, String(version._id), (await person('1'))._id, now)).toEqual({
      ok: false,
      code: 'notApprover',
    });
  });
});

describe('no KPI when fewer than 3 months remain (001 line 150)', () => {
  const q3 = periodOf('quarter', '2026-08-15');
  it.each([
    ['2026-07-01', false],
    ['2026-07-02', true],
    ['2026-09-01', true],
    ['2020-01-01', false],
  ])('appointed %s → too late: %s', (appointedOn, late) => {
    expect(tooLateForKpi(almaty, kpiMethod, appointedOn, q3)).toBe(late);
  });

  it('applies to the methodology’s own KPI only', () => {
    const region = getMethodology('almaty-region-maslikhat-2023')!;
    expect(
      tooLateForKpi(region, region.methods.scopedKpi!, '2026-12-01', periodOf('year', '2026-01-01')),
    ).toBe(false);
  });
});

describe('the sheet’s KPIs from the approved plan', () => {
  it('HR’s value gives the percent, cut to hundredths, and its table row: 99.9955 % is 4,75-4,99, not 5', () => {
    const items = sheetKpisOf(
      [
        { title: 'A', unit: 'pcs', planned: 200_000, actual: 199_991 },
        { title: 'B', unit: 'pcs', planned: 40, actual: 40 },
        { title: 'C', unit: 'pcs', planned: 10, actual: null },
      ],
      kpiMethod,
      [{ score: 5 }, { score: null }, { score: 3 }],
    );
    expect(items[0]).toMatchObject({
      percent: 99.99,
      minScore: 4.75,
      maxScore: 4.99,
      score: null,
      actualFromHr: true,
    });
    expect(items[1]).toMatchObject({ percent: 100, minScore: 5, maxScore: 5, score: 5, actualFromHr: true });
    expect(items[2]).toMatchObject({ actual: null, percent: null, score: null, actualFromHr: false });
    // The evaluator is asked the actual value only where HR gave none.
    expect(kpiSteps(kpiMethod, items).map((s) => `${s.kind}:${s.param}`)).toEqual([
      'kpiScore:0',
      'kpiScore:1',
      'actual:2',
      'kpiScore:2',
    ]);
  });

  it('keeps a score still allowed by the new range', () => {
    const [item] = sheetKpisOf([{ title: 'A', planned: 100, actual: 97 }], kpiMethod, [{ score: 4.8 }]);
    expect(item).toMatchObject({ minScore: 4.75, maxScore: 4.99, score: 4.8 });
  });
});

describe('importing actual values from .xlsx', () => {
  async function workbook(rows: unknown[][]): Promise<Uint8Array> {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('KPI');
    sheet.addRow(['number', 'kpi', 'actual']);
    for (const row of rows) sheet.addRow(row);
    return new Uint8Array(await book.xlsx.writeBuffer());
  }
  const input = { organisationCode: 'kpi', period: PERIOD, recordedBy: 777, now };

  it('writes a clean file; a file with any bad row writes nothing and names every row', async () => {
    const v = await submit('3');
    await approvePlanVersion(models, String(v.version._id), (await person('1'))._id, now);
    const bad = await importActualsFile(
      models,
      await workbook([
        ['3', 1, 97.5],
        ['3', 4, 1],
        ['3', 2, '-1'],
        ['4', 1, 5],
        ['999', 1, 5],
        ['', 1, 5],
        ['3', 1, 90],
        ['3', 3, null],
      ]),
      input,
    );
    expect(bad).toEqual({
      ok: false,
      rowErrors: [
        { row: 3, code: 'badKpiNumber' },
        { row: 4, code: 'badValue' },
        { row: 5, code: 'noApprovedPlan' },
        { row: 6, code: 'unknownEmployee' },
        { row: 7, code: 'noPersonnelNumber' },
        { row: 8, code: 'duplicate' },
      ],
    });
    expect((await models.KpiPlan.findOne({}).lean())?.kpis.map((k) => k.actual)).toEqual([null, null, null]);
    expect(
      await importActualsFile(
        models,
        await workbook([
          ['3', 1, 97.5],
          [3, '2', '12,5'],
        ]),
        input,
      ),
    ).toEqual({
      ok: true,
      plans: 1,
      values: 2,
    });
    expect((await models.KpiPlan.findOne({}).lean())?.kpis.map((k) => k.actual)).toEqual([97.5, 12.5, null]);
  });

  it('says what is wrong with a file that is no workbook, or has no values', async () => {
    expect(await importActualsFile(models, new TextEncoder().encode('not a workbook'), input)).toEqual({
      ok: false,
      fileError: 'unreadableFile',
    });
    expect(await importActualsFile(models, new Uint8Array(), input)).toEqual({
      ok: false,
      fileError: 'emptyFile',
    });
    expect(await importActualsFile(models, await workbook([['3', 1, null]]), input)).toEqual({
      ok: false,
      fileError: 'emptyFile',
    });
  });
});
