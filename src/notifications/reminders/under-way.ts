import { almatyDateOf } from '../../calendar/index.ts';
import { type IsoDate, parts } from '../../calendar/iso-date.ts';
import { formatDate, formatPeriod } from '../../i18n/format.ts';
import { getMethodology } from '../../methodology/index.ts';
import type { AppServices } from '../../services.ts';
import { notifyEmployee } from '../notify.ts';

/**
 * "Your evaluation is under way": each evaluatee of an open quarter campaign is told once, heads by the
 * methodology's `headsByDay` and everyone else by `staffByDay` of the month after the quarter (Almaty
 * city: the 5th and the 10th). Sent on that day, or on the first run after it if the bot was down.
 * Heads are those evaluated on a KPI sheet (the seeds' unit heads). Returns how many were queued.
 */
export async function sendUnderWayNotices(services: AppServices): Promise<number> {
  const { models } = services;
  const today = almatyDateOf(services.now());
  let queued = 0;
  const campaigns = await models.RankingCampaign.find({ state: 'open', periodKind: 'quarter' })
    .sort({ _id: 1 })
    .lean();
  for (const campaign of campaigns) {
    const days = getMethodology(campaign.methodologyId)?.deadlines.notices;
    if (!days || !inMonthAfter(campaign.end, today)) continue;
    const day = parts(today).day;
    const sheets = await models.RankingSheet.find(
      { campaignId: campaign._id, status: { $ne: 'notEvaluated' } },
      { employeeId: 1, kind: 1, deadline: 1 },
    )
      .sort({ _id: 1 })
      .lean();
    const heads = new Set(sheets.filter((s) => s.kind === 'kpi').map((s) => String(s.employeeId)));
    const deadlineOf = new Map<string, string>();
    for (const sheet of sheets) {
      // A sheet due after the evaluatee's return has no day yet; the evaluatee is away anyway.
      if (!sheet.deadline) continue;
      const id = String(sheet.employeeId);
      const known = deadlineOf.get(id);
      if (!known || sheet.deadline < known) deadlineOf.set(id, sheet.deadline);
    }
    for (const [employeeId, deadline] of deadlineOf) {
      const byDay = heads.has(employeeId) ? days.headsByDay : days.staffByDay;
      if (day < byDay) continue;
      const outcome = await notifyEmployee(services, {
        key: `underWay:${String(campaign._id)}:${employeeId}`,
        kind: 'underWay',
        employeeId,
        render: (t) => ({
          text: t('year:underWay', {
            period: formatPeriod(t, campaign.period, 'for'),
            deadline: formatDate(deadline),
          }),
          ackText: t('notices:hr.seenButton'),
        }),
      });
      if (outcome === 'queued') queued++;
    }
  }
  return queued;
}

/** Whether `today` is in the month that follows the period ending on `periodEnd`. */
function inMonthAfter(periodEnd: string, today: string): boolean {
  const end = parts(periodEnd as IsoDate);
  const now = parts(today as IsoDate);
  const month = end.month === 12 ? 1 : end.month + 1;
  const year = end.month === 12 ? end.year + 1 : end.year;
  return now.year === year && now.month === month;
}
