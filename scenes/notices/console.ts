import { Composer, InlineKeyboard, InputFile } from 'grammy';
import { anyOf, callbacks, type REGISTER_FILTERS } from '../../src/bot/callback-data.ts';
import type { BotContext } from '../../src/bot/context.ts';
import { hrScope, hrScopeOwning, refuseNonHr } from '../../src/bot/hr-access.ts';
import { onButton } from '../../src/bot/on-button.ts';
import { queueFromChat } from '../../src/bot/task-requests.ts';
import { pagerRow } from '../../src/bot/ui/pages.ts';
import { replyLong, showPage } from '../../src/bot/ui/reply.ts';
import { almatyDateOf } from '../../src/calendar/index.ts';
import { formatDate, formatDateTime } from '../../src/i18n/format.ts';
import type { Translate } from '../../src/i18n/index.ts';
import {
  deliveryRegisterPage,
  type RegisterFilter,
  type RegisterRow,
  registerRefusalAct,
} from '../../src/notifications/notices.ts';
import { registerReasonText } from '../../src/notifications/register-workbook.ts';
import { fileRefusalAct } from '../../src/papers/refusal-act.ts';
import { mayReadAuditLog } from '../../src/people/access.ts';
import { audit } from '../../src/people/audit.ts';
import { EXPORT_KINDS, exportKey } from '../../src/tasks/exports.ts';
import { taskKey } from '../../src/tasks/kinds.ts';
import { askRosterFile } from '../people/roster-import.ts';
import { offerDashboard } from '../webapp/dashboard.ts';

/** Register rows on one page: a row has up to seven lines, so a page stays far below 4,096 characters. */
const REGISTER_PER_PAGE = 10;

/**
 * HR's console: roster import, 360 campaigns, "remind all pending", the delivery register, open
 * appeals and the register export. Everyone else gets "not allowed" for every command and button.
 */
export const hrConsole = new Composer<BotContext>();

hrConsole.use(refuseNonHr(['hr', 'refusal'], anyOf(callbacks.console)));

hrConsole.command('hr', async (ctx) => {
  const scope = await hrScope(ctx);
  if (!scope) return;
  await audit(ctx, 'hr.open', scope);
  const t = ctx.t;
  const { console: hr } = callbacks;
  const keyboard = new InlineKeyboard()
    .text(t('notices:console.importButton'), hr.import.build())
    .text(t('notices:console.campaignsButton'), hr.campaigns.build())
    .row()
    .text(t('wizard:consoleButton'), callbacks.campaignWizard.start.build())
    .text(t('notices:console.remindButton'), hr.remind.build())
    .row()
    .text(t('notices:console.registerButton'), hr.register.build({ filter: 'all' }))
    .text(t('notices:console.unacknowledgedButton'), hr.register.build({ filter: 'unack' }))
    .row()
    .text(t('notices:console.undeliverableButton'), hr.register.build({ filter: 'undeliv' }))
    .text(t('notices:console.appealsButton'), hr.appeals.build())
    .row()
    .text(t('notices:console.exportButton'), hr.export.build());
  // The audit log is the HR head's: it shows who looked at whose results.
  if (mayReadAuditLog(ctx.actor, scope)) keyboard.text(t('access:audit.button'), hr.auditLog.build());
  await offerDashboard(ctx, keyboard);
  await ctx.reply(t('notices:console.title'), { reply_markup: keyboard });
});

onButton(hrConsole, callbacks.console.import, async (ctx) => {
  const scope = await hrScope(ctx);
  if (!scope) return;
  await ctx.answerCallbackQuery();
  await audit(ctx, 'hr.import', scope);
  await askRosterFile(ctx, scope);
});

onButton(hrConsole, callbacks.console.campaigns, async (ctx) => {
  const scope = await hrScope(ctx);
  if (!scope) return;
  await ctx.answerCallbackQuery();
  await audit(ctx, 'hr.campaigns', scope);
  await ctx.reply(ctx.t('notices:console.campaignsHint'));
});

onButton(hrConsole, callbacks.console.remind, async (ctx) => {
  const scope = await hrScope(ctx);
  if (!scope) return;
  await ctx.answerCallbackQuery();
  // Every pending respondent of the body's launched campaigns is reminded by a task, once a day (it
  // records the round in the audit log with its count).
  await queueFromChat(ctx, {
    key: taskKey.remindAll(scope, almatyDateOf(ctx.services.now())),
    kind: 'notices.remindAll',
    organisationCode: scope,
  });
});

const FILTERS: Record<(typeof REGISTER_FILTERS)[number], RegisterFilter> = {
  all: 'all',
  unack: 'unacknowledged',
  undeliv: 'undeliverable',
};

/** The console's buttons open the register's first page; its pager turns pages. */
onButton(hrConsole, [callbacks.console.register, callbacks.console.registerPage], async (ctx, data) => {
  const scope = await hrScope(ctx);
  if (!scope) return;
  await ctx.answerCallbackQuery();
  const filter = FILTERS[data.filter];
  const fromPager = data.action === 'console.registerPage';
  const shown = await deliveryRegisterPage(ctx.services, {
    filter,
    organisationCode: scope,
    page: data.action === 'console.registerPage' ? data.page : 0,
    perPage: REGISTER_PER_PAGE,
  });
  await audit(ctx, 'hr.register', scope, { filter, page: shown.page });
  if (shown.total === 0) {
    await ctx.reply(ctx.t('notices:register.empty'));
    return;
  }
  const text = [
    ctx.t(`notices:register.title.${filter}`, { count: shown.total }),
    ...shown.rows.map((row) => registerLine(ctx.t, row)),
  ].join('\n\n');
  const pager = pagerRow(shown, (page) =>
    callbacks.console.registerPage.build({ filter: data.filter, page }),
  );
  const keyboard = pager.length > 0 ? new InlineKeyboard().row(...pager) : undefined;
  await showPage(ctx, text, keyboard, fromPager);
});

