/**
 * Who is whose superior, subordinate and peer in one organisation's roster (pure). The ranking plan, the
 * 360 proposal and the Chapter 6 superior review all ask this module, so they agree.
 *
 * The rules:
 * - The direct superior is the roster's supervisor when that is another person of the roster who is not
 *   dismissed; otherwise the head of the person's unit; for a head, the head of the nearest unit above.
 *   A unit without a (non-dismissed) head passes the question to its parent unit.
 * - A dismissed employee holds no position: they are nobody's superior, subordinate or peer. Questions
 *   about them still have answers (a dismissed employee is evaluated without participation, by their
 *   superior).
 * - Absence (leave, sick leave, business trip, training) changes nothing here: the absent superior keeps
 *   the position. Whether they can act now (evaluate, answer a questionnaire) is the caller's decision.
 * - Subordinates are exactly the people whose direct superior, by the rule above, is the person.
 * - Peers work at the same level: the same head flag, in the same unit first, then in the units under the
 *   same parent unit; never the person's superior or subordinates.
 */

/** The roster fields the chart reads. */
export interface ChartMember {
  id: string;
  personnelNumber: string;
  unitCode: string;
  /** The roster's flag: this person heads their unit. */
  isHead: boolean;
  supervisorNumber: string | null;
  status: string;
}

export interface ChartUnit {
  code: string;
  parentCode: string | null;
}

const holdsPosition = (member: ChartMember) => member.status !== 'dismissed';

export class OrgChart<T extends ChartMember> {
  private readonly byNumber = new Map<string, T>();
  private readonly parentOf = new Map<string, string | null>();
  /** Unit code → its heads who hold their position, in roster order. */
  private readonly headsOf = new Map<string, T[]>();
  private readonly superiorCache = new Map<string, T | null>();
  private subordinateIndex: Map<string, T[]> | undefined;

  constructor(
    private readonly members: readonly T[],
    units: readonly ChartUnit[],
  ) {
    for (const member of members) {
      if (!this.byNumber.has(member.personnelNumber)) this.byNumber.set(member.personnelNumber, member);
      if (member.isHead && holdsPosition(member))
        this.headsOf.set(member.unitCode, [...(this.headsOf.get(member.unitCode) ?? []), member]);
    }
    for (const unit of units) this.parentOf.set(unit.code, unit.parentCode);
  }

  /** The roster's supervisor if they hold a position, else the head of the unit (see the rules above). */
  directSuperiorOf(member: T): T | undefined {
    const cached = this.superiorCache.get(member.id);
    if (cached !== undefined) return cached ?? undefined;
    const superior = this.namedSupervisorOf(member) ?? this.unitHeadOf(member);
    this.superiorCache.set(member.id, superior ?? null);
    return superior;
  }

  /** The direct superior's direct superior, if there is one. */
  higherSuperiorOf(member: T): T | undefined {
    const direct = this.directSuperiorOf(member);
    const higher = direct && this.directSuperiorOf(direct);
    return higher && higher.id !== member.id ? higher : undefined;
  }

  /**
   * The head of the person's unit; for a head, the head of the nearest unit above (two heads of one unit
   * are not each other's superior).
   */
  unitHeadOf(member: T): T | undefined {
    const seen = new Set<string>();
    let unit: string | null | undefined = member.isHead
      ? this.parentOf.get(member.unitCode)
      : member.unitCode;
    while (unit && !seen.has(unit)) {
      seen.add(unit);
      const head = this.headsOf.get(unit)?.find((h) => h.id !== member.id);
      if (head) return head;
      unit = this.parentOf.get(unit);
    }
    return undefined;
  }

  /** Everyone holding a position whose direct superior is this person, in roster order. */
  subordinatesOf(member: T): T[] {
    if (!this.subordinateIndex) {
      const index = new Map<string, T[]>();
      for (const m of this.members) {
        if (!holdsPosition(m)) continue;
        const superior = this.directSuperiorOf(m);
        if (superior) index.set(superior.id, [...(index.get(superior.id) ?? []), m]);
      }
      this.subordinateIndex = index;
    }
    return holdsPosition(member) ? (this.subordinateIndex.get(member.id) ?? []) : [];
  }

  /** People at the same level: same head flag, same unit first, then sibling units; roster order within. */
  peersOf(member: T): T[] {
    const superior = this.directSuperiorOf(member);
    const subordinates = new Set(this.subordinatesOf(member).map((m) => m.id));
    const candidates = this.members.filter(
      (m) =>
        m.id !== member.id &&
        holdsPosition(m) &&
        m.isHead === member.isHead &&
        m.id !== superior?.id &&
        !subordinates.has(m.id),
    );
    const parent = this.parentOf.get(member.unitCode) ?? null;
    const sameUnit = candidates.filter((m) => m.unitCode === member.unitCode);
    const siblingUnits = candidates.filter(
      (m) => m.unitCode !== member.unitCode && parent !== null && this.parentOf.get(m.unitCode) === parent,
    );
    return [...sameUnit, ...siblingUnits];
  }

  private namedSupervisorOf(member: T): T | undefined {
    const named = member.supervisorNumber ? this.byNumber.get(member.supervisorNumber) : undefined;
    return named && named.id !== member.id && holdsPosition(named) ? named : undefined;
  }
}
