import type { Types } from 'mongoose';
import { dayOfMonthAfterPeriod, type IsoDate } from '../../calendar/index.ts';
import type { Models } from '../../db/models.ts';
import { getMethodology, kpiMethodOf } from '../../methodology/index.ts';
import { EDITABLE_STATUSES } from './models.ts';
import { returnDayOf, returnDeadline } from './plan.ts';

export interface ReturnDeadline {
  sheetId: Types.ObjectId;
  evaluatorId: Types.ObjectId | null;
  employeeId: Types.ObjectId;
  period: string;
  deadline: IsoDate;
}

/**
 * After HR records an absence: the open KPI sheets of this employee that are due after their return
 * (001 line 70) get their day — the methodology's working days after the return, never before the
 * period's own deadline. Returns the sheets whose deadline changed.
 */
export async function applyReturnDeadlines(
  models: Models,
  employeeId: Types.ObjectId,
): Promise<ReturnDeadline[]> {
  const sheets = await models.RankingSheet.find({
    employeeId,
    dueAfterReturn: true,
    status: { $in: EDITABLE_STATUSES },
  }).lean();
  if (sheets.length === 0) return [];
  const absences = (await models.StaffAbsence.find({ employeeId }).lean()).map((a) => ({
    employeeId: String(a.employeeId),
    from: a.from,
    to: a.to,
  }));
  const changed: ReturnDeadline[] = [];
  for (const sheet of sheets) {
    const campaign = await models.RankingCampaign.findOne({ _id: sheet.campaignId, state: 'open' }).lean();
    const methodology = campaign && getMethodology(campaign.methodologyId);
    const method = methodology && kpiMethodOf(methodology, sheet.formId);
    const workingDays = methodology?.eligibility.kpiWithinWorkingDaysAfterReturn;
    if (!campaign || !method || workingDays === undefined) continue;
    const returnOn = returnDayOf(String(employeeId), campaign.end as IsoDate, absences);
    if (!returnOn) continue;
    const periodDeadline = dayOfMonthAfterPeriod(
      campaign.end as IsoDate,
      method.deadline.day,
      method.deadline.shiftIfNonWorking,
    );
    const deadline = returnDeadline(returnOn, workingDays, periodDeadline);
    if (deadline === sheet.deadline) continue;
    await models.RankingSheet.updateOne({ _id: sheet._id, dueAfterReturn: true }, { $set: { deadline } });
    changed.push({
      sheetId: sheet._id,
      evaluatorId: sheet.evaluatorId ?? null,
      employeeId,
      period: sheet.period,
      deadline,
    });
  }
  return changed;
}
