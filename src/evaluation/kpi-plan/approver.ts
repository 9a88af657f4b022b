import { Types } from 'mongoose';
import type { Models } from '../../db/models.ts';
import { orgChartAround } from '../../people/org-chart-of.ts';

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
  const around = await orgChartAround(models, employeeId);
  if (!around) return null;
  const approver = around.chart.higherSuperiorOf(around.self) ?? around.chart.directSuperiorOf(around.self);
  return approver ? new Types.ObjectId(approver.id) : null;
}
