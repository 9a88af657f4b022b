import { callbacks } from '../../bot/callback-data.ts';
import { almatyDateOf, type IsoDate, isWorkingDay, workingDaysBetween } from '../../calendar/index.ts';
import type { SheetStatus } from '../../evaluation/ranking/models.ts';
import type { ReturnDeadline } from '../../evaluation/ranking/return-deadlines.ts';
import { formatDate, periodWords } from '../../i18n/format.ts';
import type { AppServices } from '../../services.ts';
import { alertHr } from '../hr-alerts.ts';
import { oneButton } from '../keyboard.ts';
import { notifyEmployee } from '../notify.ts';
import { forEachItem } from '../scheduler.ts';

/** Sheets not yet submitted; a `returned` sheet has its own due day (correction reminders below). */
const UNFINISHED: readonly SheetStatus[] = ['pending', 'inProgress'];

/**
 * Daily: on the configured working days before a sheet's deadline, every evaluator with unfinished
 * sheets of an open campaign is reminded how many of their own sheets are open and by when (nothing
 * about whom). One reminder per evaluator, campaign and day. Returns how many were queued.
 */
export async function remindRankingEvaluators(services: AppServices): Promise<number> {
  const { models } = services;
  const today = almatyDateOf(services.now());
  if (!isWorkingDay(today)) return 0;
  const reminderDays = services.config.REMINDER_WORKING_DAYS_BEFORE;
  let queued = 0;
  const campaigns = await models.RankingCampaign.find({ state: 'open' }).sort({ _id: 1 }).lean();
  await forEachItem(
    services.logger,
    'rankingReminders',
    campaigns,
    (c) => String(c._id),
    async (campaign) => {
      const sheets = await models.RankingSheet.find(
        { campaignId: campaign._id, status: { $in: UNFINISHED }, evaluatorId: { $ne: null } },
        { evaluatorId: 1, deadline: 1 },
      ).lean();
      const due = openSheetsByEvaluator(sheets, (deadline) =>
        reminderDays.includes(workingDaysBetween(today, deadline as IsoDate)),
      );
      for (const [evaluatorId, entry] of due) {
        if ((await queueSheetsReminder(services, campaign, evaluatorId, entry, today)) === 'queued') queued++;
      }
    },
  );
  return queued;
}

export interface OpenSheets {
  count: number;
  /** The earliest deadline among them. */
  deadline: string;
}

/**
 * Per evaluator, how many of the sheets are open and the earliest deadline; `counts` picks the deadlines
 * that count. A sheet due after its evaluatee's return has no day until the return is recorded: skipped.
 */
export function openSheetsByEvaluator(
  sheets: readonly { evaluatorId?: unknown; deadline?: string | null }[],
  counts: (deadline: string) => boolean = () => true,
): Map<string, OpenSheets> {
  const due = new Map<string, OpenSheets>();
  for (const sheet of sheets) {
    if (!sheet.deadline || !counts(sheet.deadline)) continue;
    const key = String(sheet.evaluatorId);
    const entry = due.get(key) ?? { count: 0, deadline: sheet.deadline };
    entry.count++;
    if (sheet.deadline < entry.deadline) entry.deadline = sheet.deadline;
    due.set(key, entry);
  }
  return due;
}

/**
 * The evaluator's reminder of their own open sheets (how many, by when; nothing about whom). One key per
 * evaluator, campaign and day, shared by the daily job and HR's "remind", so one reminder a day at most.
 */
