/**
 * Where a question-by-question form stands. Positions 0 … n-1 are its questions, position n is the
 * review of every answer. Questions belong to groups (a competency, a parameter with its
 * justification, a KPI with its score): "change" from the review opens a group, and answering the
 * group's last question goes back to the review instead of on to the next group.
 */
export type Group = number | string;

/** The two places an answer at `at` can lead: on (in order) or, while changing from the review, back to it. */
export function positionsAfter(groups: readonly Group[], at: number): { onward: number; returning: number } {
  const review = groups.length;
  const next = Math.min(at + 1, review);
  const sameGroup = next < review && groups[next] === groups[at];
  return { onward: next, returning: sameGroup ? next : review };
}

export function positionAfter(groups: readonly Group[], at: number, returningToReview: boolean): number {
  const { onward, returning } = positionsAfter(groups, at);
  return returningToReview ? returning : onward;
}

/** The first question of a group: where "change" from the review jumps. */
export function firstPositionOf(groups: readonly Group[], group: Group): number {
  return groups.indexOf(group);
}

/** Back one question; nothing before the first. */
export function positionBefore(at: number): number | null {
  return at > 0 ? at - 1 : null;
}

export const isReview = (groups: readonly Group[], at: number) => at === groups.length;
