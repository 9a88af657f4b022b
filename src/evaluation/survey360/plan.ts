import { type IsoDate, monthsInPosition, periodOf } from '../../calendar/index.ts';
import { type CompetencySet, formsFor, type Methodology } from '../../methodology/index.ts';
import { type ChartUnit, OrgChart } from '../../people/org-chart.ts';
import { type Absence, type AbsenceKind, absenceKindOf, workedWorkingDays } from '../ranking/plan.ts';
import { type Proposal, proposeRespondents, type StaffMember } from './propose.ts';

export type ExclusionReason =
  | 'dismissed'
  | 'lessThanMonthInPosition'
  | 'tooFewWorkedDays'
  | 'noCompetencySet';

export interface PlannedEmployee extends StaffMember {
  categoryCode: string;
  appointedOn: string;
}

export type UnitNode = ChartUnit;

export type PlannedTarget =
  | {
      employeeId: string;
      competencySet: CompetencySet;
      proposal: Proposal;
      /** Evaluated without their participation (dismissed, on leave...): the reason, else null. */
      withoutParticipation: AbsenceKind | null;
      /** Asked to assess themselves: only where the method asks it and the person is at work. */
      selfAssessment: boolean;
    }
  | { employeeId: string; excludedReason: ExclusionReason };

/**
 * Who is evaluated by 360 in `year` and by whom (pure), applying every eligibility rule of the data:
 * too little time in the position by the end of the year (a future appointment included) or too few
 * worked days → left out, with the reason, and not proposed as a respondent either; a status the
 * methodology evaluates "without participation" (dismissed, leave...) → evaluated by the respondents,
 * with no self-assessment; a status it does not list for a dismissed person → left out.
 */
export function plan360(
  methodology: Methodology,
  year: number,
  staff: readonly PlannedEmployee[],
  units: readonly UnitNode[],
  absences: readonly Absence[] = [],
): PlannedTarget[] {
  const survey = methodology.methods.survey360;
  if (!survey) return [];
  const rules = methodology.eligibility;
  const period = periodOf('year', `${year}-12-31` as IsoDate);
  const chart = new OrgChart(staff, units);

  const exclusionOf = (employee: PlannedEmployee): ExclusionReason | null => {
    if (monthsInPosition(employee.appointedOn as IsoDate, period.end) < rules.minMonthsInPosition)
      return 'lessThanMonthInPosition';
    if (
      rules.minWorkedWorkingDays !== undefined &&
      workedWorkingDays(employee, period, absences) < rules.minWorkedWorkingDays
    )
      return 'tooFewWorkedDays';
    const absence = absenceKindOf(employee.status);
    if (absence === 'dismissed' && !rules.evaluatedWithoutParticipation.includes('dismissed'))
      return 'dismissed';
    return null;
  };
  const excluded = new Map(staff.map((e) => [e.id, exclusionOf(e)]));
  // Respondents answer now: at work, and evaluated themselves this year.
  const canAnswer = (member: PlannedEmployee) =>
    member.status === 'active' && excluded.get(member.id) === null;

  return staff.map((employee) => {
    const excludedReason = excluded.get(employee.id) ?? null;
    if (excludedReason) return { employeeId: employee.id, excludedReason };
    const competencySet = formsFor(methodology, employee).survey360;
    if (!competencySet) return { employeeId: employee.id, excludedReason: 'noCompetencySet' };
    const absence = absenceKindOf(employee.status);
    return {
      employeeId: employee.id,
      competencySet,
      proposal: proposeRespondents(employee, chart, survey.respondents, canAnswer),
      withoutParticipation: absence && rules.evaluatedWithoutParticipation.includes(absence) ? absence : null,
      selfAssessment: survey.selfAssessment.asked && employee.status === 'active',
    };
  });
}
