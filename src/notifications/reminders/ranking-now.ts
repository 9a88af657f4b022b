import { almatyDateOf } from '../../calendar/index.ts';
import type { SheetStatus } from '../../evaluation/ranking/models.ts';
import type { AppServices } from '../../services.ts';
import { openSheetsByEvaluator, queueSheetsReminder } from './ranking.ts';

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
  const due = openSheetsByEvaluator(sheets);
  let queued = 0;
  for (const [evaluatorId, entry] of [...due].sort(([a], [b]) => a.localeCompare(b))) {
    if ((await queueSheetsReminder(services, campaign, evaluatorId, entry, today)) === 'queued') queued++;
  }
  return queued;
}
