import type { Connection, Types } from 'mongoose';
import type { Models } from '../db/models.ts';
import type { RankingCampaignDoc } from '../evaluation/ranking/models.ts';
import type { AssignmentDoc, CampaignDoc, TargetDoc } from '../evaluation/survey360/models.ts';
import type { AccountDoc, EmployeeDoc } from '../people/models.ts';
import { Memo } from './memo.ts';
import { CacheStamps, type CacheStampsOptions } from './stamps.ts';

export { Memo } from './memo.ts';
export { CACHE_DOMAINS, type CacheDomain, CacheStamps, invalidatesCache } from './stamps.ts';

type Id = Types.ObjectId | string;
type WithId<T> = Readonly<T & { _id: Types.ObjectId }>;

export type AccountRecord = WithId<AccountDoc>;
export type EmployeeRecord = WithId<EmployeeDoc>;

/** Who sends an update: the account (always there once seen) and the linked employee, if any. */
export interface Identity {
  account: AccountRecord | null;
  employee: EmployeeRecord | null;
}

/** A 360 campaign as the questionnaire needs it. */
export type SurveyCampaignFacts = WithId<
  Pick<CampaignDoc, 'organisationCode' | 'methodologyId' | 'year' | 'state' | 'deadline'>
>;
/** A 360 evaluatee: who, with which competency set. */
export type SurveyTargetFacts = WithId<
  Pick<TargetDoc, 'campaignId' | 'employeeId' | 'competencySetId' | 'excludedReason'>
>;
/**
 * Who answers about whom: the fields fixed when the assignment is made. `done` is not here — it
 * changes at every submission; read it from the database where it matters.
 */
export type SurveyAssignmentFacts = WithId<
  Pick<AssignmentDoc, 'campaignId' | 'targetId' | 'respondentId' | 'relation'>
>;
export type RankingCampaignFacts = WithId<
  Pick<
    RankingCampaignDoc,
    'organisationCode' | 'methodologyId' | 'periodKind' | 'period' | 'year' | 'start' | 'end' | 'state'
  >
>;

/**
 * What the update path reads again and again, kept in memory (docs/performance.md, "Caches"):
 * an entry is stale as soon as a write through mongoose touches its collections in this process,
 * within a second when the write was made by another instance, and after a minute in any case.
 * Everything returned is frozen.
 */
export interface Caches {
  readonly stamps: CacheStamps;
  /** The sender's identity; `load` reads it (identify creates the account on first sight). */
  readonly identity: Memo<number, Identity>;
  /** An employee's full name (a questionnaire's evaluatee, a sheet's person); '' if there is none. */
  employeeName(employeeId: Id): Promise<string>;
  surveyCampaign(campaignId: Id): Promise<SurveyCampaignFacts | null>;
  surveyTarget(targetId: Id): Promise<SurveyTargetFacts | null>;
  surveyAssignment(assignmentId: Id): Promise<SurveyAssignmentFacts | null>;
  rankingCampaign(campaignId: Id): Promise<RankingCampaignFacts | null>;
  /** Writes the shared versions still pending, and stops noting writes on this connection. */
  close(): Promise<void>;
}

const OBJECT_ID = /^[0-9a-f]{24}$/;
const validId = (id: Id) => typeof id !== 'string' || OBJECT_ID.test(id);

export function createCaches(
  connection: Connection,
  models: Models,
  options: CacheStampsOptions & { maxEntries?: number; ttlMs?: number } = {},
): Caches {
  const stamps = new CacheStamps(connection, options);
  const sizes = { maxEntries: options.maxEntries, ttlMs: options.ttlMs };
  const names = new Memo<string, string>(stamps, { domains: ['people'], ...sizes });
  const surveyCampaigns = new Memo<string, SurveyCampaignFacts | null>(stamps, {
    domains: ['survey360'],
    ...sizes,
  });
  const surveyTargets = new Memo<string, SurveyTargetFacts | null>(stamps, {
    domains: ['survey360'],
    ...sizes,
  });
  const surveyAssignments = new Memo<string, SurveyAssignmentFacts | null>(stamps, {
    domains: ['survey360'],
    ...sizes,
  });
  const rankingCampaigns = new Memo<string, RankingCampaignFacts | null>(stamps, {
    domains: ['ranking'],
    ...sizes,
  });
  return {
    stamps,
    identity: new Memo<number, Identity>(stamps, { domains: ['people'], ...sizes }),
    employeeName: (employeeId) =>
      validId(employeeId)
        ? names.get(String(employeeId), async () => {
            const employee = await models.Employee.findById(employeeId, { fullName: 1 }).lean();
            return employee?.fullName ?? '';
          })
        : Promise.resolve(''),
    surveyCampaign: (campaignId) =>
      validId(campaignId)
        ? surveyCampaigns.get(String(campaignId), () =>
            models.SurveyCampaign.findById(campaignId, {
              organisationCode: 1,
              methodologyId: 1,
              year: 1,
              state: 1,
              deadline: 1,
            }).lean<SurveyCampaignFacts>(),
          )
        : Promise.resolve(null),
    surveyTarget: (targetId) =>
      validId(targetId)
        ? surveyTargets.get(String(targetId), () =>
            models.SurveyTarget.findById(targetId, {
              campaignId: 1,
              employeeId: 1,
              competencySetId: 1,
              excludedReason: 1,
            }).lean<SurveyTargetFacts>(),
          )
        : Promise.resolve(null),
    surveyAssignment: (assignmentId) =>
      validId(assignmentId)
        ? surveyAssignments.get(String(assignmentId), () =>
            models.SurveyAssignment.findById(assignmentId, {
              campaignId: 1,
              targetId: 1,
              respondentId: 1,
              relation: 1,
            }).lean<SurveyAssignmentFacts>(),
          )
        : Promise.resolve(null),
    rankingCampaign: (campaignId) =>
      validId(campaignId)
        ? rankingCampaigns.get(String(campaignId), () =>
            models.RankingCampaign.findById(campaignId, {
              organisationCode: 1,
              methodologyId: 1,
              periodKind: 1,
              period: 1,
              year: 1,
              start: 1,
              end: 1,
              state: 1,
            }).lean<RankingCampaignFacts>(),
          )
        : Promise.resolve(null),
    async close() {
      await stamps.settle();
      stamps.detach();
    },
  };
}
