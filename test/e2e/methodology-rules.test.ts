import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendResultNotice } from '../../src/notifications/notices.ts';
import { writeRoster } from '../../src/people/roster/import.ts';
import { World } from '../support/world.ts';

/**
 * The methodology's own rules, end to end: validity windows at campaign creation, the route's terms
 * (no acquaintance alert where the seed sets no term), an absent head's KPI due after the return, and
 * the 360 plan's "without participation" and respondents.
 */
const ADMIN_ID = 8800;
let world: World;
const admin = () => world.api.user({ id: ADMIN_ID, firstName: 'Admin' });
const models = () => world.app.services.models;
const text = () => admin().lastMessage()?.text ?? '';

interface Row {
  number: string;
  category: string;
  isHead?: boolean;
  supervisor?: string;
  unit?: string;
  status?: string;
  appointedOn?: string;
  telegramId?: number;
}

async function seedBody(code: string, methodologyId: string, rows: Row[]): Promise<void> {
  await writeRoster(models(), {
    organisations: [{ code, name: code, methodologyId }],
    units: [
      { organisationCode: code, code: 'TOP', name: 'Top', parentCode: null },
      { organisationCode: code, code: 'DEP', name: 'Department', parentCode: 'TOP' },
    ],
    rows: rows.map((r, index) => ({
      row: index + 2,
      organisationCode: code,
      personnelNumber: r.number,
      fullName: `${code} ${r.number}`,
      position: 'Specialist',
      categoryCode: r.category,
      unitCode: r.unit ?? 'DEP',
      isHead: r.isHead ?? false,
      supervisorNumber: r.supervisor ?? null,
      phone: `+7702${String(code.length).padStart(2, '0')}${code.charCodeAt(0)}${r.number}`.slice(0, 12),
      language: 'kk',
      status: (r.status ?? 'active') as 'active',
      appointedOn: r.appointedOn ?? '2020-01-01',
      roles: ['employee'],
    })),
  });
  for (const r of rows.filter((x) => x.telegramId)) {
    const employee = await models().Employee.findOneAndUpdate(
      { organisationCode: code, personnelNumber: r.number },
      { $set: { telegramId: r.telegramId } },
      { returnDocument: 'after' },
    );
    await models().Account.updateOne(
      { telegramId: r.telegramId },
      { $set: { employeeId: employee!._id, language: 'kk' } },
      { upsert: true },
    );
  }
}

const employeeOf = async (code: string, number: string) =>
  (await models().Employee.findOne({ organisationCode: code, personnelNumber: number }))!;

beforeAll(async () => {
  world = await new World({ adminIds: [ADMIN_ID] }).start();
  // Monday 5 October 2026: the third quarter is to be evaluated.
  world.setNow(new Date('2026-10-05T04:00:00Z'));
  const staff = (prefix: string): Row[] => [
    { number: `${prefix}1`, category: 'E-1', isHead: true, unit: 'TOP', telegramId: Number(`${prefix}1`) },
    { number: `${prefix}2`, category: 'E-2', isHead: true, supervisor: `${prefix}1` },
    { number: `${prefix}3`, category: 'E-4', supervisor: `${prefix}2`, telegramId: Number(`${prefix}3`) },
    { number: `${prefix}4`, category: 'E-4', supervisor: `${prefix}2` },
    { number: `${prefix}5`, category: 'E-4', supervisor: `${prefix}2` },
  ];
  await seedBody('kentau', 'kentau-city-maslikhat-2018', staff('61'));
  await seedBody('koksu', 'koksu-district-maslikhat-2023', staff('62'));
  await seedBody('justice', 'justice-2026', staff('63'));
  await seedBody('almaty', 'almaty-city-akimat-2023', [
    ...staff('64').map((r) => (r.number === '642' ? { ...r, status: 'onLeave' } : r)),
    { number: '646', category: 'E-4', supervisor: '642', status: 'dismissed' },
    { number: '647', category: 'E-4', supervisor: '642', appointedOn: '2026-12-10' },
  ]);
  await admin().send('/start');
}, 60_000);
afterAll(async () => {
  await world.stop();
});

describe('validity windows at campaign creation', () => {
  it('Kentau (repealed on 08.08.2023): a 2026 360 campaign is refused with the act and its date', async () => {
    await admin().send('/scope kentau');
    await admin().send('/survey360');
    await admin().tap(/^➕/);
    expect(text()).toContain('күшін жойған (№ 33 шешім, 08.08.2023)');
    expect(await models().SurveyCampaign.countDocuments({ organisationCode: 'kentau' })).toBe(0);
  });

  it('Köksu Chapter 6 (in force until 31.08.2023): the 2026 year is refused; the quarter is opened', async () => {
    await admin().send('/scope koksu');
    await admin().send('/ranking 2026');
    await admin().tap(/^➕/);
    expect(text()).toContain('31.08.2023 дейін (қоса алғанда) қолданылды');
    expect(await models().RankingCampaign.countDocuments({ organisationCode: 'koksu' })).toBe(0);
    await admin().send('/ranking 2026-Q3');
    await admin().tap(/^➕/);
    const sheets = await models().RankingSheet.find({ organisationCode: 'koksu' }).lean();
    // Maslikhat heads get the quarterly KPI of the typical methodology; staff the ranking sheet.
    expect(sheets.filter((s) => s.kind === 'kpi').length).toBe(2);
    expect(sheets.filter((s) => s.kind === 'ranking').length).toBe(3);
  });
});

