import {
  addWorkingDays,
  compareIsoDates,
  dayOfMonthAfterPeriod,
  type IsoDate,
  monthsInPosition,
  nextWorkingDay,
  type Period,
  workingDaysInRange,
} from '../../calendar/index.ts';
import {
  audienceMatches,
  type Eligibility,
  formsFor,
  KPI_FORM_ID,
  type Methodology,
} from '../../methodology/index.ts';
import type { EmployeeStatus } from '../../people/models.ts';
import { OrgChart } from '../../people/org-chart.ts';

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
export type NotEvaluatedReason =
  | 'lessThanMonthInPosition'
  | 'tooFewWorkedDays'
  | 'noEvaluator'
  /** Appointed with fewer months left in the period than the KPI rule needs (001 line 150). */
  | 'tooLateForKpi';
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
  /**
   * The last day. Null only for an absent head's KPI sheet whose return is not recorded yet: it is due
   * within the methodology's working days after the return (see returnDeadline).
   */
  deadline: IsoDate | null;
  /** The deadline counts from the evaluatee's return to work (an absent head's KPI sheet). */
  dueAfterReturn: boolean;
}

const STATUS_TO_ABSENCE: Partial<Record<string, AbsenceKind>> = {
  onLeave: 'leave',
  sickLeave: 'sickLeave',
  businessTrip: 'businessTrip',
  training: 'training',
  dismissed: 'dismissed',
};

/** The roster status as the methodology's absence kind (null when at work). */
export const absenceKindOf = (status: string): AbsenceKind | null => STATUS_TO_ABSENCE[status] ?? null;

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
  const chart = new OrgChart(roster, input.units);
  const absences = input.absences ?? [];
  for (const employee of roster) {
    const forms = formsFor(methodology, employee);
    const sheets: {
      kind: SheetKind;
      formId: string;
      rule: EvaluatorRuleKind;
      day: number;
      shift: boolean;
      /** The methodology's own KPI (not a scoped procedure): its setting rules apply. */
      baseKpi: boolean;
    }[] = [];
    if (period.kind === 'quarter' && forms.ranking) {
      const form = forms.ranking;
      const rule =
        form.evaluators?.find((r) => audienceMatches(r.audience, employee, methodology.heads))?.evaluator ??
        'unitHead';
      sheets.push({
        kind: 'ranking',
        formId: form.id,
        rule,
        day: form.deadline.day,
        shift: form.deadline.shiftIfNonWorking,
        baseKpi: false,
      });
    }
    const { kpi, scopedKpi } = forms;
    if (kpi && kpi.period === period.kind) {
      sheets.push({
        kind: 'kpi',
        formId: KPI_FORM_ID,
        rule: 'directSuperior',
        day: kpi.deadline.day,
        shift: kpi.deadline.shiftIfNonWorking,
        baseKpi: true,
      });
    }
    if (scopedKpi && scopedKpi.period === period.kind && input.kpiScopeMembers?.has(employee.id)) {
      sheets.push({
        kind: 'kpi',
        formId: scopedKpi.scope.id,
        rule: 'directSuperior',
        day: scopedKpi.deadline.day,
        shift: scopedKpi.deadline.shiftIfNonWorking,
        baseKpi: false,
      });
    }
    for (const sheet of sheets) {
      const evaluator = evaluatorOf(chart, employee, sheet.rule);
      const workedDays = workedWorkingDays(employee, period, absences);
      // The methodologies say "no later than the Nth"; shifted only where the data file says so.
      const deadline = dayOfMonthAfterPeriod(period.end, sheet.day, sheet.shift);
      const planned = eligibility(methodology.eligibility, {
        employee,
        period,
        workedDays,
        evaluator,
        baseKpi: sheet.baseKpi,
        deadline,
        absences,
      });
      out.push({
        employeeId: employee.id,
        kind: sheet.kind,
        formId: sheet.formId,
        evaluatorId: evaluator?.id ?? null,
        evaluatorRule: sheet.rule,
        evaluatorAbsent: evaluator !== undefined && evaluator.status !== 'active',
        workedDays,
        ...planned,
      });
    }
  }
  return out;
}

