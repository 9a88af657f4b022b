import { almatyDateOf, isWorkingDay, workingDaysBetween } from '../calendar/index.ts';
import { calibrationDaily } from '../evaluation/calibration/daily.ts';
import { commissionDaily } from '../evaluation/commission/daily.ts';
import { sweepSurvey360 } from '../evaluation/survey360/sweep.ts';
import { applyRetention } from '../retention/retention.ts';
import type { AppServices } from '../services.ts';
import { taskKey } from '../tasks/kinds.ts';
import { enqueueTask } from '../tasks/queue.ts';
import { alertUnacknowledged } from './notices.ts';
import { remindKpiActuals } from './reminders/kpi-actuals.ts';
import { checkRankingCorrections, remindRankingEvaluators } from './reminders/ranking.ts';
import { closeRankingAtDeadline } from './reminders/ranking-deadline.ts';
import { remindPending } from './reminders/survey360.ts';
import { sendUnderWayNotices } from './reminders/under-way.ts';
import { computeAnnualResults } from './results/annual.ts';
import { type DailyJob, forEachItem } from './scheduler.ts';

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
    // Calibration cases: reminders the working day before each step's last day, HR alerted once missed.
    { name: 'calibration', hour: 9, minute: 0, run: () => calibrationDaily(services) },
    // Evaluators with unfinished ranking/KPI sheets, on the reminder working days before the deadline.
    {
      name: 'rankingReminders',
      hour: 9,
      minute: 0,
      run: async () => void (await remindRankingEvaluators(services)),
    },
    // HR: approved KPI plans still without actual values, 5 working days before the KPI deadline.
    { name: 'kpiActuals', hour: 9, minute: 0, run: async () => void (await remindKpiActuals(services)) },
    // Ranking/KPI campaigns close themselves once every sheet's deadline has passed; unfilled sheets go to HR.
    {
      name: 'rankingDeadline',
      hour: 9,
      minute: 0,
      run: async () => void (await closeRankingAtDeadline(services)),
    },
    // Sheets returned for correction: the evaluator on the due day, HR once it has passed.
    { name: 'rankingCorrections', hour: 9, minute: 0, run: () => checkRankingCorrections(services) },
    // "Your evaluation is under way" on the methodology's days of the month after a quarter.
    { name: 'underWay', hour: 9, minute: 0, run: async () => void (await sendUnderWayNotices(services)) },
    // The year's final score from the quarters, on the methodology's day (Justice: 30 January).
    {
      name: 'annualResults',
      hour: 9,
      minute: 0,
      run: async () => void (await computeAnnualResults(services)),
    },
    // Chapter 6: agreed sheets HR has not passed to the Commission in time, and members told of meetings.
    { name: 'commission', hour: 9, minute: 0, run: () => commissionDaily(services) },
    // Documents older than the methodology's retention period go; HR is warned 30 days before.
    { name: 'retention', hour: 9, minute: 0, run: async () => void (await applyRetention(services)) },
  ];
}

/**
 * Launched 360 campaigns: closed (results computed and sent) once their last day has passed; on the
 * configured working days before the deadline, respondents with unfinished questionnaires are reminded.
 * First, drafts that can no longer be submitted are cleared (sweep.ts).
 */
export async function survey360Daily(services: AppServices): Promise<void> {
  await sweepSurvey360(services);
  const today = almatyDateOf(services.now());
  const reminderDays = services.config.REMINDER_WORKING_DAYS_BEFORE;
  const launched = await services.models.SurveyCampaign.find({ state: 'launched' }).sort({ _id: 1 }).lean();
  // One failing campaign does not skip the others; the job then fails and is retried.
  await forEachItem(
    services.logger,
    'survey360',
    launched,
    (c) => String(c._id),
    async (campaign) => {
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
        return;
      }
      const left = workingDaysBetween(today, campaign.deadline as never);
      if (isWorkingDay(today) && reminderDays.includes(left)) await remindPending(services, id);
    },
  ).finally(() => services.wakeTasks());
}
