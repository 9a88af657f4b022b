import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue } from '../../src/notifications/outbox/enqueue.ts';
import { deletableFrom } from '../../src/retention/periods.ts';
import { applyRetention } from '../../src/retention/retention.ts';
import { ORG, PEOPLE, seedDepartment } from '../support/survey360.ts';
import { World } from '../support/world.ts';

let world: World;
const ids: Record<string, string> = {};
const hrTelegramId = 9100;

/** A closed 360 campaign of `year` with one target, assignment, notice, appeal, outbox item and audit entry. */
async function seedSurvey(year: number): Promise<string> {
  const { models } = world.app.services;
  const employee = await models.Employee.findOne({ personnelNumber: PEOPLE[1]!.number });
  const campaign = await models.SurveyCampaign.create({
    organisationCode: ORG,
    methodologyId: 'almaty-city-akimat-2023',
    year,
    state: 'closed',
    deadline: `${year}-12-20`,
    createdBy: 1,
  });
  const id = String(campaign._id);
  const target = await models.SurveyTarget.create({ campaignId: id, employeeId: employee!._id });
  await models.SurveyAssignment.create({
    campaignId: id,
    targetId: target._id,
    respondentId: new Types.ObjectId(),
    relation: 'peer',
    done: true,
  });
  const notice = await models.Notice.create({
    kind: 'result360',
    campaignId: id,
    employeeId: employee!._id,
    outboxKey: `result360:${id}:${String(employee!._id)}`,
  });
  await models.Appeal.create({
    noticeId: notice._id,
    campaignId: id,
    employeeId: employee!._id,
    kind: 'result360',
    statement: 'x',
    filedAt: world.now(),
    filedOn: `${year + 1}-01-05`,
    decisionBy: `${year + 1}-01-10`,
    sessionBy: `${year + 1}-01-20`,
  } as never);
  await enqueue(
    models,
    {
      key: `result360:${id}:${String(employee!._id)}`,
      kind: 'result360',
      chatId: PEOPLE[1]!.telegramId,
      text: 't',
      ackText: 'ok',
    },
    world.now(),
  );
  await models.AuditLog.create({ action: 'survey360.close', details: { campaignId: id }, at: world.now() });
  return id;
}

beforeAll(async () => {
  world = new World();
  // 08:00 in Almaty: the start-up catch-up of the 09:00 jobs finds nothing due yet.
  world.setNow(new Date('2026-12-01T03:00:00Z'));
  await world.start();
  await seedDepartment(world);
  const { models } = world.app.services;
  // An HR officer of the body, to be warned before a deletion.
  const hr = await models.Employee.findOneAndUpdate(
    { personnelNumber: PEOPLE[0]!.number },
    { $set: { roles: ['employee', 'hr'], telegramId: hrTelegramId } },
    { returnDocument: 'after' },
  );
  await models.Account.updateOne(
    { telegramId: hrTelegramId },
    { $set: { employeeId: hr!._id } },
    { upsert: true },
  );
  ids.y2022 = await seedSurvey(2022);
  ids.y2023 = await seedSurvey(2023);
  ids.y2024 = await seedSurvey(2024);
  for (const year of [2022, 2024])
    await models.AnnualResult.create({
      organisationCode: ORG,
      methodologyId: 'almaty-city-akimat-2023',
      employeeId: hr!._id,
      year,
      score: 4,
      band: 'effective',
      quartersEvaluated: 4,
      computedAt: world.now(),
    });
});
afterAll(async () => {
  await world.stop();
});

describe('retention: documents are kept 3 years after the end of their period', () => {
  it('computes the first day of deletion from the period', () => {
    expect(deletableFrom(2022, 3)).toBe('2026-01-01');
    expect(deletableFrom('2023-Q2', 3)).toBe('2026-07-01');
    expect(deletableFrom('2024', 3)).toBe('2028-01-01');
  });

  it('deletes a 2022 campaign with everything about it and keeps 2023 and 2024; one audit line per batch', async () => {
    const { models } = world.app.services;
    world.setNow(new Date('2026-12-01T04:00:00Z'));
    const outcome = await applyRetention(world.app.services);
    expect(outcome.deleted).toEqual([ids.y2022, `${ORG}:2022`]);
    for (const [name, filter] of [
      ['SurveyCampaign', { _id: ids.y2022 }],
      ['SurveyTarget', { campaignId: ids.y2022 }],
      ['SurveyAssignment', { campaignId: ids.y2022 }],
      ['Notice', { campaignId: ids.y2022 }],
      ['Appeal', { campaignId: ids.y2022 }],
      ['AuditLog', { 'details.campaignId': ids.y2022, action: { $ne: 'retention.delete' } }],
    ] as const) {
      const model = (models as unknown as Record<string, { countDocuments(f: unknown): Promise<number> }>)[
        name
      ]!;
      expect(await model.countDocuments(filter), name).toBe(0);
    }
    expect(await models.OutboxItem.countDocuments({ key: { $regex: ids.y2022! } })).toBe(0);
    for (const kept of [ids.y2023, ids.y2024]) {
      expect(await models.SurveyCampaign.exists({ _id: kept })).not.toBeNull();
      expect(await models.Notice.countDocuments({ campaignId: kept })).toBe(1);
      expect(await models.OutboxItem.countDocuments({ key: { $regex: kept! } })).toBe(1);
    }
    expect((await models.AnnualResult.find().lean()).map((a) => a.year)).toEqual([2024]);
    const line = await models.AuditLog.findOne({
      action: 'retention.delete',
      'details.kind': 'survey360',
    }).lean();
    expect(line?.details).toMatchObject({
      campaignId: ids.y2022,
      period: '2022',
      deletableFrom: '2026-01-01',
      counts: { SurveyTarget: 1, SurveyAssignment: 1, Notice: 1, Appeal: 1, OutboxItem: 1, AuditLog: 1 },
    });
  });

  it('warns HR once, 30 days ahead, before the 2023 campaign goes on 1 January 2027', async () => {
    world.setNow(new Date('2026-12-01T04:00:00Z'));
    expect((await applyRetention(world.app.services)).warned).toEqual([]);
    world.setNow(new Date('2026-12-02T04:00:00Z'));
    expect((await applyRetention(world.app.services)).warned).toEqual([ids.y2023]);
    await applyRetention(world.app.services);
    await world.outboxSettled(60_000);
    const warnings = world.api
      .chatMessages(hrTelegramId)
      .filter((m) => m.sender === 'bot' && m.text?.includes('01.01.2027'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.text).not.toMatch(/\b2023-/);
  });

  it('on 1 January 2027 the daily job deletes the 2023 campaign and keeps 2024', async () => {
    const ran = await world.dailyTickAt('2027-01-01T04:00:00Z');
    expect(ran).toContain('retention');
    const { models } = world.app.services;
    expect(await models.SurveyCampaign.exists({ _id: ids.y2023 })).toBeNull();
    expect(await models.SurveyCampaign.exists({ _id: ids.y2024 })).not.toBeNull();
    expect(await models.AuditLog.countDocuments({ action: 'retention.delete' })).toBe(3);
  });
});
