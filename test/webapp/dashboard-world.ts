import { addRespondent } from '../../src/evaluation/survey360/campaign.ts';
import { getMethodology } from '../../src/methodology/index.ts';
import { sendResultNotice } from '../../src/notifications/notices.ts';
import { signInitData } from '../../src/webapp/init-data.ts';
import { INIT_DATA_HEADER } from '../../src/webapp/server.ts';
import { TEST_TOKEN } from '../support/test-app.ts';
import { A, B, type Body, METHODOLOGY, person, seedTwoBodies, telegramIdOf } from '../support/two-bodies.ts';
import { World } from '../support/world.ts';

export const ADMIN_ID = 93_000;
/** A Telegram account that never wrote to the bot. */
export const STRANGER_ID = 97_000;

/**
 * Two bodies as the chat's trust tests build them (test/support/two-bodies.ts, the same staff and
 * personnel numbers), with the dashboard served: each body's HR runs a 360 campaign and a quarter
 * through the bot; body A has results of two quarters, a closed 360 of the year before with a
 * result (the radar), notices (one acknowledged with its appeal window open) and an appeal.
 */
export async function dashboardWorld(): Promise<World> {
  const world = await new World({
    adminIds: [ADMIN_ID],
    env: { WEBAPP_URL: 'https://dashboard.example.kz/', WEBAPP_PORT: '0', WEBAPP_HOST: '127.0.0.1' },
  }).start();
  // Monday 5 October 2026: the third quarter is to be evaluated; the 360 campaign of the year can be created.
  world.setNow(new Date('2026-10-05T04:00:00Z'));
  await seedTwoBodies(world);
  const models = world.app.services.models;
  const employeeOf = async (body: Body, number: string) =>
    (await models.Employee.findOne({ organisationCode: body.code, personnelNumber: number }).lean())!;

  for (const body of [A, B]) {
    const hr = person(world, body, '900');
    await hr.send('/survey360');
    await hr.tap(/^➕/);
    await hr.send('/ranking 2026-Q3');
    await hr.tap(/^➕/);
  }
  const boss = await employeeOf(A, '100');
  const bossTarget = await models.SurveyTarget.findOne({ employeeId: boss._id });
  await addRespondent(models, { targetId: bossTarget!._id, respondentId: (await employeeOf(A, '102'))._id });
  await person(world, A, '900').send('/survey360');
  await person(world, A, '900').tap(/^🚀/);
  // The officer is a respondent too: their invitation comes first, then the quarter's reply.
  await world.outboxSettled();
  await person(world, A, '900').send('/ranking 2026-Q2');
  await person(world, A, '900').tap(/^➕/);
  await world.outboxSettled();

  const submit = async (body: Body, number: string, period: string, average: number, evaluator?: string) => {
    const employee = await employeeOf(body, number);
    await models.RankingSheet.updateOne(
      { employeeId: employee._id, period, kind: 'ranking' },
      {
        $set: {
          status: 'submitted',
          result: { average, band: average >= 4 ? 'effective' : 'proper' },
          ...(evaluator ? { evaluatorId: (await employeeOf(body, evaluator))._id } : {}),
        },
      },
    );
  };
  await submit(A, '102', '2026-Q3', 4.25);
  await submit(A, '103', '2026-Q3', 3.5);
  await submit(A, '102', '2026-Q2', 3.5, '103');
  await submit(B, '102', '2026-Q3', 3.11);
  // One sheet of body A is past its deadline: the unit shows it late.
  await models.RankingSheet.updateOne(
    { employeeId: (await employeeOf(A, '104'))._id, period: '2026-Q3' },
    { $set: { deadline: '2026-10-01' } },
  );

  // The 360 campaign of 2025, closed, with a result for employee 102 (as the close would store it).
  const set = getMethodology(METHODOLOGY)!.methods.survey360!.competencySets.find((s) => s.id !== 'heads')!;
  const closed = await models.SurveyCampaign.create({
    organisationCode: A.code,
    methodologyId: METHODOLOGY,
    year: 2025,
    state: 'closed',
    deadline: '2025-11-28',
    createdBy: telegramIdOf(A, '900'),
  });
  const averages = set.competencies.map((_, i) => [3.2, 4.6, 2.4, 4.1, 3.8, 2.9][i % 6]!);
  await models.SurveyTarget.create({
    campaignId: closed._id,
    employeeId: (await employeeOf(A, '102'))._id,
    competencySetId: set.id,
    result: {
      ok: true,
      perCompetency: set.competencies.map((c, i) => ({
        id: c.id,
        average: averages[i],
        selfAverage: Math.min(5, averages[i]! + 0.5),
      })),
      overall: 3.5,
      band: 'proper',
      lowest: [set.competencies[2]!.id],
      respondentCount: 4,
    },
  });

  const q3 = await models.RankingCampaign.findOne({ organisationCode: A.code, period: '2026-Q3' }).lean();
  for (const number of ['102', '103']) {
    await sendResultNotice(world.app.services, {
      kind: 'quarter',
      campaignId: String(q3!._id),
      employeeId: (await employeeOf(A, number))._id,
      methodologyId: METHODOLOGY,
      organisationCode: A.code,
      render: () => ({ text: `result of ${number}` }),
    });
  }
  await world.outboxSettled();
  const notice = await models.Notice.findOne({ employeeId: (await employeeOf(A, '102'))._id }).lean();
  await models.Notice.updateOne(
    { _id: notice!._id },
    { $set: { acknowledgedAt: world.now(), appealUntil: '2026-10-12' } },
  );
  await models.Appeal.create({
    noticeId: notice!._id,
    employeeId: notice!.employeeId,
    organisationCode: A.code,
    kind: 'quarter',
    campaignId: String(q3!._id),
    statement: 'Alpha statement',
    filedAt: world.now(),
    filedOn: '2026-10-05',
    decisionBy: '2026-10-08',
    sessionBy: '2026-10-19',
  });
  return world;
}

/** Launch data as Telegram signs it for this account, issued `ageSeconds` ago by the bot's clock. */
export function initDataFor(
  world: World,
  telegramId: number,
  options: { ageSeconds?: number; token?: string; languageCode?: string } = {},
): string {
  const authDate = Math.floor(world.now().getTime() / 1000) - (options.ageSeconds ?? 5);
  return signInitData(
    {
      query_id: `q-${telegramId}`,
      user: JSON.stringify({
        id: telegramId,
        first_name: 'Test',
        language_code: options.languageCode ?? 'ru',
      }),
      auth_date: String(authDate),
    },
    options.token ?? TEST_TOKEN,
  );
}

export const baseUrl = (world: World) => `http://127.0.0.1:${world.app.webapp!.port}/`;

/** One API call as the page makes it. */
export async function callApi(
  world: World,
  path: string,
  initData: string | null,
  body?: Record<string, unknown>,
  // biome-ignore lint/suspicious/noExplicitAny: tests read the API's JSON loosely, as the page does
): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(`${baseUrl(world)}api/${path}`, {
    method: body ? 'POST' : 'GET',
    headers: {
      ...(initData === null ? {} : { [INIT_DATA_HEADER]: initData }),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

export { A, B, telegramIdOf };
