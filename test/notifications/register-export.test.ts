import type mongoose from 'mongoose';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModels, type Models } from '../../src/db/models.ts';
import { wholeDeliveryRegister } from '../../src/notifications/notices.ts';
import type { AppServices } from '../../src/services.ts';
import { connectTestDb, freshDbName } from '../support/test-app.ts';

const dbName = freshDbName('register');
let db: mongoose.Connection;
let models: Models;
const now = () => new Date('2026-12-01T04:00:00Z');

beforeAll(async () => {
  db = await connectTestDb(dbName);
  models = await createModels(db);
  const employee = async (organisationCode: string, n: number) =>
    (
      await models.Employee.create({
        organisationCode,
        personnelNumber: `P${n}`,
        fullName: `Person ${n}`,
        position: 'Chief specialist',
        categoryCode: 'E-4',
        unitCode: 'U1',
        status: 'active',
        phone: `+7702000000${n}`,
        appointedOn: '2020-01-01',
      })
    )._id;
  // Seven notices of one body, a day apart, and two of another body.
  for (let n = 0; n < 9; n++) {
    const organisationCode = n < 7 ? 'body-a' : 'body-b';
    const createdAt = new Date(Date.UTC(2026, 10, 1 + n));
    await models.Notice.collection.insertOne({
      _id: new Types.ObjectId(),
      kind: 'quarter',
      campaignId: `c${n}`,
      employeeId: await employee(organisationCode, n),
      organisationCode,
      outboxKey: `quarter:c${n}:${n}`,
      outboxItemId: null,
      queuedAt: createdAt,
      createdAt,
      updatedAt: createdAt,
    });
  }
});

afterAll(async () => {
  await db.dropDatabase();
  await db.close();
});

describe("the delivery register's export", () => {
  it('holds every notice of the body, newest first, read a chunk at a time, and none of another body', async () => {
    const services = { models, now } as unknown as AppServices;
    const rows = await wholeDeliveryRegister(services, 'body-a', 3);
    expect(rows.map((r) => r.campaignId)).toEqual(['c6', 'c5', 'c4', 'c3', 'c2', 'c1', 'c0']);
    expect(rows.map((r) => r.name)).toEqual([6, 5, 4, 3, 2, 1, 0].map((n) => `Person ${n}`));
    expect(rows.every((r) => r.state === 'notQueued')).toBe(true);
    // The same register whatever the chunk: the chunk only bounds each join's $in list.
    expect(await wholeDeliveryRegister(services, 'body-a', 7)).toEqual(rows);
    expect((await wholeDeliveryRegister(services, 'body-b')).map((r) => r.campaignId)).toEqual(['c8', 'c7']);
  });
});
