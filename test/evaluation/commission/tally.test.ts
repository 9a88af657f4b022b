import { describe, expect, it } from 'vitest';
import { decideCase, hasQuorum, quorumNeeded } from '../../../src/evaluation/commission/tally.ts';

const rules = { chairId: 'chair', chairCastingVote: true };
const v = (memberId: string, vote: 'approve' | 'revise', revisedTo: number | null = null) => ({
  memberId,
  vote,
  revisedTo,
});

describe('quorum: at least two thirds of the voting members (seed 000 paragraph 57)', () => {
  it.each([
    [3, 2],
    [4, 3],
    [5, 4],
    [6, 4],
    [7, 5],
    [9, 6],
  ])('%i voting members need %i present', (members, needed) => {
    expect(quorumNeeded(members)).toBe(needed);
    expect(hasQuorum(needed, members)).toBe(true);
    expect(hasQuorum(needed - 1, members)).toBe(false);
  });
  it('no voting members: never valid', () => {
    expect(hasQuorum(0, 0)).toBe(false);
  });
});

describe('the decision: majority, the chair decides a tie (paragraph 60)', () => {
  it('a majority to approve', () => {
    expect(decideCase([v('chair', 'revise', 3), v('a', 'approve'), v('b', 'approve')], rules)).toEqual({
      ok: true,
      outcome: 'approve',
      approve: 2,
      revise: 1,
      chairCasting: false,
      revisedTo: null,
    });
  });
  it('a majority to revise sets the result most of them proposed', () => {
    const decision = decideCase(
      [v('chair', 'revise', 3), v('a', 'revise', 3), v('b', 'revise', 2), v('c', 'approve')],
      rules,
    );
    expect(decision).toMatchObject({ ok: true, outcome: 'revise', revise: 3, approve: 1, revisedTo: 3 });
  });
  it('a tie goes the chair’s way, both ways', () => {
    expect(decideCase([v('chair', 'approve'), v('a', 'revise', 2)], rules)).toMatchObject({
      outcome: 'approve',
      chairCasting: true,
    });
    expect(
      decideCase([v('chair', 'revise', 2), v('a', 'approve'), v('b', 'approve'), v('c', 'revise', 2)], rules),
    ).toMatchObject({ outcome: 'revise', chairCasting: true, revisedTo: 2 });
  });
  it('a tie without the chair’s vote, or where the route gives none, is not decided', () => {
    expect(decideCase([v('a', 'approve'), v('b', 'revise', 2)], rules)).toEqual({
      ok: false,
      problem: 'tieWithoutChair',
    });
    expect(
      decideCase([v('chair', 'approve'), v('b', 'revise', 2)], { chairId: 'chair', chairCastingVote: false }),
    ).toEqual({ ok: false, problem: 'tieWithoutChair' });
  });
  it('tied proposals to revise: the chair’s proposal, else undecided', () => {
    expect(decideCase([v('chair', 'revise', 2), v('a', 'revise', 3)], rules)).toMatchObject({
      outcome: 'revise',
      revisedTo: 2,
    });
    expect(decideCase([v('chair', 'approve'), v('a', 'revise', 3), v('b', 'revise', 2)], rules)).toEqual({
      ok: false,
      problem: 'revisedTie',
    });
  });
  it('no votes: nothing to decide', () => {
    expect(decideCase([], rules)).toEqual({ ok: false, problem: 'noVotes' });
  });
});
