import type { ChartMember, OrgChart } from '../../people/org-chart.ts';

/**
 * Proposes 360 respondents for an evaluatee from the org chart (pure), in the seed's order (001
 * paragraph 36): the direct superior, the subordinates, then peers at the same level who work closely —
 * same unit first, then units under the same parent. Only people who can answer are proposed; the
 * caller decides who can (at work, evaluated themselves).
 */
export type Relation = 'supervisor' | 'subordinate' | 'peer' | 'self';

export type StaffMember = ChartMember;

export interface ProposedRespondent {
  employeeId: string;
  relation: Exclude<Relation, 'self'>;
}

export interface Proposal {
  respondents: ProposedRespondent[];
  /** How many more respondents HR must add to reach the minimum (0 when enough). */
  shortBy: number;
}

export function proposeRespondents<T extends StaffMember>(
  target: T,
  chart: OrgChart<T>,
  bounds: { min: number; max: number },
  canAnswer: (member: T) => boolean,
): Proposal {
  const chosen = new Map<string, ProposedRespondent>();
  const add = (member: T | undefined, relation: ProposedRespondent['relation']) => {
    if (
      member &&
      member.id !== target.id &&
      canAnswer(member) &&
      !chosen.has(member.id) &&
      chosen.size < bounds.max
    )
      chosen.set(member.id, { employeeId: member.id, relation });
  };
  add(chart.directSuperiorOf(target), 'supervisor');
  for (const member of chart.subordinatesOf(target)) add(member, 'subordinate');
  for (const member of chart.peersOf(target)) add(member, 'peer');
  const respondents = [...chosen.values()];
  return { respondents, shortBy: Math.max(0, bounds.min - respondents.length) };
}
