import ExcelJS from 'exceljs';
import { Composer, InlineKeyboard, InputFile } from 'grammy';
import { callbacks } from '../../src/bot/callback-data.ts';
import type { BotContext } from '../../src/bot/context.ts';
import { deny, hrScope } from '../../src/bot/hr-access.ts';
import { onButton } from '../../src/bot/on-button.ts';
import { pagerRow } from '../../src/bot/ui/pages.ts';
import { formatDateTime, formatPeriod } from '../../src/i18n/format.ts';
import type { Translate } from '../../src/i18n/index.ts';
import { mayReadAuditLog } from '../../src/people/access.ts';
import { type AuditRow, audit, auditLogOf } from '../../src/people/audit.ts';

/** Entries on one page of the chat view; the .xlsx has them all. */
const PER_PAGE = 10;
/** More entries than a body writes in years: a bigger export is cut here. */
const EXPORT_LIMIT = 100_000;

/**
 * The HR head's audit log in the console: who did what to which document, and when, newest first,
 * paged; and the whole log as .xlsx. Everyone else is refused like any HR button.
 */
export const auditLog = new Composer<BotContext>();

/** The scope, when the caller is its HR head; otherwise "not allowed". */
async function headScope(ctx: BotContext): Promise<string | null> {
  const scope = await hrScope(ctx);
  if (!scope) return null;
  if (!mayReadAuditLog(ctx.actor, scope)) {
    await deny(ctx);
    return null;
  }
  return scope;
}

/** The console's button opens the first page in a new message; the pager turns pages in place. */
onButton(auditLog, [callbacks.console.auditLog, callbacks.console.auditPage], async (ctx, tapped) => {
  const scope = await headScope(ctx);
  if (!scope) return;
  await ctx.answerCallbackQuery();
  const { rows, total, page, pages } = await auditLogOf(ctx.services, scope, {
    page: tapped.action === 'console.auditPage' ? tapped.page : 0,
    perPage: PER_PAGE,
  });
  await audit(ctx, 'hr.auditLog', scope, { page });
  const text = [
    ctx.t('access:audit.title', { count: total }),
    // Details may hold period codes (2026-Q3): a person reads them in words.
    ...rows.map((row) =>
      auditLine(ctx.t, row).replace(/\b\d{4}-Q[1-4]\b/g, (code) => formatPeriod(ctx.t, code)),
    ),
  ].join('\n\n');
  const keyboard = new InlineKeyboard();
  const pager = pagerRow({ page, pages }, (p) => callbacks.console.auditPage.build({ page: p }));
  if (pager.length > 0) keyboard.row(...pager);
  keyboard.row().text(ctx.t('access:audit.exportButton'), callbacks.console.auditExport.build());
  if (tapped.action === 'console.auditLog') {
    await ctx.reply(text, { reply_markup: keyboard });
    return;
  }
  await ctx.editMessageText(text, { reply_markup: keyboard }).catch((error: unknown) => {
    // The page shown again (its own k / n button): Telegram refuses an edit that changes nothing.
    if (!String(error).includes('message is not modified')) throw error;
  });
});

onButton(auditLog, callbacks.console.auditExport, async (ctx) => {
  const scope = await headScope(ctx);
  if (!scope) return;
  await ctx.answerCallbackQuery();
  await audit(ctx, 'hr.auditExport', scope);
  const { rows } = await auditLogOf(ctx.services, scope, { page: 0, perPage: EXPORT_LIMIT });
  const bytes = await auditWorkbook(ctx.t, rows);
  await ctx.replyWithDocument(new InputFile(bytes, `audit-${scope}.xlsx`), {
    caption: ctx.t('access:audit.exportCaption', { count: rows.length }),
  });
});

function actorText(t: Translate, row: AuditRow): string {
  if (row.actor) return `${row.actor.fullName} (${row.actor.personnelNumber})`;
  return t(row.automatic ? 'access:audit.automatic' : 'access:audit.administrator');
}

const actionText = (t: Translate, action: string) =>
  t(`access:audit.actions.${action}`, { defaultValue: action });

/** `key: value` pairs of our own ids, numbers and codes (no one's text is ever in them). */
const detailsText = (details: Record<string, unknown>) =>
  Object.entries(details)
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(', ') : String(value)}`)
    .join('; ');

function auditLine(t: Translate, row: AuditRow): string {
  const details = detailsText(row.details);
  return [
    t('access:audit.line', {
      time: formatDateTime(row.at),
      who: actorText(t, row),
      action: actionText(t, row.action),
    }),
    ...(details ? [details] : []),
  ].join('\n');
}

/** Every entry as one row; cells are plain strings, so nothing in them is ever read as a formula. */
async function auditWorkbook(t: Translate, rows: readonly AuditRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(t('access:audit.xlsx.sheet'));
  sheet.columns = [
    { header: t('access:audit.xlsx.time'), key: 'time', width: 18 },
    { header: t('access:audit.xlsx.who'), key: 'who', width: 34 },
    { header: t('access:audit.xlsx.action'), key: 'action', width: 36 },
    { header: t('access:audit.xlsx.details'), key: 'details', width: 60 },
    { header: t('access:audit.xlsx.entryId'), key: 'entryId', width: 26 },
  ];
  for (const row of rows) {
    sheet.addRow({
      time: formatDateTime(row.at),
      who: actorText(t, row),
      action: actionText(t, row.action),
      details: detailsText(row.details),
      entryId: row.id,
    });
  }
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
