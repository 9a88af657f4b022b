import { Types } from 'mongoose';
import { almatyDateOf, type IsoDate } from '../../calendar/index.ts';
import { getMethodology, isCalibration, type Methodology, routeOf } from '../../methodology/index.ts';
import { termDays, valueOrNull } from '../../methodology/route.ts';
import type { CalibrationRoute } from '../../methodology/schema.ts';
import type { Actor } from '../../people/access.ts';
import { rightsEnded } from '../../people/access.ts';
import type { AppServices } from '../../services.ts';
import { FINAL_STATUSES } from '../ranking/models.ts';
import { bandOf } from '../scoring/bands.ts';
import type { CalibrationCaseDoc, MemberRole, Vote } from './models.ts';
import {
  checkMembership,
  checkSessionDate,
  decideOutcome,
  type MembershipProblem,
  parseNumbers,
  type SessionDateProblem,
  scoreFitsVote,
} from './rules.ts';

export type CalibrationCase = CalibrationCaseDoc & { _id: Types.ObjectId };

const isId = (id: string) => Types.ObjectId.isValid(id) && /^[0-9a-f]{24}$/.test(id);

/** The calibration route of a case's methodology (a case exists only under one). */
export function routeOfCase(c: Pick<CalibrationCase, 'methodologyId'>): {
  methodology: Methodology;
  route: CalibrationRoute;
} | null {
  const methodology = getMethodology(c.methodologyId);
  const route = methodology && routeOf(methodology);
  return methodology && route && isCalibration(route) ? { methodology, route } : null;
}

export async function loadCase(services: AppServices, caseId: string): Promise<CalibrationCase | null> {
  if (!isId(caseId)) return null;
  return services.models.CalibrationCase.findById(caseId).lean<CalibrationCase>();
}

/** The employees who hold the `authorised` role in the body now (the appointing official). */
export async function authorisedOf(services: AppServices, organisationCode: string) {
  return services.models.Employee.find(
    { organisationCode, roles: 'authorised', status: { $ne: 'dismissed' } },
    { _id: 1, fullName: 1 },
  )
    .sort({ _id: 1 })
    .lean();
}

/**
 * Opens the case of a filed application, once (the unique appeal id makes a repeat harmless): the
 * disputed result (a quarter's final sheet), its evaluator and score, and the authorised persons of the
 * body it is routed to. Null when the notice's route is not a calibration session.
 */
export async function openCase(
  services: AppServices,
  appealId: string,
): Promise<{ case: CalibrationCase; created: boolean } | null> {
  const { Appeal, Notice, RankingSheet, CalibrationCase } = services.models;
  if (!isId(appealId)) return null;
  const existing = await CalibrationCase.findOne({ appealId }).lean<CalibrationCase>();
  if (existing) return { case: existing, created: false };
  const appeal = await Appeal.findById(appealId).lean();
  const notice = appeal && (await Notice.findById(appeal.noticeId).lean());
  if (!appeal || !notice?.methodologyId || !notice.organisationCode) return null;
  const methodology = getMethodology(notice.methodologyId);
  if (!methodology || !isCalibration(routeOf(methodology, notice.routeFormId))) return null;
  // A quarter notice may carry a ranking and a KPI sheet: the ranking sheet is the one disputed first.
  const sheet = Types.ObjectId.isValid(notice.campaignId)
    ? await RankingSheet.findOne({
        campaignId: notice.campaignId,
        employeeId: notice.employeeId,
        status: { $in: FINAL_STATUSES },
      })
        .sort({ kind: -1 })
        .lean()
    : null;
  const score = sheet?.result?.average ?? null;
  const routedTo = (await authorisedOf(services, notice.organisationCode))
    .map((e) => e._id)
    .filter((id) => !id.equals(notice.employeeId));
  try {
    const created = await CalibrationCase.create({
      appealId: appeal._id,
      noticeId: notice._id,
      employeeId: notice.employeeId,
      organisationCode: notice.organisationCode,
      methodologyId: notice.methodologyId,
      campaignId: notice.campaignId,
      noticeKind: notice.kind,
      sheetId: sheet?._id ?? null,
      evaluatorId: sheet?.evaluatorId ?? null,
      period: sheet?.period ?? null,
      score,
      band: sheet?.result?.band ?? null,
      filedOn: appeal.filedOn,
      routedTo,
      decisionBy: appeal.decisionBy,
      sessionBy: appeal.sessionBy,
    });
    return { case: created.toObject() as CalibrationCase, created: true };
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
    const raced = await CalibrationCase.findOne({ appealId }).lean<CalibrationCase>();
    return raced ? { case: raced, created: false } : null;
  }
}

