import type { Types } from 'mongoose';
import type { Models } from '../db/models.ts';
import { type ChartMember, OrgChart } from './org-chart.ts';

/**
 * The org chart of a person's body, read from the roster, and the person in it; null when the person
 * is not in the roster. Roster order (personnel number) decides between two heads of one unit, as in
 * the campaign planners.
 */
export async function orgChartAround(
  models: Models,
  employeeId: Types.ObjectId,
): Promise<{ chart: OrgChart<ChartMember>; self: ChartMember } | null> {
  const employee = await models.Employee.findById(employeeId, { organisationCode: 1 }).lean();
  if (!employee) return null;
  const { organisationCode } = employee;
  const fields = { personnelNumber: 1, unitCode: 1, isHead: 1, supervisorNumber: 1, status: 1 };
  const staff = await models.Employee.find({ organisationCode }, fields).sort({ personnelNumber: 1 }).lean();
  const units = await models.Unit.find({ organisationCode }, { code: 1, parentCode: 1 }).lean();
  const members: ChartMember[] = staff.map((e) => ({
    id: String(e._id),
    personnelNumber: e.personnelNumber,
    unitCode: e.unitCode,
    isHead: e.isHead ?? false,
    supervisorNumber: e.supervisorNumber ?? null,
    status: e.status ?? 'active',
  }));
  const self = members.find((m) => m.id === String(employeeId));
  if (!self) return null;
  const chart = new OrgChart(
    members,
    units.map((u) => ({ code: u.code, parentCode: u.parentCode ?? null })),
  );
  return { chart, self };
}
