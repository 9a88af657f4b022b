import { Types } from 'mongoose';
import type { Models } from '../../db/models.ts';
import { OrgChart } from '../../people/org-chart.ts';

/**
 * Who approves a head's individual work plan: the higher superior (001 line 42: the person the head's
 * direct superior reports to), from the org chart. At the top of the roster there
 * is no one above the direct superior (the appointing official is outside it): the direct superior
 * approves then. Null when the roster knows no superior at all.
 */
export async function planApproverOf(
  models: Models,
  employeeId: Types.ObjectId,
): Promise<Types.ObjectId | null> {
  const employee = await models.Employee.findById(employeeId, { organisationCode: 1 }).lean();
  if (!employee) return null;
  const { organisationCode } = employee;
  const fields = { personnelNumber: 1, unitCode: 1, isHead: 1, supervisorNumber: 1, status: 1 };
  // Roster order decides between two heads of one unit: the same order as the campaign's planner.
  const staff = await models.Employee.find({ organisationCode }, fields).sort({ personnelNumber: 1 }).lean();
  const units = await models.Unit.find({ organisationCode }, { code: 1, parentCode: 1 }).lean();
  const members = staff.map((e) => ({
    id: String(e._id),
    personnelNumber: e.personnelNumber,
    unitCode: e.unitCode,
    isHead: e.isHead ?? false,
    supervisorNumber: e.supervisorNumber ?? null,
    status: e.status ?? 'active',
  }));
  const chart = new OrgChart(
    members,
    units.map((u) => ({ code: u.code, parentCode: u.parentCode ?? null })),
  );
  const self = members.find((m) => m.id === String(employeeId));
  const approver = self && (chart.higherSuperiorOf(self) ?? chart.directSuperiorOf(self));
  return approver ? new Types.ObjectId(approver.id) : null;
}
