import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRankingCampaign, parsePeriod } from '../../src/evaluation/ranking/campaign.ts';
import {
  LARGE_BODY,
  LARGE_ORG,
  largeNumberOf,
  largeTelegramIdOf,
  seedLargeBody,
  seedNotices,
} from '../support/large-body.ts';
import { World } from '../support/world.ts';
import { callApi, initDataFor } from './dashboard-world.ts';

let world: World;
let campaignId: string;
const HEAD = 1;
/** How long each call took (reported, never asserted: the machine's load decides it). */
const timings: Record<string, number> = {};

async function timed(name: string, path: string) {
  const started = performance.now();
  const answer = await callApi(world, path, initDataFor(world, largeTelegramIdOf(HEAD)));
  timings[name] = Math.round(performance.now() - started);
  return answer;
}

beforeAll(async () => {
  world = await new World({ env: { WEBAPP_URL: 'https://dashboard.example.kz/', WEBAPP_PORT: '0' } }).start();
  world.setNow(new Date('2026-10-05T04:00:00Z'));
  await seedLargeBody(world);
  const { models } = world.app.services;
  await models.Employee.updateOne(
    { organisationCode: LARGE_ORG, personnelNumber: largeNumberOf(HEAD) },
    { $addToSet: { roles: 'hrHead' } },
  );
  const created = await createRankingCampaign(models, {
    organisationCode: LARGE_ORG,
    period: parsePeriod('2026-Q3')!,
    createdBy: largeTelegramIdOf(HEAD),
  });
  if (!created.ok) throw new Error(created.problem);
  campaignId = String(created.campaignId);
  // Every other sheet has its result.
  const sheets = await models.RankingSheet.find({ campaignId, status: 'pending' }, { _id: 1 }).sort({
    _id: 1,
  });
  await models.RankingSheet.bulkWrite(
    sheets
      .filter((_, i) => i % 2 === 0)
      .map((sheet, i) => ({
        updateOne: {
          filter: { _id: sheet._id },
          update: { $set: { status: 'submitted', result: { average: 4 + (i % 5) / 10, band: 'effective' } } },
        },
      })),
  );
  await seedNotices(world);
}, 240_000);
afterAll(async () => {
  // Printed for the performance notes; the run's load decides the numbers.
  console.info(`dashboard calls on ${LARGE_BODY.people} staff (ms): ${JSON.stringify(timings)}`);
  await world?.stop();
});

describe(`the dashboard on a body of ${LARGE_BODY.people} staff`, () => {
  it('pages every list (25 rows) and counts every unit', async () => {
    const progress = (await timed('progress', `campaigns/${campaignId}/progress`)).body;
    expect(progress.units).toHaveLength(LARGE_BODY.people / LARGE_BODY.unitSize);
    const counted = progress.units.reduce(
      (sum: number, u: Record<string, number>) => sum + u.done! + u.inProgress! + u.late! + u.notStarted!,
      0,
    );
    expect(counted).toBe(await world.app.services.models.RankingSheet.countDocuments({ campaignId }));

    const people = (await timed('people', `campaigns/${campaignId}/people?page=0`)).body;
    expect(people.rows).toHaveLength(25);
    expect(people.total).toBe(counted);
    expect(people.pages).toBe(Math.ceil(counted / 25));
    const last = (await timed('peopleLast', `campaigns/${campaignId}/people?page=9999`)).body;
    expect(last.page).toBe(people.pages - 1);
    const found = (await timed('search', `campaigns/${campaignId}/people?q=${largeNumberOf(777)}`)).body;
    expect(found.rows.map((r: { personnelNumber: string }) => r.personnelNumber)).toEqual([
      largeNumberOf(777),
    ]);

    const bands = (await timed('bands', `campaigns/${campaignId}/bands`)).body;
    const effective = bands.units.reduce(
      (sum: number, u: { bands: { effective?: number } }) => sum + (u.bands.effective ?? 0),
      0,
    );
    expect(effective).toBe(
      await world.app.services.models.RankingSheet.countDocuments({ campaignId, status: 'submitted' }),
    );
    expect(effective).toBeGreaterThan(500);

    const evaluators = (await timed('evaluators', `campaigns/${campaignId}/evaluators?page=1`)).body;
    expect(evaluators.rows.length).toBeLessThanOrEqual(25);
    expect(evaluators.total).toBeGreaterThan(25);

    const register = (await timed('register', 'register?filter=unack&page=3')).body;
    expect(register.rows).toHaveLength(25);
    expect(register.total).toBe(LARGE_BODY.people);
  });
});
