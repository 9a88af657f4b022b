import type mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIdentity } from '../../src/bot/identify.ts';
import { type Caches, createCaches } from '../../src/cache/index.ts';
import { createModels, type Models } from '../../src/db/models.ts';
import { writeRoster } from '../../src/people/roster/import.ts';
import { connectTestDb, freshDbName } from '../support/test-app.ts';

/** Two instances of the bot: two connections to one database, each with its own caches. */
let dbName: string;
let a: { connection: mongoose.Connection; models: Models; caches: Caches };
let b: typeof a;

async function instance(checkEveryMs: number): Promise<typeof a> {
  const connection = await connectTestDb(dbName);
  const models = await createModels(connection);
  return { connection, models, caches: createCaches(connection, models, { checkEveryMs }) };
}

const row = (number: string, roles: ('employee' | 'hr')[], index: number) => ({
  row: index + 2,
  organisationCode: 'org',
  personnelNumber: number,
  fullName: `Person ${number}`,
  position: 'Chief specialist',
  categoryCode: 'E-4',
  unitCode: 'U1',
  isHead: false,
  supervisorNumber: null,
  phone: `+7701000000${index}`,
  language: 'kk' as const,
  status: 'active' as const,
  appointedOn: '2020-01-01',
  roles,
});

async function roster(hrNumber: string): Promise<void> {
  await writeRoster(a.models, {
    organisations: [{ code: 'org', name: 'Body', methodologyId: 'almaty-city-akimat-2023' }],
    units: [{ organisationCode: 'org', code: 'U1', name: 'Department', parentCode: null }],
    rows: ['001', '002'].map((n, i) => row(n, n === hrNumber ? ['employee', 'hr'] : ['employee'], i)),
  });
}

const identityOf = (side: typeof a, telegramId: number) =>
  side.caches.identity.get(telegramId, () => loadIdentity(side.models, telegramId));

beforeAll(async () => {
  dbName = freshDbName('cache');
  a = await instance(60_000);
  // The other instance looks at the shared versions on every lookup, so the test needs no waiting.
  b = await instance(0);
  await roster('001');
  const first = await a.models.Employee.findOne({ personnelNumber: '001' });
  await a.models.Employee.updateOne({ _id: first!._id }, { $set: { telegramId: 501 } });
  await a.models.Account.updateOne(
    { telegramId: 501 },
    { $set: { employeeId: first!._id }, $setOnInsert: { telegramId: 501 } },
    { upsert: true },
  );
});

afterAll(async () => {
  await a.caches.close();
  await b.caches.close();
  await a.connection.dropDatabase();
  await a.connection.close();
  await b.connection.close();
});

describe('the identity cache', () => {
  it('reads an identity once, then serves it from memory, frozen', async () => {
    const misses = a.caches.identity.misses;
    const first = await identityOf(a, 501);
    const second = await identityOf(a, 501);
    expect(first.employee?.roles).toEqual(['employee', 'hr']);
    expect(second).toBe(first);
    expect(a.caches.identity.misses).toBe(misses + 1);
    expect(Object.isFrozen(first.employee)).toBe(true);
    expect(Object.isFrozen(first.employee?.roles)).toBe(true);
  });

  it('a roster import that takes a role away is seen at the next lookup, here and on another instance', async () => {
    expect((await identityOf(a, 501)).employee?.roles).toContain('hr');
    expect((await identityOf(b, 501)).employee?.roles).toContain('hr');
    await roster('002');
    expect((await identityOf(a, 501)).employee?.roles).toEqual(['employee']);
    await a.caches.stamps.settle();
    expect((await identityOf(b, 501)).employee?.roles).toEqual(['employee']);
  });

  it('a language or scope change (a single update) makes the identity stale', async () => {
    expect((await identityOf(a, 501)).account?.language).toBeNull();
    await b.models.Account.updateOne({ telegramId: 501 }, { $set: { language: 'ru' } });
    expect((await identityOf(b, 501)).account?.language).toBe('ru');
    await b.caches.stamps.settle();
    // Instance a reads the shared versions once a minute: until then it keeps what it read.
    expect((await identityOf(a, 501)).account?.language).toBeNull();
    const soon = await instance(0);
    expect((await identityOf(soon, 501)).account?.language).toBe('ru');
    await soon.caches.close();
    await soon.connection.close();
  });

  it('a value read while a write is under way is not kept as fresh', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const stale = b.caches.identity.get(777, async () => {
      const read = await loadIdentity(b.models, 777);
      await gate;
      return read;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await b.models.Account.updateOne({ telegramId: 777 }, { $set: { language: 'kk' } });
    release();
    expect((await stale).account?.language).toBeNull();
    expect((await identityOf(b, 777)).account?.language).toBe('kk');
  });

  it('a first contact creates the bare account without making other identities stale', async () => {
    await identityOf(b, 501);
    const misses = b.caches.identity.misses;
    const fresh = await identityOf(b, 888);
    expect(fresh.account).toMatchObject({
      telegramId: 888,
      employeeId: null,
      extraRoles: [],
      language: null,
    });
    await identityOf(b, 501);
    expect(b.caches.identity.misses).toBe(misses + 1);
  });
});

describe('campaign, evaluatee and name caches', () => {
  it('a campaign change and a renamed employee are seen at the next lookup', async () => {
    const campaign = await a.models.SurveyCampaign.create({
      organisationCode: 'org',
      methodologyId: 'almaty-city-akimat-2023',
      year: 2026,
      deadline: '2026-12-20',
      createdBy: 1,
    });
    expect((await a.caches.surveyCampaign(campaign._id))?.state).toBe('draft');
    expect((await a.caches.surveyCampaign(String(campaign._id)))?.state).toBe('draft');
    await a.models.SurveyCampaign.updateOne({ _id: campaign._id }, { $set: { state: 'launched' } });
    expect((await a.caches.surveyCampaign(campaign._id))?.state).toBe('launched');

    const person = await a.models.Employee.findOne({ personnelNumber: '002' }).lean();
    expect(await a.caches.employeeName(person!._id)).toBe('Person 002');
    await a.models.Employee.updateOne({ _id: person!._id }, { $set: { fullName: 'Person Two' } });
    expect(await a.caches.employeeName(person!._id)).toBe('Person Two');
    expect(await a.caches.employeeName('not-an-id')).toBe('');
    expect(await a.caches.surveyCampaign('not-an-id')).toBeNull();
  });

  it('an assignment is cached for good, but its removal is seen', async () => {
    const person = await a.models.Employee.findOne({ personnelNumber: '002' }).lean();
    const assignment = await a.models.SurveyAssignment.create({
      campaignId: person!._id,
      targetId: person!._id,
      respondentId: person!._id,
      relation: 'peer',
    });
    expect((await a.caches.surveyAssignment(assignment._id))?.relation).toBe('peer');
    const lookup = () => a.caches.surveyAssignment(assignment._id);
    // Marking it done (every submission does) changes nothing cached: no re-read.
    await a.models.SurveyAssignment.updateOne({ _id: assignment._id }, { $set: { done: true } });
    const again = await lookup();
    expect(again).toBe(await lookup());
    await a.models.SurveyAssignment.deleteOne({ _id: assignment._id });
    expect(await a.caches.surveyAssignment(assignment._id)).toBeNull();
  });
});
