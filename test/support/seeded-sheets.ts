import type { Types } from 'mongoose';
import type { World } from './world.ts';

const QUARTER = /^(\d{4})-Q([1-4])$/;

/** The quarter's campaign of a body (created closed, as after HR finalised it). */
export async function seedCampaign(
  world: World,
  organisationCode: string,
  methodologyId: string,
  period: string,
): Promise<Types.ObjectId> {
  const { models } = world.app.services;
  const [, year, q] = QUARTER.exec(period)!;
  const startMonth = (Number(q) - 1) * 3 + 1;
  const endMonth = startMonth + 2;
  const lastDay = new Date(Date.UTC(Number(year), endMonth, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  const campaign = await models.RankingCampaign.findOneAndUpdate(
    { organisationCode, period },
    {
      $setOnInsert: {
        organisationCode,
        methodologyId,
        periodKind: 'quarter',
        period,
        year: Number(year),
        start: `${year}-${pad(startMonth)}-01`,
        end: `${year}-${pad(endMonth)}-${pad(lastDay)}`,
        state: 'closed',
        createdBy: 1,
      },
    },
    { upsert: true, returnDocument: 'after' },
  ).lean();
  return campaign!._id;
}

/** A submitted ranking sheet of the staff form (Almaty city): every parameter scored, its average and band. */
export async function seedRankingSheet(
  world: World,
  input: {
    organisationCode: string;
    methodologyId: string;
    period: string;
    employeeId: Types.ObjectId;
    evaluatorId: Types.ObjectId | null;
    scores: Record<string, number>;
    justifications?: Record<string, string>;
  },
): Promise<Types.ObjectId> {
  const { models } = world.app.services;
  const campaignId = await seedCampaign(world, input.organisationCode, input.methodologyId, input.period);
  const employee = await models.Employee.findById(input.employeeId, { unitCode: 1 }).lean();
  const values = Object.values(input.scores);
  const average = Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;
  const band =
    average >= 4 ? 'effective' : average >= 3 ? 'proper' : average >= 2 ? 'satisfactory' : 'unsatisfactory';
  const sheet = await models.RankingSheet.create({
    campaignId,
    organisationCode: input.organisationCode,
    period: input.period,
    year: Number(input.period.slice(0, 4)),
    employeeId: input.employeeId,
    unitCode: employee?.unitCode ?? 'DEP',
    kind: 'ranking',
    formId: 'staff',
    evaluatorId: input.evaluatorId,
    participation: 'full',
    deadline: `${input.period.slice(0, 4)}-12-31`,
    status: 'submitted',
    scores: input.scores,
    justifications: input.justifications ?? {},
    sanction: 'none',
    result: { average, band },
    submittedAt: world.now(),
  });
  return sheet._id;
}
