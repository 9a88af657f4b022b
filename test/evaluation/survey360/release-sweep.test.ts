import { randomBytes } from 'node:crypto';
import type mongoose from 'mongoose';
import { Types } from 'mongoose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createModels, type Models } from '../../../src/db/models.ts';
import { AnswerVault } from '../../../src/evaluation/survey360/answer-vault.ts';
import {
  answerContext,
  type SealedContent,
  sealedContext,
} from '../../../src/evaluation/survey360/answering.ts';
import { releaseResponses } from '../../../src/evaluation/survey360/release.ts';
import { sweepSurvey360 } from '../../../src/evaluation/survey360/sweep.ts';
import { connectTestDb, freshDbName } from '../../support/test-app.ts';

let connection: mongoose.Connection;
let models: Models;
const answerVault = new AnswerVault(randomBytes(32));
const deps = () => ({ models, answerVault });

beforeAll(async () => {
  connection = await connectTestDb(freshDbName('release'));
  models = await createModels(connection);
});
afterAll(async () => {
  await connection.dropDatabase();
  await connection.close();
});
beforeEach(async () => {
  await Promise.all(Object.values(models).map((model) => model.deleteMany({})));
});

async function campaign(state: 'launched' | 'closed') {
  return models.SurveyCampaign.create({
    organisationCode: `org-${new Types.ObjectId()}`,
    methodologyId: 'almaty-city-akimat-2023',
    year: 2026,
    state,
    deadline: '2027-01-10',
    createdBy: 1,
  });
}

/** A sealed submission whose answer `q` carries `marker`, so a test can tell the pieces apart. */
async function sealPiece(campaignId: Types.ObjectId, marker: number, token = `t${marker}`) {
  const piece = new models.SurveySealedResponse({
    campaignId,
    submissionMac: answerVault.mac('submission', token),
    box: '',
  });
  const content: SealedContent = {
    targetId: String(new Types.ObjectId()),
    isSelf: false,
    answers: { q: marker },
  };
  piece.box = answerVault.seal(content, sealedContext(campaignId, piece._id));
  await piece.save();
  return piece;
}

describe('releaseResponses', () => {
  it('writes the sealed questionnaires as responses in an order unrelated to submission, then deletes them', async () => {
    const { _id } = await campaign('closed');
    const pieces = [];
    for (let i = 0; i < 40; i++) pieces.push(await sealPiece(_id, i));
    expect(await releaseResponses(deps(), _id)).toBe(40);
    const natural = await connection.db!.collection('surveyresponses').find().toArray();
    const order = natural.map((r) => (r.answers as { q: number }).q);
    expect([...order].sort((a, b) => a - b)).toEqual([...Array(40).keys()]);
    // The identity order has probability 1/40!.
    expect(order).not.toEqual([...Array(40).keys()]);
    const sealedIds = new Set(pieces.map((p) => p._id));
    for (const response of natural) {
      expect(sealedIds.has(response._id as unknown as string)).toBe(false);
      expect(Object.keys(response).sort()).toEqual(['_id', 'answers', 'campaignId', 'isSelf', 'targetId']);
    }
    expect(await models.SurveySealedResponse.countDocuments()).toBe(0);
  });

  it('after a crash halfway, a repeat inserts only what is missing', async () => {
    const { _id } = await campaign('closed');
    const pieces = [await sealPiece(_id, 1), await sealPiece(_id, 2), await sealPiece(_id, 3)];
    // The crashed run had inserted the first piece's response, with its release fingerprint.
    await models.SurveyResponse.create({
      campaignId: _id,
      targetId: new Types.ObjectId(),
      isSelf: false,
      answers: { q: 1 },
      releaseMac: answerVault.mac('release', pieces[0]!._id),
    });
    expect(await releaseResponses(deps(), _id)).toBe(2);
    const responses = await models.SurveyResponse.find().lean();
    expect(responses.map((r) => (r.answers as { q: number }).q).sort()).toEqual([1, 2, 3]);
    expect(responses.every((r) => r.releaseMac === undefined)).toBe(true);
  });
});

