import { Composer, InlineKeyboard } from 'grammy';
import { callbacks } from '../../src/bot/callback-data.ts';
import type { BotContext } from '../../src/bot/context.ts';
import { deny, hrScope } from '../../src/bot/hr-access.ts';
import { onButton } from '../../src/bot/on-button.ts';
import { queueFromChat } from '../../src/bot/task-requests.ts';
import { pagerRow } from '../../src/bot/ui/pages.ts';
import { formatDateTime, formatPeriod } from '../../src/i18n/format.ts';
import type { Translate } from '../../src/i18n/index.ts';
import { mayReadAuditLog } from '../../src/people/access.ts';
import { type AuditRow, audit, auditLogOf } from '../../src/people/audit.ts';
import { auditActionText, auditActorText, auditDetailsText } from '../../src/people/audit-workbook.ts';
import { EXPORT_KINDS, exportKey } from '../../src/tasks/exports.ts';

/** Entries on one page of the chat view; the .xlsx has them all. */
const PER_PAGE = 10;

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
  // Years of entries are written by a task; one per log message (its pages turn in place).
  const { created } = await queueFromChat(ctx, {
    key: exportKey(EXPORT_KINDS.auditLog, scope, ctx.chat!.id, ctx.msg!.message_id),
    kind: EXPORT_KINDS.auditLog,
    organisationCode: scope,
  });
  await audit(ctx, 'hr.auditExport', scope, { created });
});

function auditLine(t: Translate, row: AuditRow): string {
  const details = auditDetailsText(row.details);
  return [
    t('access:audit.line', {
      time: formatDateTime(row.at),
      who: auditActorText(t, row),
      action: auditActionText(t, row.action),
    }),
    ...(details ? [details] : []),
  ].join('\n');
}
