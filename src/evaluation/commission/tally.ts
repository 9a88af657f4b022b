/**
 * The Commission's open vote on one case (Chapter 6, seed 000 paragraphs 57-61): valid with at least two
 * thirds of its voting members present, decided by the majority of the votes cast, the chair's vote
 * deciding a tie; the secretary does not vote. Pure: the caller passes the rules read from the data.
 */

export type CommissionVote = 'approve' | 'revise';

export interface CastVote {
  memberId: string;
  vote: CommissionVote;
  /** With a vote to revise: the result the member proposes (Chapter 6: the number of KPIs fulfilled). */
  revisedTo?: number | null;
}

/** Members present needed for a valid meeting: at least two thirds of the voting members. */
export function quorumNeeded(votingMembers: number): number {
  return Math.ceil((2 * votingMembers) / 3);
}

export const hasQuorum = (present: number, votingMembers: number): boolean =>
  votingMembers > 0 && present >= quorumNeeded(votingMembers);

export type CaseDecision =
  | {
      ok: true;
      outcome: CommissionVote;
      approve: number;
      revise: number;
      /** The tie was decided by the chair's vote. */
      chairCasting: boolean;
      /** With `revise`: the result the Commission set. */
      revisedTo: number | null;
    }
  | { ok: false; problem: 'noVotes' | 'tieWithoutChair' | 'revisedTie' };

/**
 * The decision on one case from the votes cast: the majority; on a tie the chair's vote decides when
 * the route gives the chair a casting vote and the chair voted. A revision sets the result most of
 * those voting to revise proposed; a tie between proposals goes to the chair's proposal the same way.
 */
export function decideCase(
  votes: readonly CastVote[],
  rules: { chairId: string | null; chairCastingVote: boolean },
): CaseDecision {
  if (votes.length === 0) return { ok: false, problem: 'noVotes' };
  const approve = votes.filter((v) => v.vote === 'approve').length;
  const revise = votes.length - approve;
  const chairVote = rules.chairCastingVote ? votes.find((v) => v.memberId === rules.chairId) : undefined;
  let outcome: CommissionVote;
  let chairCasting = false;
  if (approve !== revise) outcome = approve > revise ? 'approve' : 'revise';
  else if (chairVote) {
    outcome = chairVote.vote;
    chairCasting = true;
  } else return { ok: false, problem: 'tieWithoutChair' };
  if (outcome === 'approve') return { ok: true, outcome, approve, revise, chairCasting, revisedTo: null };
  const revisedTo = majorityProposal(
    votes.filter((v) => v.vote === 'revise'),
    chairVote,
  );
  if (revisedTo === null) return { ok: false, problem: 'revisedTie' };
  return { ok: true, outcome, approve, revise, chairCasting, revisedTo };
}

function majorityProposal(revising: readonly CastVote[], chairVote: CastVote | undefined): number | null {
  const counts = new Map<number, number>();
  for (const vote of revising) {
    if (vote.revisedTo === null || vote.revisedTo === undefined) continue;
    counts.set(vote.revisedTo, (counts.get(vote.revisedTo) ?? 0) + 1);
  }
  const best = Math.max(0, ...counts.values());
  const leaders = [...counts].filter(([, n]) => n === best).map(([value]) => value);
  if (leaders.length === 1) return leaders[0]!;
  const chairs = chairVote?.vote === 'revise' ? chairVote.revisedTo : undefined;
  return chairs !== undefined && chairs !== null && leaders.includes(chairs) ? chairs : null;
}
