import type { Types } from 'mongoose';
import { almatyDateOf, type IsoDate } from '../../calendar/index.ts';
import type { AppServices } from '../../services.ts';
import { loadSheet } from '../ranking/sheet.ts';
import { fulfilledCountBand } from '../scoring/index.ts';
import { rulesOf, seatOf, seatVotes } from './cases.ts';
import { type CaseDecision, type CommissionVote, decideCase, hasQuorum, quorumNeeded } from './tally.ts';

export type VoteOutcome =
  | { kind: 'recorded' }
  | { kind: 'notMember' }
  | { kind: 'doesNotVote' }
  | { kind: 'notYet'; meetingOn: IsoDate }
  | { kind: 'closed' }
  | { kind: 'alreadyVoted' }
  | { kind: 'badResult' };

/** The total and band rule of a Chapter 6 sheet: what a revised result is counted against. */
export async function revisionScaleOf(services: AppServices, sheetId: Types.ObjectId | string) {
  const view = await loadSheet(services.models, sheetId);
  if (view?.kpiMethod?.rule.kind !== 'fulfilledCount') return null;
  const rule = view.kpiMethod.rule.rule;
  return { total: rule.total, band: (count: number) => fulfilledCountBand(count, rule), view };
}

/**
 * A member's open vote on a case: only a voting member of the case's meeting, from the meeting day on,
 * once (the vote is pushed only where this member has none: two taps at once record one).
 */
export async function castVote(
  services: AppServices,
  input: {
    caseId: string;
    employeeId: Types.ObjectId | null | undefined;
    vote: CommissionVote;
    revisedTo?: number;
  },
): Promise<VoteOutcome> {
  const { CommissionCase, CommissionMeeting } = services.models;
  const found = await CommissionCase.findById(input.caseId).lean();
  const meeting = found?.meetingId ? await CommissionMeeting.findById(found.meetingId).lean() : null;
  const seat = meeting && seatOf(meeting, input.employeeId);
  if (!found || !meeting || !seat || !input.employeeId) return { kind: 'notMember' };
  const rules = rulesOf(meeting.methodologyId)!;
  if (!seatVotes(rules, seat.role)) return { kind: 'doesNotVote' };
  if (meeting.state !== 'scheduled' || found.state !== 'passed') return { kind: 'closed' };
  const today = almatyDateOf(services.now());
  if (today < meeting.meetingOn) return { kind: 'notYet', meetingOn: meeting.meetingOn as IsoDate };
  let revisedTo: number | null = null;
  if (input.vote === 'revise') {
    const scale = await revisionScaleOf(services, found.sheetId);
    const current = scale?.view.sheet.result?.fulfilledCount;
    const value = input.revisedTo;
    if (!scale || value === undefined || value < 0 || value > scale.total || value === current)
      return { kind: 'badResult' };
    revisedTo = value;
  }
  const pushed = await CommissionCase.updateOne(
    { _id: found._id, state: 'passed', 'votes.memberId': { $ne: input.employeeId } },
    { $push: { votes: { memberId: input.employeeId, vote: input.vote, revisedTo, at: services.now() } } },
  );
  if (pushed.modifiedCount === 1) return { kind: 'recorded' };
  const now = await CommissionCase.findById(found._id, { state: 1 }).lean();
  return now?.state === 'passed' ? { kind: 'alreadyVoted' } : { kind: 'closed' };
}

export type CloseOutcome =
  | { kind: 'decided'; approved: number; revised: number }
  | { kind: 'notAllowed' }
  | { kind: 'notYet'; meetingOn: IsoDate }
  | { kind: 'closed' }
  | { kind: 'noQuorum'; present: number; needed: number; total: number }
  | { kind: 'undecided'; caseIds: string[]; problem: Exclude<CaseDecision, { ok: true }>['problem'] }
  | { kind: 'changed' };

/**
 * The chair or the secretary closes the vote: the meeting is valid only with two thirds of the voting
 * members present (those who voted), each case is decided by the majority, a tie by the chair's vote.
 * Nothing is written while any case is undecided; a vote cast meanwhile makes the close start again.
 */
