/**
 * Proposes 360 respondents for an evaluatee from the org structure (pure).
 * Order of preference: the direct supervisor, subordinates, then peers at the same level who work
 * closely — same unit first, then units under the same parent. Only active staff can answer.
 */
export type Relation = 'supervisor' | 'subordinate' | 'peer' | 'self';

export interface StaffMember {
  id: string;
  personnelNumber: string;
  unitCode: string;
  isHead: boolean;
  supervisorNumber: string | null;
  status: string;
}

export interface UnitNode {
  code: string;
  parentCode: string | null;
}

export interface ProposedRespondent {
  employeeId: string;
  relation: Exclude<Relation, 'self'>;
}

export interface Proposal {
  respondents: ProposedRespondent[];
  /** How many more respondents HR must add to reach the minimum (0 when enough). */
  shortBy: number;
}

export function proposeRespondents(
  target: StaffMember,
  staff: readonly StaffMember[],
  units: readonly UnitNode[],
  bounds: { min: number; max: number },
): Proposal {
  const available = staff.filter((member) => member.id !== target.id && member.status === 'active');
  const byNumber = new Map(available.map((member) => [member.personnelNumber, member]));
  const parentOf = new Map(units.map((unit) => [unit.code, unit.parentCode]));
  const chosen = new Map<string, ProposedRespondent>();
  const add = (member: StaffMember | undefined, relation: ProposedRespondent['relation']) => {
    if (member && !chosen.has(member.id) && chosen.size < bounds.max)
      chosen.set(member.id, { employeeId: member.id, relation });
  };

  add(supervisorOf(target, available, byNumber), 'supervisor');
  for (const member of subordinatesOf(target, available)) add(member, 'subordinate');
  const peers = available.filter((member) => member.isHead === target.isHead && !chosen.has(member.id));
  const sameUnit = peers.filter((member) => member.unitCode === target.unitCode);
  const targetParent = parentOf.get(target.unitCode) ?? null;
  const siblingUnits = peers.filter(
    (member) =>
      member.unitCode !== target.unitCode &&
      targetParent !== null &&
      parentOf.get(member.unitCode) === targetParent,
  );
  for (const member of [...sameUnit, ...siblingUnits]) add(member, 'peer');

  const respondents = [...chosen.values()];
  return { respondents, shortBy: Math.max(0, bounds.min - respondents.length) };
}

function supervisorOf(
  target: StaffMember,
  available: readonly StaffMember[],
  byNumber: ReadonlyMap<string, StaffMember>,
): StaffMember | undefined {
  if (target.supervisorNumber) return byNumber.get(target.supervisorNumber);
  // Without an explicit supervisor a staff member answers to the head of their unit.
  return target.isHead
    ? undefined
    : available.find((member) => member.isHead && member.unitCode === target.unitCode);
}

function subordinatesOf(target: StaffMember, available: readonly StaffMember[]): StaffMember[] {
  const direct = available.filter((member) => member.supervisorNumber === target.personnelNumber);
  if (direct.length > 0 || !target.isHead) return direct;
  return available.filter(
    (member) => !member.isHead && member.unitCode === target.unitCode && !member.supervisorNumber,
  );
}
