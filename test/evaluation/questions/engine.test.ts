import type mongoose from 'mongoose';
import { Types } from 'mongoose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createModels, type Models } from '../../../src/db/models.ts';
import { answerAt, type FormStore, moveTo } from '../../../src/evaluation/questions/engine.ts';
import {
  firstPositionOf,
  positionAfter,
  positionBefore,
  positionsAfter,
} from '../../../src/evaluation/questions/positions.ts';
import { connectTestDb, freshDbName } from '../../support/test-app.ts';

/** Two groups of two questions and one of one: positions 0-4, the review at 5. */
const GROUPS = [0, 0, 1, 1, 2];

describe('positions', () => {
  it('goes on in order, or back to the review at the end of a group opened from it', () => {
    expect(positionsAfter(GROUPS, 0)).toEqual({ onward: 1, returning: 1 });
    expect(positionsAfter(GROUPS, 1)).toEqual({ onward: 2, returning: 5 });
    expect(positionsAfter(GROUPS, 4)).toEqual({ onward: 5, returning: 5 });
    expect(positionAfter(GROUPS, 3, true)).toBe(5);
    expect(positionAfter(GROUPS, 3, false)).toBe(4);
    expect(firstPositionOf(GROUPS, 1)).toBe(2);
    expect(firstPositionOf(GROUPS, 7)).toBe(-1);
    expect(positionBefore(0)).toBeNull();
    expect(positionBefore(3)).toBe(2);
  });
});

describe('the atomic apply on the expected position', () => {
  let connection: mongoose.Connection;
  let models: Models;
  const respondentId = new Types.ObjectId();
  let draftId: Types.ObjectId;
  let commands = 0;

  const store = (): FormStore<{
    position: number;
    returnToReview: boolean;
    answers: Record<string, unknown>;
  }> => ({
    fields: {
      owner: 'respondentId',
      position: 'position',
      returning: 'returnToReview',
      liveMessage: 'messageId',
    },
    apply: (filter, update) => {
      commands++;
      return models.SurveyDraft.findOneAndUpdate(filter, update, { returnDocument: 'after' }).lean();
    },
  });
  const at = (position: number, messageId = 10, owner = respondentId) => ({
    id: draftId,
    owner,
    position,
    messageId,
  });

  beforeAll(async () => {
    connection = await connectTestDb(freshDbName('questions'));
    models = await createModels(connection);
  });
  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });
  beforeEach(async () => {
    await models.SurveyDraft.deleteMany({});
    const draft = await models.SurveyDraft.create({
      assignmentId: new Types.ObjectId(),
      respondentId,
      messageId: 10,
    });
    draftId = draft._id;
    commands = 0;
  });

  it('records an answer and moves on in one command; a double tap changes nothing', async () => {
    const after = await answerAt(store(), GROUPS, at(0), { set: { 'answers.q0': 'box' } });
    expect(after?.position).toBe(1);
    expect(after?.answers).toEqual({ q0: 'box' });
    expect(commands).toBe(1);
    expect(await answerAt(store(), GROUPS, at(0), { set: { 'answers.q0': 'other' } })).toBeNull();
    expect((await models.SurveyDraft.findById(draftId).lean())?.answers).toEqual({ q0: 'box' });
  });

  it("refuses another person's tap and a tap on a message that is no longer the form's", async () => {
    expect(
      await answerAt(store(), GROUPS, at(0, 10, new Types.ObjectId()), { set: { 'answers.q0': 1 } }),
    ).toBeNull();
    expect(await answerAt(store(), GROUPS, at(0, 9), { set: { 'answers.q0': 1 } })).toBeNull();
    await models.SurveyDraft.updateOne({ _id: draftId }, { $set: { messageId: null } });
    expect(
      await answerAt(store(), GROUPS, { ...at(0), messageId: null }, { set: { 'answers.q0': 1 } }),
    ).toBeNull();
    expect((await models.SurveyDraft.findById(draftId).lean())?.position).toBe(0);
  });

  it('a change from the review returns to it after the group, and leaves the change mode there', async () => {
    await models.SurveyDraft.updateOne({ _id: draftId }, { $set: { position: 5 } });
    const opened = await moveTo(store(), at(5), firstPositionOf(GROUPS, 0), { returning: true });
    expect(opened).toMatchObject({ position: 0, returnToReview: true });
    expect(await answerAt(store(), GROUPS, at(0), {})).toMatchObject({ position: 1, returnToReview: true });
    commands = 0;
    expect(await answerAt(store(), GROUPS, at(1), {})).toMatchObject({ position: 5, returnToReview: false });
    // In order the first attempt matches nothing; the second names the change mode.
    expect(commands).toBe(2);
  });

  it('an answer in order at a group end goes on with one command; a forced next position wins', async () => {
    await models.SurveyDraft.updateOne({ _id: draftId }, { $set: { position: 1 } });
    expect(await answerAt(store(), GROUPS, at(1), {})).toMatchObject({ position: 2 });
    expect(commands).toBe(1);
    expect(await answerAt(store(), GROUPS, at(2), { unset: ['answers.q3'] }, 3)).toMatchObject({
      position: 3,
    });
  });

  it('moves only from the expected position', async () => {
    expect(await moveTo(store(), at(2), 1)).toBeNull();
    expect(await moveTo(store(), at(0), 3)).toMatchObject({ position: 3, returnToReview: false });
  });
});
