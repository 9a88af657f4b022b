import { Types } from 'mongoose';
import { safeFileName } from '../documents/index.ts';
import { mayView, sheetDocument } from '../evaluation/confidentiality.ts';
import { actualsTemplate } from '../evaluation/kpi-plan/actuals-import.ts';
import { exportCampaign } from '../evaluation/ranking/results.ts';
import { periodWords } from '../i18n/format.ts';
import type { Translate } from '../i18n/index.ts';
import { wholeDeliveryRegister } from '../notifications/notices.ts';
import { registerWorkbook } from '../notifications/register-workbook.ts';
import { rankingExportLabels } from '../notifications/results/ranking-labels.ts';
import { type Actor, actorNow, hrScopeOf, mayReadAuditLog } from '../people/access.ts';
import { auditLogOf } from '../people/audit.ts';
import { auditWorkbook } from '../people/audit-workbook.ts';
import type { Language } from '../people/models.ts';
import type { AppServices } from '../services.ts';
import type { TaskDelivery } from './delivery.ts';
import type { Task } from './queue.ts';
import type { TaskControl, TaskHandler } from './runner.ts';

/** The exports HR asks for that are built from a whole campaign or body, by task kind. */
export const EXPORT_KINDS = {
  rankingResults: 'ranking.resultsExport',
  deliveryRegister: 'notices.registerExport',
  auditLog: 'audit.logExport',
  kpiActuals: 'kpi.actualsTemplate',
} as const;

/**
 * One export per message that asked: the command's message, or the message whose button was tapped.
 * A double tap or a redelivered update finds the same task; asking again in a new message builds a
 * fresh file.
 */
export const exportKey = (kind: string, organisationCode: string, chatId: number, messageId: number) =>
  `${kind}:${organisationCode}:${chatId}:${messageId}`;

/** Telegram's limit for a document's caption. */
export const CAPTION_LIMIT = 1024;

/** Never more than Telegram takes: a longer caption is cut with an ellipsis. */
export const withinCaption = (text: string): string =>
  text.length <= CAPTION_LIMIT ? text : `${text.slice(0, CAPTION_LIMIT - 1)}…`;

/** More entries than a body writes in years: a bigger audit export is cut here. */
const AUDIT_EXPORT_LIMIT = 100_000;

interface ExportFile {
  data: Uint8Array;
  fileName: string;
  caption: string;
  rows: number;
}

interface ExportInput {
  task: Task;
  organisationCode: string;
  asker: Actor;
  t: Translate;
  lang: Language;
  control: TaskControl;
}

/** Builds the file; null when nothing in it is the asker's to see. */
type ExportBuild = (input: ExportInput) => Promise<ExportFile | null>;

/**
 * Who asked, with the rights they hold when the file is built (a right lost since the request is
 * lost for the export too): the roster employee read fresh, the administrators of the running
 * configuration, and the body checked when the task was queued.
 */
async function askerOf(services: AppServices, task: Task): Promise<Actor | null> {
  const employee = task.requestedBy
    ? await services.models.Employee.findById(task.requestedBy, {
        organisationCode: 1,
        roles: 1,
        status: 1,
      }).lean()
    : null;
  return actorNow({
    // HR's exports are asked for in the private chat with the bot: its id is the asker's.
    telegramId: task.report?.chatId ?? null,
    employee: employee ?? null,
    chosenScope: task.organisationCode,
    adminIds: services.config.ADMIN_TELEGRAM_IDS,
  });
}

const text = (task: Task, field: string) =>
  String((task.payload as Record<string, unknown> | undefined)?.[field] ?? '');

/**
 * The export kinds. Each is read whole when it runs (never at the request), sent as a document to the
 * chat that asked, and its row count kept as the result. Nothing is stored: a rerun after a crash
 * builds the file again and sends it again, so HR may then find it twice in the chat.
 */
