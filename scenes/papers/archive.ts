import { Composer } from 'grammy';
import type { BotContext } from '../../src/bot/context.ts';
import { hrScope, refuseNonHr } from '../../src/bot/hr-access.ts';
import { queueFromChat } from '../../src/bot/task-requests.ts';
import { parsePeriod } from '../../src/evaluation/ranking/campaign.ts';
import { audit } from '../../src/people/audit.ts';
import { taskKey } from '../../src/tasks/kinds.ts';

/**
 * `/papers <period>` (`2026-Q3`, or `2026` for the year with its 360 results): every filled sheet of HR's
 * body for the period as a .zip, sent to this chat. The papers are rendered by a task (a body has up
 * to 1,500 sheets), and hold only what the asker may see (the HR head: the whole body).
 */
export const paperArchive = new Composer<BotContext>();

paperArchive.use(refuseNonHr(['papers']));

paperArchive.command('papers', async (ctx) => {
  const period = parsePeriod(ctx.match.trim());
  if (!period) {
    await ctx.reply(ctx.t('results:papers.archiveUsage'));
    return;
  }
  const scope = await hrScope(ctx);
  if (!scope) return;
  if (!ctx.employee) {
    // The papers are results: only a viewer from the roster (the HR head) has any to download.
    await ctx.reply(ctx.t('errors.notAllowed'));
    return;
  }
  const askedBy = String(ctx.employee._id);
  await queueFromChat(ctx, {
    key: taskKey.campaignArchive(scope, period.label, askedBy, ctx.chat.id, ctx.msg.message_id),
    kind: 'papers.campaignArchive',
    payload: { organisationCode: scope, period: period.label, askedBy },
    organisationCode: scope,
  });
  await audit(ctx, 'results.paperArchive', scope, { period: period.label });
});
