import { callbacks } from '../../bot/callback-data.ts';
import { almatyDateOf } from '../../calendar/index.ts';
import type { SheetStatus } from '../../evaluation/ranking/models.ts';
import { formatDate, periodWords } from '../../i18n/format.ts';
import type { AppServices } from '../../services.ts';
import { oneButton } from '../keyboard.ts';
import { notifyEmployee } from '../notify.ts';

/** Sheets the evaluator still has to fill (a returned sheet has its own correction reminder). */
const UNFINISHED: readonly SheetStatus[] = ['pending', 'inProgress'];

/**
 * HR's "remind" (a unit's evaluators, or one of them): each evaluator named who still has unfinished
 * sheets of the campaign gets the daily reminder's text, how many of their own sheets are open and by
 * when, nothing about whom. It shares the daily reminder's key, so an evaluator gets one a day
 * whichever comes first. Returns how many were queued.
 */
export async function remindEvaluatorsNow(
  services: AppServices,
  campaignId: string,
  evaluatorIds: readonly string[],
): Promise<number> {
  const { models } = services;
  const campaign = await models.RankingCampaign.findById(campaignId).lean();
  if (campaign?.state !== 'open') return 0;
  const today = almatyDateOf(services.now());
  const sheets = await models.RankingSheet.find(
    { campaignId, status: { $in: UNFINISHED }, evaluatorId: { $in: evaluatorIds } },
    { evaluatorId: 1, deadline: 1 },
  ).lean();
  const due = new Map<string, { count: number; deadline: string }>();
  for (const sheet of sheets) {
    // A sheet due after its evaluatee's return has no day to name yet.
    if (!sheet.deadline) continue;
    const key = String(sheet.evaluatorId);
    const entry = due.get(key) ?? { count: 0, deadline: sheet.deadline };
    entry.count++;
    if (sheet.deadline < entry.deadline) entry.deadline = sheet.deadline;
    due.set(key, entry);
  }
  let queued = 0;
  for (const [evaluatorId, entry] of [...due].sort(([a], [b]) => a.localeCompare(b))) {
    const outcome = await notifyEmployee(services, {
      key: `rkRemind:${campaignId}:${evaluatorId}:${today}`,
      kind: 'rankingReminder',
      employeeId: evaluatorId,
      render: (t) => ({
        text: t('ranking:remind.sheets', {
          ...periodWords(t, campaign.period),
          count: entry.count,
          deadline: formatDate(entry.deadline),
        }),
        reply_markup: oneButton(t('ranking:buttons.openList'), callbacks.sheet.listFromNotice.queued({})),
      }),
    });
    if (outcome === 'queued') queued++;
  }
  return queued;
}