/** The evaluator under the form's rule, from the one org chart. */
function evaluatorOf(
  chart: OrgChart<RosterEntry>,
  employee: RosterEntry,
  rule: EvaluatorRuleKind,
): RosterEntry | undefined {
  switch (rule) {
    case 'directSuperior':
      return chart.directSuperiorOf(employee);
    case 'higherSuperior':
      return chart.higherSuperiorOf(employee) ?? chart.directSuperiorOf(employee);
    default:
      // The appointing official is outside the roster: the unit head is the nearest evaluator we know.
      return chart.unitHeadOf(employee) ?? chart.directSuperiorOf(employee);
  }
}

interface EligibilityInput {
  employee: RosterEntry;
  period: Period;
  workedDays: number;
  evaluator: RosterEntry | undefined;
  baseKpi: boolean;
  deadline: IsoDate;
  absences: readonly Absence[];
}

type PlannedParticipation = Pick<PlannedSheet, 'participation' | 'reason' | 'deadline' | 'dueAfterReturn'>;

/** Every eligibility field of the methodology, applied to one sheet. */
function eligibility(rules: Eligibility, input: EligibilityInput): PlannedParticipation {
  const { employee, period, deadline } = input;
  const onTime = { deadline, dueAfterReturn: false };
  const notEvaluated = (reason: NotEvaluatedReason): PlannedParticipation => ({
    participation: 'notEvaluated',
    reason,
    ...onTime,
  });
  // A future appointment has 0 months in the position, so it is refused here too.
  const months = monthsInPosition(employee.appointedOn as IsoDate, period.end);
  if (months < rules.minMonthsInPosition) return notEvaluated('lessThanMonthInPosition');
  if (
    input.baseKpi &&
    rules.noKpiIfLessThanMonthsRemain !== undefined &&
    months < rules.noKpiIfLessThanMonthsRemain
  )
    return notEvaluated('tooLateForKpi');
  if (rules.minWorkedWorkingDays !== undefined && input.workedDays < rules.minWorkedWorkingDays)
    return notEvaluated('tooFewWorkedDays');
  if (!input.evaluator) return notEvaluated('noEvaluator');
  const absence = absenceKindOf(employee.status);
  if (
    input.baseKpi &&
    rules.kpiWithinWorkingDaysAfterReturn !== undefined &&
    absence !== null &&
    absence !== 'dismissed'
  ) {
    // 001 line 70: the KPI of an absent head is evaluated after the return, with the head.
    const returnOn = returnDayOf(employee.id, period.end, input.absences);
    return {
      participation: 'full',
      reason: absence,
      deadline: returnOn ? returnDeadline(returnOn, rules.kpiWithinWorkingDaysAfterReturn, deadline) : null,
      dueAfterReturn: true,
    };
  }
  if (absence && rules.evaluatedWithoutParticipation.includes(absence))
    return { participation: 'withoutParticipation', reason: absence, ...onTime };
  return { participation: 'full', reason: null, ...onTime };
}

/**
 * The first working day after the latest recorded absence that runs past the period's end, or null when
 * no such absence is recorded (the return date is not known yet).
 */
export function returnDayOf(
  employeeId: string,
  periodEnd: IsoDate,
  absences: readonly Absence[],
): IsoDate | null {
  const ends = absences
    .filter((a) => a.employeeId === employeeId && compareIsoDates(a.to as IsoDate, periodEnd) > 0)
    .map((a) => a.to as IsoDate)
    .sort(compareIsoDates);
  const last = ends.at(-1);
  return last ? nextWorkingDay(last) : null;
}

/**
 * Due `workingDays` working days after the return, but never before the period's own deadline: the rule
 * gives the returning head time, it does not shorten the term.
 */
export function returnDeadline(returnOn: IsoDate, workingDays: number, periodDeadline: IsoDate): IsoDate {
  const afterReturn = addWorkingDays(returnOn, workingDays);
  return compareIsoDates(afterReturn, periodDeadline) > 0 ? afterReturn : periodDeadline;
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
