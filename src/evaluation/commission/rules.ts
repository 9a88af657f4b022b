import {
  type CommissionRoute,
  getMethodology,
  isCommission,
  type Methodology,
  routeOf,
  setByOf,
  termDays,
  valueOrNull,
} from '../../methodology/index.ts';
import type { SetBy } from '../../methodology/schema.ts';

/** What the Commission must follow, read from the route; null where the seed gives nothing. */
export interface CommissionRules {
  /** Fewest members of the composition (Kentau: 5). */
  minMembers: number | null;
  /** HR passes an agreed sheet to the Commission within N working days. */
  toCommissionWorkingDays: number | null;
  /** Members are told the meeting at least N working days before. */
  meetingNoticeWorkingDays: number | null;
  quorumTwoThirds: boolean;
  chairCastingVote: boolean;
  /** False: the secretary (an HR employee) does not vote. */
  secretaryVotes: boolean;
  /** The Commission's results need the authorised person's approval before anyone is acquainted. */
  approvedByAuthorisedPerson: boolean;
  /** Appeal of the decision to the civil-service agency within N working days of the decision. */
  agencyAppealWorkingDays: number | null;
  courts: boolean;
  /** The rules of the vote the seed leaves open, each with who must set it. */
  notSet: { rule: NotSetRule; setBy: SetBy }[];
}

export const NOT_SET_RULES = [
  'members',
  'toCommission',
  'meetingNotice',
  'quorum',
  'vote',
  'decision',
  'chairCastingVote',
  'secretaryVotes',
  'outcomes',
  'approvedBy',
  'appeal',
  'courts',
] as const;
export type NotSetRule = (typeof NOT_SET_RULES)[number];

export function commissionRules(route: CommissionRoute): CommissionRules {
  const open: [NotSetRule, unknown][] = [
    ['members', route.members.min],
    ['toCommission', route.toCommissionWorkingDays],
    ['meetingNotice', route.meetingNoticeWorkingDays],
    ['quorum', route.quorum],
    ['vote', route.vote],
    ['decision', route.decision],
    ['chairCastingVote', route.chairCastingVote],
    ['secretaryVotes', route.secretaryVotes],
    ['outcomes', route.outcomes],
    ['approvedBy', route.approvedBy],
    ['appeal', route.appeal],
    ['courts', route.courts],
  ];
  return {
    minMembers: valueOrNull(route.members.min),
    toCommissionWorkingDays: termDays(route.toCommissionWorkingDays),
    meetingNoticeWorkingDays: termDays(route.meetingNoticeWorkingDays),
    quorumTwoThirds: valueOrNull(route.quorum) === '2/3',
    chairCastingVote: valueOrNull(route.chairCastingVote) === true,
    secretaryVotes: valueOrNull(route.secretaryVotes) !== false,
    approvedByAuthorisedPerson: valueOrNull(route.approvedBy) === 'authorisedPerson',
    agencyAppealWorkingDays: valueOrNull(route.appeal)?.workingDays ?? null,
    courts: valueOrNull(route.courts) === true,
    notSet: open.flatMap(([rule, value]) => {
      const setBy = setByOf(value);
      return setBy ? [{ rule, setBy }] : [];
    }),
  };
}

/** The Commission's route of a sheet's form, or null when the sheet follows another route. */
export function commissionRouteOf(methodology: Methodology, formId?: string | null): CommissionRoute | null {
  const route = routeOf(methodology, formId);
  return isCommission(route) ? route : null;
}

/**
 * Whether a sheet's result goes through the Commission's vote and the authorised person's approval
 * before the employee sees it (Chapter 6). A route that names no approval (Kentau) sends the result
 * straight to the employee.
 */
export function needsCommissionApproval(methodologyId: string | null | undefined, formId?: string | null) {
  const methodology = methodologyId ? getMethodology(methodologyId) : undefined;
  const route = methodology && commissionRouteOf(methodology, formId);
  return Boolean(route && commissionRules(route).approvedByAuthorisedPerson);
}

/** The Commission's rules of a body's methodology: the scoped procedure's (Chapter 6) first, else its own. */
export function bodyCommissionRoute(methodology: Methodology): CommissionRoute | null {
  const scoped = methodology.methods.scopedKpi;
  if (scoped && isCommission(scoped.route)) return scoped.route;
  return isCommission(methodology.route) ? methodology.route : null;
}