/** The caller decides on the case: the body's authorised person by the roster now, never the appellant. */
export function isAuthorisedFor(actor: Actor, c: Pick<CalibrationCase, 'organisationCode' | 'employeeId'>) {
  const employee = actor.employee;
  return Boolean(
    employee &&
      !rightsEnded(employee) &&
      employee.organisationCode === c.organisationCode &&
      employee.roles.includes('authorised') &&
      !employee._id.equals(c.employeeId),
  );
}

export const isMemberOf = (actor: Actor, c: Pick<CalibrationCase, 'members'>) =>
  Boolean(actor.employee && c.members.some((m) => m.employeeId.equals(actor.employee!._id)));

export type DecisionRefused = 'notFound' | 'notAllowed' | 'alreadyDecided';

/** The case for a decision by this caller, or why not. */
export async function caseForDecision(
  services: AppServices,
  caseId: string,
  actor: Actor,
): Promise<CalibrationCase | DecisionRefused> {
  const c = await loadCase(services, caseId);
  if (!c) return 'notFound';
  if (!isAuthorisedFor(actor, c)) return 'notAllowed';
  if (c.state !== 'awaitingDecision') return 'alreadyDecided';
  return c;
}

/** The authorised person refuses to hold a session, with the typed reason. */
export async function refuseCase(
  services: AppServices,
  caseId: string,
  actor: Actor,
  reason: string,
): Promise<CalibrationCase | DecisionRefused> {
  const c = await caseForDecision(services, caseId, actor);
  if (typeof c === 'string') return c;
  const updated = await services.models.CalibrationCase.findOneAndUpdate(
    { _id: c._id, state: 'awaitingDecision' },
    {
      $set: {
        state: 'refused',
        refusalReason: reason,
        decidedBy: actor.employee!._id,
        decidedOn: almatyDateOf(services.now()),
        draft: null,
      },
    },
    { returnDocument: 'after' },
  ).lean<CalibrationCase>();
  if (!updated) return 'alreadyDecided';
  await services.models.Appeal.updateOne({ _id: c.appealId }, { $set: { state: 'decided' } });
  return updated;
}

/** Who the methodology seats on this case whatever is named (Justice), and who may never sit. */
async function membershipFacts(services: AppServices, c: CalibrationCase) {
  const { RankingSheet, Employee } = services.models;
  const route = routeOfCase(c)?.route;
  const evaluatorIds =
    route?.members.included.includes('otherEvaluators') && Types.ObjectId.isValid(c.campaignId)
      ? (await RankingSheet.distinct('evaluatorId', { campaignId: c.campaignId, evaluatorId: { $ne: null } }))
          .map(String)
          .sort()
      : [];
  const hrHeadIds = route?.members.included.includes('hrHead')
    ? (
        await Employee.find(
          { organisationCode: c.organisationCode, roles: 'hrHead', status: { $ne: 'dismissed' } },
          { _id: 1 },
        )
          .sort({ _id: 1 })
          .lean()
      ).map((e) => String(e._id))
    : [];
  return {
    appellantId: String(c.employeeId),
    evaluatorId: c.evaluatorId ? String(c.evaluatorId) : null,
    evaluatorIds,
    hrHeadIds,
  };
}

export type MembersOutcome =
  | { ok: true; members: { id: string; role: MemberRole }[] }
  | { ok: false; problem: MembershipProblem | { code: 'unknown'; numbers: string[] } }
  | { ok: false; problem: DecisionRefused };

/**
 * The authorised person names the members by personnel number: they must be staff of the body (not
 * dismissed); the route's rules are checked on the whole membership (the included seats too). Kept as
 * the caller's draft until confirmed.
 */
export async function proposeMembers(
  services: AppServices,
  caseId: string,
  actor: Actor,
  typed: string,
): Promise<MembersOutcome> {
  const c = await caseForDecision(services, caseId, actor);
  if (typeof c === 'string') return { ok: false, problem: c };
  const numbers = parseNumbers(typed);
  const found = await services.models.Employee.find(
    { organisationCode: c.organisationCode, personnelNumber: { $in: numbers }, status: { $ne: 'dismissed' } },
    { _id: 1, personnelNumber: 1 },
  ).lean();
  const unknown = numbers.filter((n) => !found.some((e) => e.personnelNumber === n));
  if (unknown.length > 0) return { ok: false, problem: { code: 'unknown', numbers: unknown } };
  const chosen = numbers.map((n) => String(found.find((e) => e.personnelNumber === n)!._id));
  const route = routeOfCase(c)!.route;
  const outcome = checkMembership(route, { chosen, ...(await membershipFacts(services, c)) });
  if (!outcome.ok) return outcome;
  const saved = await services.models.CalibrationCase.updateOne(
    { _id: c._id, state: 'awaitingDecision' },
    {
      $set: {
        draft: {
          by: actor.employee!._id,
          memberIds: chosen.map((id) => new Types.ObjectId(id)),
          sessionOn: null,
        },
      },
    },
  );
  if (saved.modifiedCount === 0 && saved.matchedCount === 0) return { ok: false, problem: 'alreadyDecided' };
  return outcome;
}