export function queueSheetsReminder(
  services: AppServices,
  campaign: { _id: unknown; period: string },
  evaluatorId: string,
  entry: OpenSheets,
  today: string,
) {
  return notifyEmployee(services, {
    key: `rkRemind:${String(campaign._id)}:${evaluatorId}:${today}`,
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
}

/**
 * Daily, for sheets the superior sent back for correction (Chapter 6) in open campaigns: on the due
 * day the evaluator is reminded; once the due day has passed without a resubmission, HR is told, once
 * per sheet and return (the keys carry the round).
 */
export async function checkRankingCorrections(services: AppServices): Promise<void> {
  const { models } = services;
  const today = almatyDateOf(services.now());
  const open = await models.RankingCampaign.find({ state: 'open' }, { _id: 1 }).lean();
  const returned = await models.RankingSheet.find({
    campaignId: { $in: open.map((c) => c._id) },
    status: 'returned',
    'review.dueBy': { $ne: null },
  })
    .sort({ _id: 1 })
    .lean();
  await forEachItem(
    services.logger,
    'rankingCorrections',
    returned,
    (s) => String(s._id),
    async (sheet) => {
      const dueBy = sheet.review!.dueBy!;
      const round = `${String(sheet._id)}:${sheet.review?.rounds ?? 0}`;
      const people = await models.Employee.find(
        { _id: { $in: [sheet.employeeId, ...(sheet.evaluatorId ? [sheet.evaluatorId] : [])] } },
        { fullName: 1 },
      ).lean();
      const nameOf = (id: unknown) => people.find((p) => p._id.equals(String(id)))?.fullName ?? '';
      if (today === dueBy && sheet.evaluatorId) {
        await notifyEmployee(services, {
          key: `rkCorrectionDue:${round}`,
          kind: 'rankingCorrectionDue',
          employeeId: sheet.evaluatorId,
          render: (t) => ({
            text: t('ranking:remind.correctionDue', {
              dueBy: formatDate(dueBy),
              name: nameOf(sheet.employeeId),
              ...periodWords(t, sheet.period),
            }),
            reply_markup: oneButton(
              t('ranking:buttons.openSheet'),
              callbacks.sheet.openFromNotice.queued({ sheetId: String(sheet._id) }),
            ),
          }),
        });
      }
      if (today > dueBy) {
        await alertHr(services, {
          key: `rkCorrectionLate:${round}`,
          organisationCode: sheet.organisationCode,
          render: (t) =>
            t('ranking:remind.correctionLate', {
              name: nameOf(sheet.employeeId),
              ...periodWords(t, sheet.period),
              evaluator: sheet.evaluatorId ? nameOf(sheet.evaluatorId) : '—',
              dueBy: formatDate(dueBy),
            }),
        });
      }
    },
  );
}

/** Each evaluator gets one notice with the deadline and a button to their list. */
export async function notifyEvaluators(services: AppServices, campaignId: string): Promise<void> {
  const sheets = await services.models.RankingSheet.find({ campaignId, status: 'pending' }).lean();
  const evaluators = new Map<string, { count: number; deadline: string }>();
  for (const sheet of sheets) {
    // Sheets due after a return are announced when HR records the return (returnDeadlineNotice).
    if (!sheet.evaluatorId || !sheet.deadline) continue;
    const key = String(sheet.evaluatorId);
    const entry = evaluators.get(key) ?? { count: 0, deadline: sheet.deadline };
    entry.count++;
    if (sheet.deadline < entry.deadline) entry.deadline = sheet.deadline;
    evaluators.set(key, entry);
  }
  const period = sheets[0]?.period ?? '';
  for (const [evaluatorId, entry] of evaluators) {
    await notifyEmployee(services, {
      key: `rkLaunch:${campaignId}:${evaluatorId}`,
      kind: 'rankingLaunch',
      employeeId: evaluatorId,
      render: (t) => ({
        text: t('ranking:notice.launch', {
          ...periodWords(t, period),
          count: entry.count,
          deadline: formatDate(entry.deadline),
        }),
        reply_markup: oneButton(t('ranking:buttons.openList'), callbacks.sheet.listFromNotice.queued({})),
      }),
    });
  }
}

/**
 * The evaluator of a KPI sheet that waited for its evaluatee's return is told the day it is now due.
 * One notice per sheet and deadline.
 */
export async function notifyReturnDeadlines(
  services: AppServices,
  changed: readonly ReturnDeadline[],
): Promise<void> {
  for (const sheet of changed) {
    if (!sheet.evaluatorId) continue;
    const employee = await services.models.Employee.findById(sheet.employeeId, { fullName: 1 }).lean();
    await notifyEmployee(services, {
      key: `rkReturnDue:${String(sheet.sheetId)}:${sheet.deadline}`,
      kind: 'rankingLaunch',
      employeeId: sheet.evaluatorId,
      render: (t) => ({
        text: t('ranking:notice.afterReturn', {
          name: employee?.fullName ?? '',
          ...periodWords(t, sheet.period),
          deadline: formatDate(sheet.deadline),
        }),
        reply_markup: oneButton(t('ranking:buttons.openList'), callbacks.sheet.listFromNotice.queued({})),
      }),
    });
  }
}
