import { type IsoDate, isAtLeastOneMonthInPosition, periodOf } from '../../calendar/index.ts';
import { type CompetencySet, formsFor, type Methodology } from '../../methodology/index.ts';
import { type Proposal, proposeRespondents, type StaffMember, type UnitNode } from './propose.ts';

export type ExclusionReason = 'dismissed' | 'lessThanMonthInPosition' | 'noCompetencySet';

export interface PlannedEmployee extends StaffMember {
  categoryCode: string;
  appointedOn: string;
}

export type PlannedTarget =
  | { employeeId: string; competencySet: CompetencySet; proposal: Proposal }
  | { employeeId: string; excludedReason: ExclusionReason };

/**
 * Who is evaluated by 360 in `year` and by whom (pure). Staff with less than a month in the position
 * by the end of the year, and dismissed staff, are listed with the reason and left out.
 */
export function plan360(
  methodology: Methodology,
  year: number,
  staff: readonly PlannedEmployee[],
  units: readonly UnitNode[],
): PlannedTarget[] {
  const survey = methodology.methods.survey360;
  if (!survey) return [];
  const yearEnd = periodOf('year', `${year}-12-31` as IsoDate).end;
  return staff.map((employee) => {
    if (employee.status === 'dismissed') return { employeeId: employee.id, excludedReason: 'dismissed' };
    if (!isAtLeastOneMonthInPosition(employee.appointedOn as IsoDate, yearEnd)) {
      return { employeeId: employee.id, excludedReason: 'lessThanMonthInPosition' };
    }
    const competencySet = formsFor(methodology, employee).survey360;
    if (!competencySet) return { employeeId: employee.id, excludedReason: 'noCompetencySet' };
    return {
      employeeId: employee.id,
      competencySet,
      proposal: proposeRespondents(employee, staff, units, survey.respondents),
    };
  });
}
