import { downloadTelegramFile } from '../bot/files.ts';
import { almatyDateOf } from '../calendar/index.ts';
import { safeFileName } from '../documents/index.ts';
import { closeRankingCampaign } from '../evaluation/ranking/campaign.ts';
import { markUnfilledNotEvaluated } from '../evaluation/ranking/overdue.ts';
import { periodWords } from '../i18n/format.ts';
import { alertHr } from '../notifications/hr-alerts.ts';
import { inviteRespondents, remindPending } from '../notifications/reminders/survey360.ts';
import { notifyNotEvaluated, notifyRankingResults } from '../notifications/results/ranking.ts';
import { finishCampaign } from '../notifications/results/survey360.ts';
import { campaignArchive } from '../papers/campaign-archive.ts';
import { recordAudit } from '../people/audit.ts';
import { writeRoster } from '../people/roster/import.ts';
import { parseRosterFile } from '../people/roster/parse.ts';
import type { AppServices } from '../services.ts';
import type { TaskDelivery } from './delivery.ts';
import { exportHandlers } from './exports.ts';
import type { TaskHandler } from './runner.ts';

/** The long work the bot hands to tasks, by kind; each is safe to run again from the start. */
export function taskHandlers(services: AppServices, delivery?: TaskDelivery): Record<string, TaskHandler> {
  const id = (task: { payload?: unknown }, field: string) =>
    String((task.payload as Record<string, unknown> | undefined)?.[field] ?? '');
  return {
    ...exportHandlers(services, delivery),
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
    // A big body's papers are rendered here, off the update path; a rerun after a crash sends them again.
    'papers.campaignArchive': async (task, control) => {
      const period = id(task, 'period');
      const lang = task.report?.language === 'ru' ? 'ru' : 'kk';
      const archive = await campaignArchive(
        services,
        {
          organisationCode: id(task, 'organisationCode'),
          period,
          askedBy: id(task, 'askedBy'),
          lang,
        },
        control.progress,
      );
      const chatId = task.report?.chatId;
      const t = services.translator.forLanguage(lang);
      if (chatId && delivery)
        for (const [index, part] of archive.parts.entries())
          await delivery.sendDocument(
            chatId,
            {
              data: part.data,
              fileName: safeFileName(
                `${t('results:papers.archiveName', { ...periodWords(t, period), part: index + 1, parts: archive.parts.length })}.zip`,
              ),
            },
            t('results:papers.archiveCaption', { count: part.names.length }),
          );
      return { documents: archive.documents, parts: archive.parts.length, period };
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
    // A launched campaign's invitations, keyed per respondent: a resumed run counts but adds nothing.
    'survey360.invite': async (task, control) => {
      const campaignId = id(task, 'campaignId');
      const respondentIds = (await services.models.SurveyAssignment.distinct('respondentId', { campaignId }))
        .map(String)
        .sort();
      return { ...(await inviteRespondents(services, campaignId, respondentIds, control.progress)) };
    },
    // Queued once per request; each respondent's reminder is keyed per day, so a resumed run adds nothing.
    'survey360.remind': async (task, control) => {
      const campaignId = id(task, 'campaignId');
      const count = await remindPending(services, campaignId, undefined, control.progress);
      await recordAudit(services, {
        telegramId: task.report?.chatId ?? null,
        employeeId: task.requestedBy ?? null,
        organisationCode: task.organisationCode ?? null,
        action: 'survey360.remind',
        details: { campaignId, reminded: count },
      });
      return { count };
    },
    // HR's console: every launched campaign of the body, each respondent keyed per day (a resumed or
    // repeated round adds nothing).
    'notices.remindAll': async (task, control) => {
      const campaigns = await services.models.SurveyCampaign.find(
        { state: 'launched', organisationCode: task.organisationCode ?? '' },
        { _id: 1 },
      )
        .sort({ _id: 1 })
        .lean();
      let count = 0;
      for (const campaign of campaigns)
        count += await remindPending(services, String(campaign._id), undefined, control.progress);
      await recordAudit(services, {
        telegramId: task.report?.chatId ?? null,
        employeeId: task.requestedBy ?? null,
        organisationCode: task.organisationCode ?? null,
        action: 'hr.remindAll',
        details: { campaigns: campaigns.map((c) => String(c._id)), reminded: count },
      });
      return { count, campaigns: campaigns.length };
    },
    // The file is fetched again by its Telegram id (the bytes are never stored), read on a worker
    // thread when it is big, validated whole, and written only without a single error. Upserts by
    // stable keys: a resumed import writes nothing twice.
    'people.rosterImport': async (task, control) => {
      const organisationCode = id(task, 'organisationCode');
      const bytes = await downloadTelegramFile(services.config, id(task, 'fileId'));
      // Steps as progress (no total: HR sees "checking" until the outcome): 1 reading, 2 writing.
      await control.progress(ROSTER_STEPS.reading, null);
      const parsed = await parseRosterFile(bytes, `roster.${id(task, 'format')}`, {
        organisationCode,
        today: almatyDateOf(services.now()),
      });
      await control.progress(ROSTER_STEPS.writing, null);
      const outcome = parsed.ok
        ? ({ ok: true, counts: await writeRoster(services.models, parsed) } as const)
        : parsed;
      await recordAudit(services, {
        telegramId: task.report?.chatId ?? null,
        employeeId: task.requestedBy ?? null,
        organisationCode,
        action: 'people.rosterImport',
        details: outcome.ok ? { ...outcome.counts } : { errors: outcome.errors.length },
      });
      // The errors quote the file's cells: kept only until HR has been told (`transient`).
      return outcome.ok
        ? { ...outcome.counts }
        : { errorCount: outcome.errors.length, transient: { errors: outcome.errors } };
    },
  };
}

/** How far a roster import got (its task's `progress.done`). */
export const ROSTER_STEPS = { reading: 1, writing: 2 } as const;

/** The one key per piece of work, so HR's button and the deadline job never start it twice. */
export const taskKey = {
  /** One archive per message that asked (a redelivered update builds it once; asking again, anew). */
  campaignArchive: (
    organisationCode: string,
    period: string,
    askedBy: string,
    chatId: number,
    messageId: number,
  ) => `papers.campaignArchive:${organisationCode}:${period}:${askedBy}:${chatId}:${messageId}`,
  closeSurvey360: (campaignId: string) => `survey360.close:${campaignId}`,
  finaliseRanking: (campaignId: string) => `ranking.finalise:${campaignId}`,
  /** A campaign is launched once: its invitations are sent once. */
  inviteSurvey360: (campaignId: string) => `survey360.invite:${campaignId}`,
  /** One reminder round per campaign and day (a second tap the same day shows the first one's word). */
  remindSurvey360: (campaignId: string, day: string) => `survey360.remind:${campaignId}:${day}`,
  /** One console round per body and day (every launched campaign's pending respondents). */
  remindAll: (organisationCode: string, day: string) => `notices.remindAll:${organisationCode}:${day}`,
  /** One import per message that carried the file (a redelivered update imports it once). */
  importRoster: (chatId: number, messageId: number) => `people.rosterImport:${chatId}:${messageId}`,
};
