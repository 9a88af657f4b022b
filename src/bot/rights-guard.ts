import type { Context, MiddlewareFn } from 'grammy';
import { actorNow, effectiveRoles } from '../people/access.ts';
import type { AppServices } from '../services.ts';
import type { BagalauFlavor } from './context.ts';

/**
 * Rights are decided on every update from the identity as stored now (through the identity cache,
 * which any write to accounts or employees makes stale: at once on this instance, within a second on
 * the others), so a lost right is lost at the next update: an employee the
 * roster marks dismissed is refused everything; roles come from the roster as it is now, and
 * administrator rights from the running configuration, not from what an account once held.
 * Installed right after identify.
 */
export function rightsGuard<C extends Context & BagalauFlavor>(services: AppServices): MiddlewareFn<C> {
  return async (ctx, next) => {
    const actor = actorNow({
      telegramId: ctx.from?.id ?? null,
      employee: ctx.employee,
      chosenScope: ctx.account?.hrScope,
      adminIds: services.config.ADMIN_TELEGRAM_IDS,
    });
    if (!actor) return refuse(ctx);
    // An administrator the roster marks dismissed keeps running the bot, but as nobody in the roster.
    if (!actor.employee) ctx.employee = null;
    ctx.actor = actor;
    ctx.roles = effectiveRoles(actor);
    await next();
  };
}

/** One line and nothing else: no menu, no data, whatever the update was. */
async function refuse(ctx: Context & BagalauFlavor): Promise<void> {
  const text = ctx.t('access:rightsEnded');
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
  else if (ctx.chat) await ctx.reply(text);
}
