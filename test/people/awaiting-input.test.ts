import type mongoose from 'mongoose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AWAITING_LIFETIME_MS,
  type AwaitingInputModels,
  awaitInput,
  awaitingInputOf,
  createAwaitingInputModels,
  holdDraft,
  stopAwaiting,
} from '../../src/people/awaiting-input.ts';
import { connectTestDb, freshDbName } from '../support/test-app.ts';

let connection: mongoose.Connection;
let models: AwaitingInputModels;
const now = new Date('2026-10-05T04:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);
const ID = 42;

beforeAll(async () => {
  connection = await connectTestDb(freshDbName('awaiting'));
  models = createAwaitingInputModels(connection);
  await models.AwaitingInput.init();
});
afterAll(async () => {
  await connection.dropDatabase();
  await connection.close();
});
beforeEach(async () => {
  await models.AwaitingInput.deleteMany({});
});

describe('the awaiting-input record', () => {
  it('is one per account: a new flow replaces the old one (draft included)', async () => {
    await awaitInput(models, ID, { kind: 'appealStatement', documentId: 'n1' }, now);
    await holdDraft(models, ID, { kind: 'appealStatement', documentId: 'n1' }, 'text', now);
    const sheet = await awaitInput(models, ID, { kind: 'sheet', documentId: 's1', step: 3 }, now);
    expect(sheet).toMatchObject({ kind: 'sheet', documentId: 's1', step: 3, draft: null });
    expect(await models.AwaitingInput.countDocuments({ telegramId: ID })).toBe(1);
  });

  it('two flows starting at once leave exactly one record', async () => {
    await Promise.all([
      awaitInput(models, ID, { kind: 'sheet', documentId: 's1', step: 0 }, now),
      awaitInput(models, ID, { kind: 'reviewComment', documentId: 's2' }, now),
    ]);
    expect(await models.AwaitingInput.countDocuments({ telegramId: ID })).toBe(1);
  });

  it('ends after its lifetime', async () => {
    await awaitInput(models, ID, { kind: 'rosterFile', documentId: 'org' }, now);
    const lifetime = AWAITING_LIFETIME_MS.rosterFile;
    expect((await awaitingInputOf(models, ID, later(lifetime - 1)))?.expired).toBe(false);
    expect((await awaitingInputOf(models, ID, later(lifetime)))?.expired).toBe(true);
    expect(
      await holdDraft(models, ID, { kind: 'rosterFile', documentId: 'org' }, 'x', later(lifetime)),
    ).toBeNull();
  });

  it('is stopped only by the flow it is for, and only once', async () => {
    await awaitInput(models, ID, { kind: 'sheet', documentId: 's1', step: 0 }, now);
    expect(await stopAwaiting(models, ID, { kind: 'sheet', documentId: 's2' })).toBeNull();
    expect(await stopAwaiting(models, ID, { kind: 'appealStatement' })).toBeNull();
    const [first, second] = await Promise.all([
      stopAwaiting(models, ID, { kind: 'sheet', documentId: 's1' }),
      stopAwaiting(models, ID, { kind: 'sheet', documentId: 's1' }),
    ]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    expect(await awaitingInputOf(models, ID, now)).toBeNull();
  });

  it('holds a draft only for the flow it is for', async () => {
    await awaitInput(models, ID, { kind: 'appealStatement', documentId: 'n1' }, now);
    expect(await holdDraft(models, ID, { kind: 'appealStatement', documentId: 'n2' }, 'x', now)).toBeNull();
    const held = await holdDraft(models, ID, { kind: 'appealStatement', documentId: 'n1' }, 'statement', now);
    expect(held?.draft).toBe('statement');
  });
});
