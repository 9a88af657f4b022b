import {
  compareIsoDates,
  dayOfMonthAfterPeriod,
  type IsoDate,
  monthsInPosition,
  type Period,
  workingDaysInRange,
} from '../../calendar/index.ts';
import { audienceMatches, formsFor, type Methodology } from '../../methodology/index.ts';
import type { EmployeeStatus } from '../../people/models.ts';

/** One roster row as the planner needs it. */
export interface RosterEntry {
  id: string;
  personnelNumber: string;
  categoryCode: string;
  isHead: boolean;
  unitCode: string;
  supervisorNumber: string | null;
  status: EmployeeStatus | string;
  appointedOn: string;
}

export interface UnitNode {
  code: string;
  parentCode: string | null;
}

/** A recorded absence (leave, sick leave...), both days inclusive; counts against worked days. */
export interface Absence {
  employeeId: string;
  from: string;
  to: string;
}

export type SheetKind = 'ranking' | 'kpi';
export type EvaluatorRuleKind = 'directSuperior' | 'higherSuperior' | 'unitHead' | 'appointingOfficial';
export type NotEvaluatedReason = 'lessThanMonthInPosition' | 'tooFewWorkedDays' | 'noEvaluator';
/** Methodology wording of the statuses evaluated without the employee's participation. */
export type AbsenceKind = 'leave' | 'sickLeave' | 'businessTrip' | 'training' | 'dismissed';
export type Participation = 'full' | 'withoutParticipation' | 'notEvaluated';

export interface PlannedSheet {
  employeeId: string;
  kind: SheetKind;
  /** Ranking form id, or 'kpi'. */
  formId: string;
  evaluatorId: string | null;
  evaluatorRule: EvaluatorRuleKind;
  /** The evaluator is not at work (leave, sick leave...): HR should set a substitute. */
  evaluatorAbsent: boolean;
  participation: Participation;
  reason: NotEvaluatedReason | AbsenceKind | null;
  /** Working days in the period from the appointment, minus recorded absences. */
  workedDays: number;
  deadline: IsoDate;
}

const STATUS_TO_ABSENCE: Partial<Record<string, AbsenceKind>> = {
  onLeave: 'leave',
  sickLeave: 'sickLeave',
  businessTrip: 'businessTrip',
  training: 'training',
  dismissed: 'dismissed',
};

export interface PlanInput {
  methodology: Methodology;
  period: Period;
  roster: readonly RosterEntry[];
  units: readonly UnitNode[];
  absences?: readonly Absence[];
  /**
   * Employees inside a KPI scope (Chapter 6: on leave in 2021-2022), known only to HR: the employees
   * with a recorded work plan. Ignored when the KPI method has no scope.
   */
  kpiScopeMembers?: ReadonlySet<string>;
}

/**
 * Who is evaluated in the period, by whom, and who is not and why (pure).
 * Quarter: the ranking sheet of every employee a form applies to, and the quarterly KPI sheet of heads.
 * Year: the yearly KPI sheets (Chapter 6). Employees no method applies to are left out of the plan.
 */
export function planPeriod(input: PlanInput): PlannedSheet[] {
  const { methodology, period, roster } = input;
  const out: PlannedSheet[] = [];
  const people = new Roster(roster, input.units);
  for (const employee of roster) {
    const forms = formsFor(methodology, employee);
    const sheets: {
      kind: SheetKind;
      formId: string;
      rule: EvaluatorRuleKind;
      day: number;
      shift: boolean;
    }[] = [];
    if (period.kind === 'quarter' && forms.ranking) {
      const form = forms.ranking;
      const rule =
        form.evaluators?.find((r) => audienceMatches(r.audience, employee))?.evaluator ?? 'unitHead';
      sheets.push({
        kind: 'ranking',
        formId: form.id,
        rule,
        day: form.deadline.day,
        shift: form.deadline.shiftIfNonWorking,
      });
    }
    const kpi = forms.kpi;
    if (kpi && kpi.period === period.kind && (!kpi.scope || input.kpiScopeMembers?.has(employee.id))) {
      sheets.push({
        kind: 'kpi',
        formId: 'kpi',
        rule: 'directSuperior',
        day: kpi.deadline.day,
        shift: kpi.deadline.shiftIfNonWorking,
      });
    }
    for (const sheet of sheets) {
      const evaluator = people.evaluatorOf(employee, sheet.rule);
      const workedDays = workedWorkingDays(employee, period, input.absences ?? []);
      const { participation, reason } = eligibility(methodology, employee, period, workedDays, evaluator);
      out.push({
        employeeId: employee.id,
        kind: sheet.kind,
        formId: sheet.formId,
        evaluatorId: evaluator?.id ?? null,
        evaluatorRule: sheet.rule,
        evaluatorAbsent: evaluator !== undefined && evaluator.status !== 'active',
        participation,
        reason,
        workedDays,
        // The methodologies say "no later than the Nth"; shifted only where the data file says so.
        deadline: dayOfMonthAfterPeriod(period.end, sheet.day, sheet.shift),
      });
    }
  }
  return out;
}