describe('sweepSurvey360', () => {
  async function assignmentWithDraft(campaignId: Types.ObjectId, options: { done?: boolean } = {}) {
    const assignment = await models.SurveyAssignment.create({
      campaignId,
      targetId: new Types.ObjectId(),
      respondentId: new Types.ObjectId(),
      relation: 'peer',
      done: options.done ?? false,
    });
    const draft = await models.SurveyDraft.create({
      assignmentId: assignment._id,
      respondentId: assignment.respondentId,
    });
    return { assignment, draft };
  }

  it('finishes a submission a crash left half done, and deletes drafts that can no longer be submitted', async () => {
    const running = await campaign('launched');
    const closed = await campaign('closed');
    const crashed = await assignmentWithDraft(running._id);
    await sealPiece(running._id, 5, crashed.draft.submissionToken);
    const active = await assignmentWithDraft(running._id);
    await assignmentWithDraft(running._id, { done: true });
    await assignmentWithDraft(closed._id);
    const orphan = await assignmentWithDraft(running._id);
    await models.SurveyAssignment.deleteOne({ _id: orphan.assignment._id });

    expect(await sweepSurvey360(deps())).toEqual({ finished: 1, deleted: 3, released: 0 });
    const left = await models.SurveyDraft.find().lean();
    expect(left.map((d) => String(d._id))).toEqual([String(active.draft._id)]);
    expect((await models.SurveyAssignment.findById(crashed.assignment._id))?.done).toBe(true);
  });

  it('releases what a closed campaign left sealed', async () => {
    const closed = await campaign('closed');
    await sealPiece(closed._id, 7);
    expect((await sweepSurvey360(deps())).released).toBe(1);
    expect(await models.SurveySealedResponse.countDocuments()).toBe(0);
    expect(await models.SurveyResponse.countDocuments({ campaignId: closed._id })).toBe(1);
  });

  it('seals answers and responses an older version stored in clear, and drops their times and tokens', async () => {
    const running = await campaign('launched');
    const closed = await campaign('closed');
    const { draft } = await assignmentWithDraft(running._id);
    await models.SurveyDraft.collection.updateOne(
      { _id: draft._id },
      { $set: { 'answers.management-1': 4, updatedAt: new Date(), chatId: 7001 } },
    );
    const responses = models.SurveyResponse.collection;
    await responses.insertMany([
      {
        _id: 'a' as never,
        campaignId: running._id,
        targetId: new Types.ObjectId(),
        isSelf: false,
        answers: { q: 2 },
        submittedOn: '2026-12-01',
        submissionToken: 'x',
      },
      {
        _id: 'b' as never,
        campaignId: closed._id,
        targetId: new Types.ObjectId(),
        isSelf: false,
        answers: { q: 3 },
        submittedOn: '2026-12-01',
        submissionToken: 'y',
      },
    ]);
    await sweepSurvey360(deps());
    const raw = await models.SurveyDraft.collection.findOne({ _id: draft._id });
    expect(Object.keys(raw!).sort()).not.toContain('updatedAt');
    expect(Object.keys(raw!).sort()).not.toContain('chatId');
    const box = (raw!.answers as Record<string, string>)['management-1']!;
    expect(answerVault.open(box, answerContext(draft._id, 'management-1'))).toBe(4);
    // The running campaign's response went back to sealed form; the closed one's lost token and day.
    expect(await responses.countDocuments({ campaignId: running._id })).toBe(0);
    expect(await models.SurveySealedResponse.countDocuments({ campaignId: running._id })).toBe(1);
    expect(Object.keys((await responses.findOne({ _id: 'b' as never }))!).sort()).toEqual([
      '_id',
      'answers',
      'campaignId',
      'isSelf',
      'targetId',
    ]);
  });
});
