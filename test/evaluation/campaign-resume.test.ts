// A campaign's creation cut off between the campaign document and its rows (a crash) is finished by
// the next creation, and a half-written 360 campaign cannot be launched meanwhile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRankingCampaign, parsePeriod } from '../../src/evaluation/ranking/campaign.ts';
import { createCampaign, launchCampaign } from '../../src/evaluation/survey360/campaign.ts';
import { LARGE_ORG, seedLargeBody } from '../support/large-body.ts';
import { World } from '../support/world.ts';

let world: World;
const models = () => world.app.services.models;

beforeAll(async () => {
  world = await new World().start();
  await seedLargeBody(world, { people: 40, unitSize: 10 });
});

afterAll(async () => {
  await world.stop();
});

describe('a ranking campaign cut off while its sheets were written', () => {
  it('is finished by the next creation, keeping the sheets already written, and then exists', async () => {
    const period = parsePeriod('2026-Q3')!;
    const input = { organisationCode: LARGE_ORG, period, createdBy: 1 };
    const first = await createRankingCampaign(models(), input);
    if (!first.ok) throw new Error(first.problem);
    const { RankingCampaign, RankingSheet } = models();
    const all = await RankingSheet.find({ campaignId: first.campaignId }, { _id: 1 }).sort({ _id: 1 }).lean();
    expect(all.length).toBe(first.planned.length);

    // The state a crash after the first half of the insert leaves behind.
    const lost = all.slice(all.length / 2).map((s) => s._id);
    await RankingSheet.deleteMany({ _id: { $in: lost } });
    await RankingCampaign.updateOne({ _id: first.campaignId }, { $set: { sheetsWritten: false } });

    const resumed = await createRankingCampaign(models(), input);
    expect(resumed.ok && String(resumed.campaignId)).toBe(String(first.campaignId));
    const after = await RankingSheet.find({ campaignId: first.campaignId }, { _id: 1 }).lean();
    expect(after.length).toBe(all.length);
    const kept = new Set(after.map((s) => String(s._id)));
    expect(all.slice(0, all.length / 2).every((s) => kept.has(String(s._id)))).toBe(true);
    expect(await RankingCampaign.countDocuments({ organisationCode: LARGE_ORG })).toBe(1);
    expect((await RankingCampaign.findById(first.campaignId).lean())?.sheetsWritten).toBe(true);

    expect(await createRankingCampaign(models(), input)).toMatchObject({ ok: false, problem: 'exists' });
  });

  it('a campaign written before the marker existed counts as finished', async () => {
    const input = { organisationCode: LARGE_ORG, period: parsePeriod('2026-Q2')!, createdBy: 1 };
    const first = await createRankingCampaign(models(), input);
    if (!first.ok) throw new Error(first.problem);
    await models().RankingCampaign.updateOne({ _id: first.campaignId }, { $unset: { sheetsWritten: 1 } });
    expect(await createRankingCampaign(models(), input)).toMatchObject({ ok: false, problem: 'exists' });
  });
});

describe('a 360 campaign cut off while its evaluatees and respondents were written', () => {
  it('cannot be launched, is written again whole by the next creation, and can then be launched', async () => {
    const input = { organisationCode: LARGE_ORG, year: 2026, createdBy: 1 };
    const first = await createCampaign(models(), input);
    if (!first.ok) throw new Error(first.problem);
    const { SurveyCampaign, SurveyTarget, SurveyAssignment } = models();
    const targets = await SurveyTarget.countDocuments({ campaignId: first.campaignId });
    const assignments = await SurveyAssignment.countDocuments({ campaignId: first.campaignId });
    expect(targets).toBe(40);
    expect(assignments).toBeGreaterThan(3 * 30);

    // A crash after the evaluatees and some of the respondents.
    const some = await SurveyAssignment.find({ campaignId: first.campaignId }, { _id: 1 }).limit(25).lean();
    await SurveyAssignment.deleteMany({
      _id: { $nin: some.map((a) => a._id) },
      campaignId: first.campaignId,
    });
    await SurveyCampaign.updateOne({ _id: first.campaignId }, { $set: { targetsWritten: false } });
    expect(await launchCampaign(models(), first.campaignId)).toMatchObject({ ok: false });
    expect((await SurveyCampaign.findById(first.campaignId).lean())?.state).toBe('draft');

    const resumed = await createCampaign(models(), input);
    expect(resumed.ok && String(resumed.campaignId)).toBe(String(first.campaignId));
    expect(await SurveyTarget.countDocuments({ campaignId: first.campaignId })).toBe(targets);
    expect(await SurveyAssignment.countDocuments({ campaignId: first.campaignId })).toBe(assignments);
    expect(await createCampaign(models(), input)).toMatchObject({ ok: false, problem: 'exists' });
    expect(await launchCampaign(models(), first.campaignId)).toMatchObject({ ok: true });
  });
});