function eligibility(
  methodology: Methodology,
  employee: RosterEntry,
  period: Period,
  workedDays: number,
  evaluator: RosterEntry | undefined,
): { participation: Participation; reason: PlannedSheet['reason'] } {
  const rules = methodology.eligibility;
  if (monthsInPosition(employee.appointedOn as IsoDate, period.end) < Math.max(1, rules.minMonthsInPosition))
    return { participation: 'notEvaluated', reason: 'lessThanMonthInPosition' };
  if (rules.minWorkedWorkingDays !== undefined && workedDays < rules.minWorkedWorkingDays)
    return { participation: 'notEvaluated', reason: 'tooFewWorkedDays' };
  if (!evaluator) return { participation: 'notEvaluated', reason: 'noEvaluator' };
  const absence = STATUS_TO_ABSENCE[employee.status];
  if (absence && rules.evaluatedWithoutParticipation.includes(absence))
    return { participation: 'withoutParticipation', reason: absence };
  return { participation: 'full', reason: null };
}

/** Working days of the period from the appointment on, minus the working days of recorded absences. */
export function workedWorkingDays(
  employee: Pick<RosterEntry, 'id' | 'appointedOn'>,
  period: Pick<Period, 'start' | 'end'>,
  absences: readonly Absence[],
): number {
  const from =
    compareIsoDates(employee.appointedOn as IsoDate, period.start) > 0
      ? (employee.appointedOn as IsoDate)
      : period.start;
  const days = new Set(workingDaysInRange(from, period.end));
  for (const absence of absences) {
    if (absence.employeeId !== employee.id) continue;
    for (const day of workingDaysInRange(absence.from as IsoDate, absence.to as IsoDate)) days.delete(day);
  }
  return days.size;
}

/** Lookups over one organisation's roster: heads of units and direct superiors. */
class Roster {
  private readonly byNumber = new Map<string, RosterEntry>();
  private readonly parentOf = new Map<string, string | null>();

  constructor(
    private readonly entries: readonly RosterEntry[],
    units: readonly UnitNode[],
  ) {
    for (const entry of entries) this.byNumber.set(entry.personnelNumber, entry);
    for (const unit of units) this.parentOf.set(unit.code, unit.parentCode);
  }

  evaluatorOf(employee: RosterEntry, rule: EvaluatorRuleKind): RosterEntry | undefined {
    switch (rule) {
      case 'directSuperior':
        return this.directSuperior(employee) ?? this.unitHead(employee);
      case 'higherSuperior': {
        const direct = this.directSuperior(employee) ?? this.unitHead(employee);
        return (direct && (this.directSuperior(direct) ?? this.unitHead(direct))) ?? direct;
      }
      default:
        // The appointing official is outside the roster: the unit head is the nearest evaluator we know.
        return this.unitHead(employee) ?? this.directSuperior(employee);
    }
  }

  private directSuperior(employee: RosterEntry): RosterEntry | undefined {
    const superior = employee.supervisorNumber ? this.byNumber.get(employee.supervisorNumber) : undefined;
    return superior && superior.id !== employee.id && superior.status !== 'dismissed' ? superior : undefined;
  }

  /** The head of the employee's unit; for the head themself, the head of the nearest unit above. */
  private unitHead(employee: RosterEntry): RosterEntry | undefined {
    const seen = new Set<string>();
    let unit: string | null | undefined = employee.unitCode;
    while (unit && !seen.has(unit)) {
      seen.add(unit);
      const code: string = unit;
      const head = this.entries.find(
        (e) => e.isHead && e.unitCode === code && e.id !== employee.id && e.status !== 'dismissed',
      );
      if (head) return head;
      unit = this.parentOf.get(code);
    }
    return undefined;
  }
}
