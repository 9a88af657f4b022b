import { closeRankingCampaign } from '../evaluation/ranking/campaign.ts';
import { markUnfilledNotEvaluated } from '../evaluation/ranking/overdue.ts';
import { alertHr } from '../notifications/hr-alerts.ts';
import { notifyNotEvaluated, notifyRankingResults } from '../notifications/results/ranking.ts';
import { finishCampaign } from '../notifications/results/survey360.ts';
import type { AppServices } from '../services.ts';
import type { TaskHandler } from './runner.ts';

/** The long work the bot hands to tasks, by kind; each is safe to run again from the start. */
export function taskHandlers(services: AppServices): Record<string, TaskHandler> {
  const id = (task: { payload?: unknown }, field: string) =>
    String((task.payload as Record<string, unknown> | undefined)?.[field] ?? '');
  return {
    // Results stored once per evaluatee, notices keyed per person: a resumed close sends nothing twice.
    'survey360.close': async (task, control) => {
      const campaignId = id(task, 'campaignId');
      const closed = await finishCampaign(services, campaignId, control.progress);
      // Closed by its deadline: nobody's message waits for the summary, so HR is told how many results exist.
      if (!task.report?.chatId)
        await alertHr(services, {
          key: `survey360Closed:${campaignId}`,
          organisationCode: task.organisationCode ?? null,
          render: (t) => t('tasks:done.survey360.close', { ...closed }),
        });
      return { ...closed };
    },
    'ranking.finalise': async (task, control) => {
      const campaignId = id(task, 'campaignId');
      await closeRankingCampaign(services.models, campaignId, services.now());
      // Unfilled sheets end as "not filled", then everyone hears: a result, or why there is none.
      await markUnfilledNotEvaluated(services.models, campaignId);
      const notices = await notifyRankingResults(services, campaignId, control.progress);
      const notEvaluated = await notifyNotEvaluated(services, campaignId);
      const campaign = await services.models.RankingCampaign.findById(campaignId, { period: 1 }).lean();
      return { notices, notEvaluated, period: campaign?.period ?? '' };
    },
  };
}

/** The one key per piece of work, so HR's button and the deadline job never start it twice. */
export const taskKey = {
  closeSurvey360: (campaignId: string) => `survey360.close:${campaignId}`,
  finaliseRanking: (campaignId: string) => `ranking.finalise:${campaignId}`,
};