export async function closeVote(
  services: AppServices,
  input: { meetingId: string; employeeId: Types.ObjectId | null | undefined },
): Promise<CloseOutcome> {
  const { CommissionCase, CommissionMeeting } = services.models;
  const meeting = await CommissionMeeting.findById(input.meetingId).lean();
  const seat = meeting && seatOf(meeting, input.employeeId);
  if (!meeting || !seat || (seat.role !== 'chair' && seat.role !== 'secretary'))
    return { kind: 'notAllowed' };
  if (meeting.state !== 'scheduled') return { kind: 'closed' };
  const today = almatyDateOf(services.now());
  if (today < meeting.meetingOn) return { kind: 'notYet', meetingOn: meeting.meetingOn as IsoDate };
  const rules = rulesOf(meeting.methodologyId)!;
  const voters = meeting.members.filter((m) => seatVotes(rules, m.role));
  const voterIds = new Set(voters.map((m) => String(m.employeeId)));
  const cases = await CommissionCase.find({ meetingId: meeting._id }).sort({ _id: 1 }).lean();
  const present = new Set(
    cases.flatMap((c) => c.votes.map((v) => String(v.memberId))).filter((id) => voterIds.has(id)),
  );
  if (rules.quorumTwoThirds && !hasQuorum(present.size, voters.length))
    return {
      kind: 'noQuorum',
      present: present.size,
      needed: quorumNeeded(voters.length),
      total: voters.length,
    };
  const chair = meeting.members.find((m) => m.role === 'chair');
  const decisions = cases.map((c) => ({
    item: c,
    decision: decideCase(
      c.votes.map((v) => ({
        memberId: String(v.memberId),
        vote: v.vote as CommissionVote,
        revisedTo: v.revisedTo,
      })),
      { chairId: chair ? String(chair.employeeId) : null, chairCastingVote: rules.chairCastingVote },
    ),
  }));
  const failed = decisions.filter((d) => !d.decision.ok);
  if (failed.length > 0) {
    const first = failed[0]!.decision as Exclude<CaseDecision, { ok: true }>;
    return { kind: 'undecided', caseIds: failed.map((d) => String(d.item._id)), problem: first.problem };
  }
  for (const { item, decision } of decisions) {
    if (!decision.ok) continue;
    const scale = decision.revisedTo === null ? null : await revisionScaleOf(services, item.sheetId);
    const written = await CommissionCase.updateOne(
      { _id: item._id, state: 'passed', votes: { $size: item.votes.length } },
      {
        $set: {
          state: 'decided',
          decision: {
            outcome: decision.outcome,
            approve: decision.approve,
            revise: decision.revise,
            chairCasting: decision.chairCasting,
            revisedTo: decision.revisedTo,
            revisedBand: scale && decision.revisedTo !== null ? scale.band(decision.revisedTo) : null,
          },
        },
      },
    );
    if (written.modifiedCount === 0) return { kind: 'changed' };
  }
  const closed = await CommissionMeeting.updateOne(
    { _id: meeting._id, state: 'scheduled' },
    {
      $set: {
        state: 'decided',
        decidedOn: today,
        presentIds: [...present].map((id) => voters.find((v) => String(v.employeeId) === id)!.employeeId),
      },
    },
  );
  if (closed.modifiedCount === 0) return { kind: 'closed' };
  const revised = decisions.filter((d) => d.decision.ok && d.decision.outcome === 'revise').length;
  return { kind: 'decided', approved: decisions.length - revised, revised };
}

export type ApproveOutcome =
  | { kind: 'approved'; approvedOn: IsoDate }
  | { kind: 'notAllowed' }
  | { kind: 'notDecided' };

/** Only the meeting's authorised person approves its decided results, once. */
export async function approveResults(
  services: AppServices,
  input: { meetingId: string; employeeId: Types.ObjectId | null | undefined },
): Promise<ApproveOutcome> {
  const { CommissionCase, CommissionMeeting } = services.models;
  const meeting = await CommissionMeeting.findById(input.meetingId, { authorisedPersonId: 1 }).lean();
  if (!meeting || !input.employeeId || String(meeting.authorisedPersonId) !== String(input.employeeId))
    return { kind: 'notAllowed' };
  const approvedOn = almatyDateOf(services.now());
  const approved = await CommissionMeeting.updateOne(
    { _id: meeting._id, state: 'decided', authorisedPersonId: input.employeeId },
    { $set: { state: 'approved', approvedOn, approvedAt: services.now() } },
  );
  if (approved.modifiedCount === 0) return { kind: 'notDecided' };
  await CommissionCase.updateMany(
    { meetingId: meeting._id, state: 'decided' },
    { $set: { state: 'approved' } },
  );
  return { kind: 'approved', approvedOn };
}