export function exportHandlers(services: AppServices, delivery?: TaskDelivery): Record<string, TaskHandler> {
  const builds = exportBuilds(services);
  const handlers: Record<string, TaskHandler> = {};
  for (const [kind, build] of Object.entries(builds)) {
    handlers[kind] = async (task, control) => {
      const organisationCode = task.organisationCode ?? '';
      const asker = await askerOf(services, task);
      const scope = asker ? await hrScopeOf(services.models, asker) : null;
      const chatId = task.report?.chatId;
      // Rights and body checked again as the file is built: refused, nothing of the body is read.
      if (!asker || !scope?.ok || scope.organisationCode !== organisationCode || !chatId)
        return { refused: true };
      const lang: Language = task.report?.language === 'ru' ? 'ru' : 'kk';
      const t = services.translator.forLanguage(lang);
      const file = await build({ task, organisationCode, asker, t, lang, control });
      if (!file) return { refused: true };
      // Still this instance's task (not taken over after a stall, not stopping): only then is it sent.
      await control.progress(file.rows, file.rows);
      if (delivery)
        await delivery.sendDocument(
          chatId,
          { data: file.data, fileName: safeFileName(file.fileName) },
          withinCaption(file.caption),
        );
      return { rows: file.rows };
    };
  }
  return handlers;
}

function exportBuilds(services: AppServices): Record<string, ExportBuild> {
  const { models } = services;
  return {
    [EXPORT_KINDS.rankingResults]: async ({ task, organisationCode, asker, t, lang, control }) => {
      const campaignId = text(task, 'campaignId');
      if (!Types.ObjectId.isValid(campaignId)) return null;
      const campaign = await models.RankingCampaign.findOne(
        { _id: new Types.ObjectId(campaignId), organisationCode },
        { _id: 1, period: 1, methodologyId: 1 },
      ).lean();
      if (!campaign) return null;
      const total = await models.RankingSheet.countDocuments({ campaignId: campaign._id });
      let seen = 0;
      const exported = await exportCampaign(
        models,
        campaign._id,
        lang,
        rankingExportLabels(t),
        async (sheet) => {
          // Progress (and the lease) every hundred sheets: a body has up to 1,500.
          if (++seen % 100 === 0) await control.progress(seen, total);
          return mayView(asker, await sheetDocument(models, sheet, campaign.methodologyId)).allowed;
        },
      );
      if (!exported) return null;
      return {
        data: exported.bytes,
        fileName: `ranking-${organisationCode}-${campaign.period}.xlsx`,
        caption: t('ranking:export.caption', periodWords(t, campaign.period)),
        rows: exported.sheetIds.length,
      };
    },
    [EXPORT_KINDS.deliveryRegister]: async ({ organisationCode, t }) => {
      const rows = await wholeDeliveryRegister(services, organisationCode);
      return {
        data: await registerWorkbook(t, rows),
        fileName: 'delivery-register.xlsx',
        caption: t('notices:register.exportCaption', { count: rows.length }),
        rows: rows.length,
      };
    },
    // Every planned KPI of the body for the period, to be filled and sent back (the caption says so).
    [EXPORT_KINDS.kpiActuals]: async ({ task, organisationCode, t }) => {
      const period = text(task, 'period');
      const template = await actualsTemplate(models, {
        organisationCode,
        period,
        sheetName: t('kpi:import.sheetName'),
        labels: {
          personnelNumber: t('kpi:import.columns.personnelNumber'),
          kpiNumber: t('kpi:import.columns.kpiNumber'),
          actual: t('kpi:import.columns.actual'),
          name: t('kpi:import.columns.name'),
          title: t('kpi:import.columns.title'),
          planned: t('kpi:import.columns.planned'),
        },
      });
      return {
        data: template.bytes,
        fileName: `kpi-${period}.xlsx`,
        caption: [t('kpi:import.templateCaption', periodWords(t, period)), t('kpi:import.sendFile')].join(
          '\n\n',
        ),
        rows: template.rows,
      };
    },
    // The audit log is the HR head's (it shows who looked at whose results).
    [EXPORT_KINDS.auditLog]: async ({ organisationCode, asker, t }) => {
      if (!mayReadAuditLog(asker, organisationCode)) return null;
      const { rows } = await auditLogOf(services, organisationCode, { page: 0, perPage: AUDIT_EXPORT_LIMIT });
      return {
        data: await auditWorkbook(t, rows),
        fileName: `audit-${organisationCode}.xlsx`,
        caption: t('access:audit.exportCaption', { count: rows.length }),
        rows: rows.length,
      };
    },
  };
}