describe('terms from the route', () => {
  it('Justice sets no acquaintance term: an unacknowledged notice raises no HR alert', async () => {
    await sendResultNotice(world.app.services, {
      kind: 'quarter',
      campaignId: 'justice-q3',
      employeeId: (await employeeOf('justice', '633'))._id,
      methodologyId: 'justice-2026',
      organisationCode: 'justice',
      render: () => ({ text: 'Justice result' }),
    });
    await world.outboxSettled();
    // Sent on Monday 5 October; a week later it is still not acknowledged.
    await world.dailyTickAt('2026-10-12T04:00:00Z');
    await world.dailyTickAt('2026-10-13T04:00:00Z');
    const notice = await models().Notice.findOne({ campaignId: 'justice-q3' }).lean();
    expect(notice?.acknowledgedAt).toBeNull();
    expect(notice?.overdueAlertedOn).toBeNull();
    world.setNow(new Date('2026-10-05T04:00:00Z'));
  });
});

describe('Almaty city: an absent head and the 360 plan', () => {
  it('a head on leave: the KPI sheet has no day until HR records the return, then it is due 5 working days after it', async () => {
    await admin().send('/scope almaty');
    await admin().send('/ranking 2026-Q3');
    await admin().tap(/^➕/);
    const head = await employeeOf('almaty', '642');
    const sheet = () => models().RankingSheet.findOne({ employeeId: head._id, kind: 'kpi' }).lean();
    expect(await sheet()).toMatchObject({ deadline: null, dueAfterReturn: true, participation: 'full' });
    await admin().send('/ranking 2026-Q3');
    expect(text()).toContain('мерзімі жұмысқа шыққаннан кейін белгіленеді');

    await admin().send('/absence 642 21.09.2026 16.10.2026');
    // Back on Monday 19.10; five working days later, with Republic Day moved to Monday 26.10: 27.10.
    expect((await sheet())?.deadline).toBe('2026-10-27');
    const evaluator = world.api.user({ id: 641, firstName: 'Top' });
    const told = await evaluator.waitForMessage((m) => m.text?.includes('27.10.2026') ?? false, { since: 0 });
    expect(told.text).toContain('almaty 642');
  });

  it('360: a dismissed employee is evaluated without participation; a newcomer is neither evaluated nor a respondent', async () => {
    await admin().send('/survey360');
    await admin().tap(/^➕/);
    expect(text()).toContain(
      'Қатысуынсыз бағаланатындар (өзін-өзі бағаламайды):\n— almaty 642: демалыс\n— almaty 646: жұмыстан босатылған',
    );
    const campaign = await models().SurveyCampaign.findOne({ organisationCode: 'almaty' }).lean();
    const targetOf = async (number: string) =>
      models()
        .SurveyTarget.findOne({
          campaignId: campaign!._id,
          employeeId: (await employeeOf('almaty', number))._id,
        })
        .lean();
    const dismissed = await targetOf('646');
    expect(dismissed).toMatchObject({ excludedReason: null, withoutParticipation: 'dismissed' });
    const assignments = await models().SurveyAssignment.find({ campaignId: campaign!._id }).lean();
    const of = (targetId: unknown) => assignments.filter((a) => String(a.targetId) === String(targetId));
    expect(of(dismissed!._id).some((a) => a.relation === 'self')).toBe(false);
    expect(of(dismissed!._id).length).toBeGreaterThanOrEqual(3);
    // The head on leave: evaluated without participation, not asked to assess themself.
    const onLeave = await targetOf('642');
    expect(onLeave).toMatchObject({ withoutParticipation: 'leave' });
    expect(of(onLeave!._id).some((a) => a.relation === 'self')).toBe(false);
    expect((await targetOf('647'))?.excludedReason).toBe('lessThanMonthInPosition');
    const newcomer = (await employeeOf('almaty', '647'))._id;
    expect(assignments.some((a) => String(a.respondentId) === String(newcomer))).toBe(false);
    // Nobody away answers: neither the dismissed employee nor the head on leave is a respondent.
    for (const number of ['646', '642']) {
      const id = String((await employeeOf('almaty', number))._id);
      expect(assignments.some((a) => String(a.respondentId) === id)).toBe(false);
    }
  });
});
