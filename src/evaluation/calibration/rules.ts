import { addWorkingDays, type IsoDate, isWorkingDay, previousWorkingDay } from '../../calendar/index.ts';
import { valueOrNull } from '../../methodology/route.ts';
import type { CalibrationRoute } from '../../methodology/schema.ts';
import type { MemberRole, Vote } from './models.ts';

/**
 * The calibration session's rules, pure: who may sit, what the votes decide, and when each step is due.
 * Every number comes from the methodology's route; a rule the data leaves open is reported, never filled in.
 */

export interface MembershipInput {
  /** Named by the authorised person. */
  chosen: readonly string[];
  appellantId: string;
  /** Who evaluated the disputed result. */
  evaluatorId: string | null;
  /** Everyone who evaluates in the body (Justice: they sit, except the appellant's evaluator). */
  evaluatorIds: readonly string[];
  /** The HR head(s) of the body. */
  hrHeadIds: readonly string[];
}

export type MembershipProblem =
  | { code: 'excluded'; ids: string[] }
  | { code: 'tooFew'; min: number; count: number }
  | { code: 'even'; count: number }
  | { code: 'notSet'; rule: 'min' | 'odd' };

export type MembershipOutcome =
  | { ok: true; members: { id: string; role: MemberRole }[] }
  | { ok: false; problem: MembershipProblem };

/** Those the methodology seats whoever the authorised person names (Justice: evaluators and the HR head). */
export function includedMembers(
  route: Pick<CalibrationRoute, 'members'>,
  input: Omit<MembershipInput, 'chosen'>,
): { id: string; role: MemberRole }[] {
  const excluded = excludedIds(route, input);
  const seats = new Map<string, MemberRole>();
  if (route.members.included.includes('otherEvaluators'))
    for (const id of input.evaluatorIds) if (!excluded.has(id)) seats.set(id, 'evaluator');
  if (route.members.included.includes('hrHead'))
    for (const id of input.hrHeadIds) if (!excluded.has(id)) seats.set(id, 'hrHead');
  return [...seats].map(([id, role]) => ({ id, role }));
}

function excludedIds(route: Pick<CalibrationRoute, 'members'>, input: Omit<MembershipInput, 'chosen'>) {
  const excluded = new Set<string>();
  if (route.members.excluded.includes('appellant')) excluded.add(input.appellantId);
  if (route.members.excluded.includes('appellantEvaluator') && input.evaluatorId)
    excluded.add(input.evaluatorId);
  return excluded;
}

/**
 * The session's membership: the included seats plus those named, checked against the route (Justice
 * paragraph 19: an odd number, at least 3, never the disputing employee or their evaluator).
 */
export function checkMembership(
  route: Pick<CalibrationRoute, 'members'>,
  input: MembershipInput,
): MembershipOutcome {
  const min = valueOrNull(route.members.min);
  const odd = valueOrNull(route.members.odd);
  if (min === null) return { ok: false, problem: { code: 'notSet', rule: 'min' } };
  if (odd === null) return { ok: false, problem: { code: 'notSet', rule: 'odd' } };
  const excluded = excludedIds(route, input);
  const refused = [...new Set(input.chosen.filter((id) => excluded.has(id)))];
  if (refused.length > 0) return { ok: false, problem: { code: 'excluded', ids: refused } };
  const members = includedMembers(route, input);
  for (const id of input.chosen) if (!members.some((m) => m.id === id)) members.push({ id, role: 'member' });
  if (members.length < min) return { ok: false, problem: { code: 'tooFew', min, count: members.length } };
  if (odd && members.length % 2 === 0) return { ok: false, problem: { code: 'even', count: members.length } };
  return { ok: true, members };
}

export interface Ballot {
  vote: Vote | null;
  score: number | null;
}

export type SessionOutcome = { result: 'kept' | 'corrected'; score: number };

/** Whether a proposed score goes the way the vote says: "up" above the disputed score, "down" below. */
export function scoreFitsVote(vote: 'up' | 'down', proposed: number, disputed: number): boolean {
  return vote === 'up' ? proposed > disputed : proposed < disputed;
}

/**
 * The session's decision once every member has voted, else null. The option more than half of the members
 * chose decides (the seeds: "by the majority of votes"); with no such majority the evaluator's score stands. A change takes the
 * median of the scores its voters proposed; between two middle values, the smaller change (the product's
 * reading: the seeds give one vote, not how to merge the proposed scores).
 */
export function decideOutcome(ballots: readonly Ballot[], disputed: number): SessionOutcome | null {
  if (ballots.length === 0 || ballots.some((b) => b.vote === null)) return null;
  const count = (vote: Vote) => ballots.filter((b) => b.vote === vote).length;
  const winner = (['up', 'down'] as const).find((vote) => count(vote) * 2 > ballots.length);
  if (!winner) return { result: 'kept', score: disputed };
  const scores = ballots
    .filter((b) => b.vote === winner && b.score !== null)
    .map((b) => b.score!)
    .sort((a, b) => a - b);
  const middle = (scores.length - 1) / 2;
  // Sorted ascending: for "up" the lower middle value is the smaller change, for "down" the upper one.
  const score = winner === 'up' ? scores[Math.floor(middle)]! : scores[Math.ceil(middle)]!;
  return { result: 'corrected', score };
}

/** A step's state on `today`: the working day before its last day is the reminder day; after it, missed. */
export function dueState(today: IsoDate, deadline: IsoDate): 'remind' | 'missed' | null {
  if (today > deadline) return 'missed';
  if (today === previousWorkingDay(deadline)) return 'remind';
  return null;
}

export type SessionDateProblem = 'past' | 'late' | 'dayOff';

/** The session's date: a working day from today to the last day the route allows. */
export function checkSessionDate(
  date: IsoDate,
  today: IsoDate,
  sessionBy: IsoDate,
): SessionDateProblem | null {
  if (date < today) return 'past';
  if (date > sessionBy) return 'late';
  if (!isWorkingDay(date)) return 'dayOff';
  return null;
}

/** HR files the signed protocol within N working days of signing (the session's day). */
export function protocolFileBy(signedOn: IsoDate, workingDays: number | null): IsoDate | null {
  return workingDays === null ? null : addWorkingDays(signedOn, workingDays);
}

/** Personnel numbers as typed: separated by spaces, commas or semicolons. */
export function parseNumbers(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((n) => n.trim())
        .filter(Boolean),
    ),
  ];
}
