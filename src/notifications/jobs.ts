import { almatyDateOf, isWorkingDay, workingDaysBetween } from '../calendar/index.ts';
import type { AppServices } from '../services.ts';
import { taskKey } from '../tasks/kinds.ts';
import { enqueueTask } from '../tasks/queue.ts';
import { alertUnacknowledged } from './notices.ts';
import { checkRankingCorrections, remindRankingEvaluators } from './reminders/ranking.ts';
import { remindPending } from './reminders/survey360.ts';
import type { DailyJob } from './scheduler.ts';

/** The bot's daily jobs, at 09:00 Asia/Almaty. */
export function dailyJobs(services: AppServices): DailyJob[] {
  return [
    { name: 'survey360', hour: 9, minute: 0, run: () => survey360Daily(services) },
    // Notices sent but not acknowledged within the methodology's working days: HR gets the list.
    {
      name: 'noticesUnacknowledged',
      hour: 9,
      minute: 0,
      run: async () => void (await alertUnacknowledged(services)),
    },
    // Evaluators with unfinished ranking/KPI sheets, on the reminder working days before the deadline.
    {
      name: 'rankingReminders',
      hour: 9,
      minute: 0,
      run: async () => void (await remindRankingEvaluators(services)),
    },
    // Sheets returned for correction: the evaluator on the due day, HR once it has passed.
    { name: 'rankingCorrections', hour: 9, minute: 0, run: () => checkRankingCorrections(services) },
  ];
}

/**
 * Launched 360 campaigns: closed (results computed and sent) once their last day has passed; on the
 * configured working days before the deadline, respondents with unfinished questionnaires are reminded.
 */
export async function survey360Daily(services: AppServices): Promise<void> {
  const today = almatyDateOf(services.now());
  const reminderDays = services.config.REMINDER_WORKING_DAYS_BEFORE;
  for (const campaign of await services.models.SurveyCampaign.find({ state: 'launched' }).lean()) {
    const id = String(campaign._id);
    if (today > campaign.deadline) {
      // The same task as HR's close button: whichever comes first runs it, a crash resumes it.
      await enqueueTask(
        services.models,
        {
          key: taskKey.closeSurvey360(id),
          kind: 'survey360.close',
          payload: { campaignId: id },
          organisationCode: campaign.organisationCode,
        },
        services.now(),
      );
      continue;
    }
    const left = workingDaysBetween(today, campaign.deadline as never);
    if (isWorkingDay(today) && reminderDays.includes(left)) await remindPending(services, id);
  }
  await services.wakeTasks();
}