/** One notice: who, what, its state, and each registered time. */
function registerLine(t: Translate, row: RegisterRow): string {
  const parts = [
    t('notices:register.line', {
      name: row.name,
      kind: t(`notices:kinds.${row.kind}`, { defaultValue: row.kind }),
      state: t(`notices:states.${row.state}`),
    }),
    t('notices:register.queued', { time: formatDateTime(row.queuedAt) }),
  ];
  if (row.sentAt)
    parts.push(
      t('notices:register.sent', { time: formatDateTime(row.sentAt), messageId: row.messageId ?? '' }),
    );
  if (row.acknowledgedAt)
    parts.push(t('notices:register.acknowledged', { time: formatDateTime(row.acknowledgedAt) }));
  if (row.refusedAt) parts.push(t('notices:register.refused', { time: formatDateTime(row.refusedAt) }));
  if (row.refusalWitnesses.length > 0)
    parts.push(t('notices:register.refusalAct', { witnesses: row.refusalWitnesses.join('; ') }));
  if (row.reason) parts.push(t('notices:register.reason', { reason: registerReasonText(t, row.reason) }));
  return parts.join('\n');
}

onButton(hrConsole, callbacks.console.appeals, async (ctx) => {
  const scope = await hrScope(ctx);
  if (!scope) return;
  await ctx.answerCallbackQuery();
  await audit(ctx, 'hr.appeals', scope);
  const { Appeal, Employee } = ctx.services.models;
  const appeals = await Appeal.find({ state: 'open', organisationCode: scope })
    .sort({ decisionBy: 1, _id: 1 })
    .lean();
  if (appeals.length === 0) {
    await ctx.reply(ctx.t('notices:appeals.empty'));
    return;
  }
  const names = new Map(
    (await Employee.find({ _id: { $in: appeals.map((a) => a.employeeId) } }, { fullName: 1 }).lean()).map(
      (e) => [String(e._id), e.fullName],
    ),
  );
  const lines = appeals.map((appeal) =>
    ctx.t('notices:appeals.line', {
      name: names.get(String(appeal.employeeId)) ?? '',
      kind: ctx.t(`notices:kinds.${appeal.kind}`, { defaultValue: appeal.kind }),
      filedOn: formatDate(appeal.filedOn),
      decisionBy: formatDate(appeal.decisionBy),
      sessionBy: formatDate(appeal.sessionBy),
      statement: appeal.statement,
    }),
  );
  // Statements can be long: the list goes out in as many messages as it needs.
  await replyLong(ctx, [ctx.t('notices:appeals.title', { count: appeals.length }), ...lines].join('\n\n'));
});

onButton(hrConsole, callbacks.console.export, async (ctx) => {
  const scope = await hrScope(ctx);
  if (!scope) return;
  await ctx.answerCallbackQuery();
  // The whole body's register (thousands of rows) is written by a task; one per console message.
  const { created } = await queueFromChat(ctx, {
    key: exportKey(EXPORT_KINDS.deliveryRegister, scope, ctx.chat!.id, ctx.msg!.message_id),
    kind: EXPORT_KINDS.deliveryRegister,
    organisationCode: scope,
  });
  await audit(ctx, 'hr.export', scope, { created });
});

/** `/refusal <notice id> <witness 1>; <witness 2>`: HR registers the act of refusal to acknowledge. */
hrConsole.command('refusal', async (ctx) => {
  const [noticeId = '', ...rest] = ctx.match.trim().split(/\s+/);
  const witnesses = rest.join(' ').split(';');
  if (!noticeId || rest.length === 0) {
    await ctx.reply(ctx.t('notices:refusal.usage'));
    return;
  }
  const scope = await hrScopeOwning(ctx, { kind: 'notice', id: noticeId });
  if (!scope) return;
  const outcome = await registerRefusalAct(ctx.services, { noticeId, witnesses, registeredBy: ctx.from!.id });
  // Witnesses' names stay in the act, not in the log.
  await audit(ctx, 'hr.refusalAct', scope, {
    noticeId,
    witnesses: witnesses.length,
    outcome: typeof outcome === 'object' ? outcome.problem : outcome,
  });
  if (typeof outcome === 'object') {
    await ctx.reply(ctx.t('notices:refusal.witnessCount', { count: outcome.required }));
    return;
  }
  await ctx.reply(ctx.t(`notices:refusal.${outcome}`));
  if (outcome !== 'registered') return;
  // The act to sign and file, in both languages; a copy stays with the notice.
  for (const document of (await fileRefusalAct(ctx.services, noticeId)) ?? [])
    await ctx.replyWithDocument(new InputFile(document.data, document.fileName), {
      caption: ctx.t('results:refusalAct.caption'),
      protect_content: true,
    });
});
