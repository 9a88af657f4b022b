import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRoster } from '../../src/people/roster/import.ts';
import { World } from '../support/world.ts';

let world: World;
const bot = (telegramId: number) => world.api.chatMessages(telegramId).filter((m) => m.sender === 'bot');

/** Two bodies: Almaty city (under-way notices on the 5th and 10th) and Justice (annual score on 30 January). */
const PEOPLE = [
  { org: 'alm', number: '5001', name: 'Head Alm', telegramId: 8501, head: true, supervisor: null },
  { org: 'alm', number: '5002', name: 'Staff Alm', telegramId: 8502, head: false, supervisor: '5001' },
  { org: 'jus', number: '6001', name: 'Head Jus', telegramId: 8601, head: true, supervisor: null },
  { org: 'jus', number: '6002', name: 'Staff Jus', telegramId: 8602, head: false, supervisor: '6001' },
];

async function seed(): Promise<void> {
  const { models } = world.app.services;
  await writeRoster(models, {
    organisations: [
      { code: 'alm', name: 'Akimat', methodologyId: 'almaty-city-akimat-2023' },
      { code: 'jus', name: 'Justice', methodologyId: 'justice-2026' },
    ],
    units: [
      { organisationCode: 'alm', code: 'A', name: 'Dept', parentCode: null },
      { organisationCode: 'jus', code: 'J', name: 'Dept', parentCode: null },
    ],
    rows: PEOPLE.map((p, index) => ({
      row: index + 2,
      organisationCode: p.org,
      personnelNumber: p.number,
      fullName: p.name,
      position: p.head ? 'Head' : 'Specialist',
      categoryCode: p.head ? 'E-2' : 'E-4',
      unitCode: p.org === 'alm' ? 'A' : 'J',
      isHead: p.head,
      supervisorNumber: p.supervisor,
      phone: `+770200${p.number}`,
      language: 'ru',
      status: 'active' as const,
      appointedOn: '2020-01-01',
      roles: ['employee'],
    })),
  });
  for (const p of PEOPLE) {
    const employee = await models.Employee.findOneAndUpdate(
      { personnelNumber: p.number, organisationCode: p.org },
      { $set: { telegramId: p.telegramId } },
      { returnDocument: 'after' },
    );
    await models.Account.updateOne(
      { telegramId: p.telegramId },
      { $set: { employeeId: employee!._id, language: 'ru' } },
      { upsert: true },
    );
  }
}

async function campaignWithSheets(
  org: string,
  methodologyId: string,
  period: string,
  sheets: { number: string; kind: 'ranking' | 'kpi'; average: number | null }[],
  state: 'open' | 'closed',
) {
  const { models } = world.app.services;
  const [year, quarter] = period.split('-Q').map(Number) as [number, number];
  const campaign = await models.RankingCampaign.create({
    organisationCode: org,
    methodologyId,
    periodKind: 'quarter',
    period,
    year,
    start: `${year}-${String(quarter * 3 - 2).padStart(2, '0')}-01`,
    end: `${year}-${String(quarter * 3).padStart(2, '0')}-${quarter === 1 || quarter === 4 ? 31 : 30}`,
    state,
    createdBy: 1,
  });
  for (const sheet of sheets) {
    const employee = await models.Employee.findOne({ personnelNumber: sheet.number, organisationCode: org });
    await models.RankingSheet.create({
      campaignId: campaign._id,
      organisationCode: org,
      period,
      year,
      employeeId: employee!._id,
      unitCode: 'X',
      kind: sheet.kind,
      formId: 'f',
      evaluatorId: new Types.ObjectId(),
      participation: 'full',
      deadline: `${year}-${String(quarter * 3 + 1).padStart(2, '0')}-20`,
      status: sheet.average === null ? 'pending' : 'submitted',
      result: sheet.average === null ? null : { average: sheet.average, band: 'effective' },
    });
  }
}

beforeAll(async () => {
  world = new World();
  world.setNow(new Date('2026-10-01T02:00:00Z'));
  await world.start();
  await seed();
  // Almaty city, Q3 2026, open: the head has a KPI sheet too.
  await campaignWithSheets(
    'alm',
    'almaty-city-akimat-2023',
    '2026-Q3',
    [
      { number: '5001', kind: 'ranking', average: null },
      { number: '5001', kind: 'kpi', average: null },
      { number: '5002', kind: 'ranking', average: null },
    ],
    'open',
  );
  // Justice 2026: Staff Jus evaluated in Q1, Q2 and Q4 (4.00, 3.50, 4.75), not in Q3.
  for (const [period, average] of [
    ['2026-Q1', 4],
    ['2026-Q2', 3.5],
    ['2026-Q4', 4.75],
  ] as const)
    await campaignWithSheets(
      'jus',
      'justice-2026',
      period,
      [{ number: '6002', kind: 'ranking', average }],
      'closed',
    );
});
afterAll(async () => {
  await world.stop();
});

describe('"your evaluation is under way" (Almaty city: heads by the 5th, staff by the 10th)', () => {
  it('on 5 October the head is told, the staff member not yet', async () => {
    expect(await world.dailyTickAt('2026-10-05T04:00:00Z')).toContain('underWay');
    expect(bot(8501).filter((m) => m.text?.startsWith('ℹ️'))).toHaveLength(1);
    expect(bot(8502).filter((m) => m.text?.startsWith('ℹ️'))).toHaveLength(0);
    const text = bot(8501).at(-1)?.text ?? '';
    expect(text).toContain('20.10.2026');
    expect(text).not.toMatch(/2026-Q3/);
  });

  it('on 10 October the staff member is told; nobody twice', async () => {
    await world.dailyTickAt('2026-10-10T04:00:00Z');
    await world.dailyTickAt('2026-10-11T04:00:00Z');
    expect(bot(8501).filter((m) => m.text?.startsWith('ℹ️'))).toHaveLength(1);
    expect(bot(8502).filter((m) => m.text?.startsWith('ℹ️'))).toHaveLength(1);
    // Justice has no such days: nobody there is told.
    expect(bot(8602).filter((m) => m.text?.startsWith('ℹ️'))).toHaveLength(0);
  });
});

describe('the annual score (Justice: by 30 January, the mean of the evaluated quarters)', () => {
  it('nothing on 29 January', async () => {
    await world.dailyTickAt('2027-01-29T04:00:00Z');
    expect(await world.app.services.models.AnnualResult.countDocuments()).toBe(0);
  });

  it('on 30 January it is stored and sent as a registered notice, once', async () => {
    await world.dailyTickAt('2027-01-30T04:00:00Z');
    await world.dailyTickAt('2027-01-31T04:00:00Z');
    const { models } = world.app.services;
    const results = await models.AnnualResult.find().lean();
    expect(results).toHaveLength(1);
    // (4.00 + 3.50 + 4.75) / 3 = 4.0833 → 4.08; Q3 not evaluated is left out, not counted as zero.
    expect(results[0]).toMatchObject({ year: 2026, score: 4.08, quartersEvaluated: 3, band: 'effective' });
    const notices = bot(8602).filter((m) => m.text?.startsWith('📊'));
    expect(notices).toHaveLength(1);
    expect(notices[0]?.text).toContain('4,08');
    expect(notices[0]?.text).not.toMatch(/\b2026-Q\d|\b2026-Y/);
    expect(await models.Notice.countDocuments({ kind: 'annual' })).toBe(1);
    // Almaty city has no annual day in its data: nothing is computed there.
    expect(bot(8502).filter((m) => m.text?.startsWith('📊'))).toHaveLength(0);
  });
});