export type DateOutcome =
  | { ok: true; sessionOn: IsoDate }
  | { ok: false; problem: SessionDateProblem | DecisionRefused | 'noMembers'; sessionBy?: IsoDate };

/** The session's date, within the route's term from the application; kept in the caller's draft. */
export async function proposeSessionDate(
  services: AppServices,
  caseId: string,
  actor: Actor,
  date: IsoDate,
): Promise<DateOutcome> {
  const c = await caseForDecision(services, caseId, actor);
  if (typeof c === 'string') return { ok: false, problem: c };
  const sessionBy = c.sessionBy as IsoDate;
  const problem = checkSessionDate(date, almatyDateOf(services.now()), sessionBy);
  if (problem) return { ok: false, problem, sessionBy };
  const saved = await services.models.CalibrationCase.updateOne(
    { _id: c._id, state: 'awaitingDecision', 'draft.by': actor.employee!._id },
    { $set: { 'draft.sessionOn': date } },
  );
  if (saved.matchedCount === 0) return { ok: false, problem: 'noMembers' };
  return { ok: true, sessionOn: date };
}

/**
 * The authorised person confirms the draft: the membership is checked again (the roster may have moved)
 * and the case is scheduled in one conditional update, so of two confirmations one wins.
 */
export async function confirmSession(
  services: AppServices,
  caseId: string,
  actor: Actor,
): Promise<
  | { ok: true; case: CalibrationCase }
  | { ok: false; problem: DecisionRefused | 'noDraft' | MembershipProblem }
> {
  const c = await caseForDecision(services, caseId, actor);
  if (typeof c === 'string') return { ok: false, problem: c };
  const draft = c.draft;
  if (!draft?.by.equals(actor.employee!._id) || !draft.sessionOn) return { ok: false, problem: 'noDraft' };
  const route = routeOfCase(c)!.route;
  const outcome = checkMembership(route, {
    chosen: draft.memberIds.map(String),
    ...(await membershipFacts(services, c)),
  });
  if (!outcome.ok) return { ok: false, problem: outcome.problem };
  const updated = await services.models.CalibrationCase.findOneAndUpdate(
    { _id: c._id, state: 'awaitingDecision', 'draft.by': actor.employee!._id },
    {
      $set: {
        state: 'scheduled',
        decidedBy: actor.employee!._id,
        decidedOn: almatyDateOf(services.now()),
        sessionOn: draft.sessionOn,
        members: outcome.members.map((m) => ({ employeeId: new Types.ObjectId(m.id), role: m.role })),
        draft: null,
      },
    },
    { returnDocument: 'after' },
  ).lean<CalibrationCase>();
  if (!updated) return { ok: false, problem: 'alreadyDecided' };
  await services.models.Appeal.updateOne({ _id: c.appealId }, { $set: { state: 'decided' } });
  return { ok: true, case: updated };
}

export type ArgumentSide = 'employee' | 'evaluator';

/** Which side of the case the caller argues for, if any. */
export function sideOf(
  actor: Actor,
  c: Pick<CalibrationCase, 'employeeId' | 'evaluatorId'>,
): ArgumentSide | null {
  const me = actor.employee?._id;
  if (!me) return null;
  if (me.equals(c.employeeId)) return 'employee';
  if (c.evaluatorId && me.equals(c.evaluatorId)) return 'evaluator';
  return null;
}

/** Written arguments are taken while the session has not started voting; a new one replaces the old. */
export async function addArgument(
  services: AppServices,
  caseId: string,
  actor: Actor,
  text: string,
): Promise<'saved' | 'notFound' | 'notAllowed' | 'closed'> {
  const c = await loadCase(services, caseId);
  if (!c) return 'notFound';
  const side = sideOf(actor, c);
  if (!side) return 'notAllowed';
  const updated = await services.models.CalibrationCase.updateOne(
    { _id: c._id, state: 'scheduled', members: { $not: { $elemMatch: { vote: { $ne: null } } } } },
    { $set: { [`arguments.${side}`]: text } },
  );
  return updated.matchedCount === 1 ? 'saved' : 'closed';
}

export type VoteRefused =
  | 'notFound'
  | 'notMember'
  | 'notOpen'
  | 'beforeSession'
  | 'alreadyVoted'
  | 'noScore'
  | 'wrongDirection'
  | 'outOfRange';

/** The scale a corrected score is typed on: from the lowest band up to the form's maximum. */
export function correctionScale(methodology: Methodology) {
  const min = Math.min(...methodology.bands.map((b) => b.min));
  const max = Math.max(
    ...(methodology.methods.ranking?.forms.map((f) => f.scale.max) ?? []),
    ...methodology.bands.map((b) => b.min),
  );
  return { min, max, decimals: true };
}

/**
 * A member's vote, once: the member's own entry is written only while it has no vote (so a double tap or
 * two devices count once). Votes are taken from the session's day; the last vote decides the case.
 */
export async function castVote(
  services: AppServices,
  caseId: string,
  actor: Actor,
  vote: Vote,
  proposed: number | null,
): Promise<{ ok: true; decided: boolean; case: CalibrationCase } | { ok: false; problem: VoteRefused }> {
  const c = await loadCase(services, caseId);
  if (!c) return { ok: false, problem: 'notFound' };
  if (!isMemberOf(actor, c)) return { ok: false, problem: 'notMember' };
  if (c.state !== 'scheduled') return { ok: false, problem: 'notOpen' };
  if (almatyDateOf(services.now()) < (c.sessionOn ?? '')) return { ok: false, problem: 'beforeSession' };
  const me = actor.employee!._id;
  if (c.members.some((m) => m.employeeId.equals(me) && m.vote !== null))
    return { ok: false, problem: 'alreadyVoted' };
  if (vote !== 'keep') {
    if (proposed === null) return { ok: false, problem: 'noScore' };
    if (c.score === null || c.score === undefined || !scoreFitsVote(vote, proposed, c.score))
      return { ok: false, problem: 'wrongDirection' };
    const scale = correctionScale(routeOfCase(c)!.methodology);
    if (proposed < scale.min || proposed > scale.max) return { ok: false, problem: 'outOfRange' };
  }
  // The member's own slot, by index (the membership is fixed once scheduled): written only while it has
  // no vote, in one conditional update.
  const slot = c.members.findIndex((m) => m.employeeId.equals(me));
  const written = await services.models.CalibrationCase.updateOne(
    { _id: c._id, state: 'scheduled', [`members.${slot}.employeeId`]: me, [`members.${slot}.vote`]: null },
    {
      $set: {
        [`members.${slot}.vote`]: vote,
        [`members.${slot}.score`]: vote === 'keep' ? null : proposed,
        [`members.${slot}.votedAt`]: services.now(),
      },
    },
  );
  if (written.modifiedCount === 0) return { ok: false, problem: 'alreadyVoted' };
  const updated = (await loadCase(services, caseId))!;
  const decided = await decideIfComplete(services, updated);
  return { ok: true, decided: Boolean(decided), case: decided ?? updated };
}

/** When every member has voted, the outcome is fixed once (the state moves from scheduled to decided). */
async function decideIfComplete(services: AppServices, c: CalibrationCase): Promise<CalibrationCase | null> {
  const methodology = routeOfCase(c)?.methodology;
  if (!methodology || c.score === null || c.score === undefined) return null;
  const outcome = decideOutcome(
    c.members.map((m) => ({ vote: (m.vote ?? null) as Vote | null, score: m.score ?? null })),
    c.score,
  );
  if (!outcome) return null;
  return services.models.CalibrationCase.findOneAndUpdate(
    { _id: c._id, state: 'scheduled', outcome: null },
    {
      $set: {
        state: 'decided',
        outcome: {
          result: outcome.result,
          score: outcome.score,
          band: bandOf(outcome.score, methodology.bands),
          on: almatyDateOf(services.now()),
        },
      },
    },
    { returnDocument: 'after' },
  ).lean<CalibrationCase>();
}

/** Terms of a case's route, each null where the data sets none. */
export function caseTerms(c: Pick<CalibrationCase, 'methodologyId'>) {
  const route = routeOfCase(c)?.route;
  return {
    protocolWorkingDays: route ? termDays(route.protocolWorkingDays) : null,
    minMembers: route ? valueOrNull(route.members.min) : null,
  };
}
