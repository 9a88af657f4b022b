import { Composer } from 'grammy';
import { HR_ROLES } from '../people/models.ts';
import type { BotContext } from './context.ts';
import { hasAnyRole } from './identify.ts';

/**
 * Guards HR commands and buttons: anyone without an HR role gets "not allowed" and nothing else;
 * HR passes on to the handlers registered after it.
 */
export function refuseNonHr(commands: readonly string[], callbacks?: RegExp): Composer<BotContext> {
  const guard = new Composer<BotContext>();
  guard.command([...commands], async (ctx, next) => {
    if (hasAnyRole(ctx, HR_ROLES)) return next();
    await ctx.reply(ctx.t('errors.notAllowed'));
  });
  if (callbacks) {
    guard.callbackQuery(callbacks, async (ctx, next) => {
      if (hasAnyRole(ctx, HR_ROLES)) return next();
      await ctx.answerCallbackQuery({ text: ctx.t('errors.notAllowed') });
    });
  }
  return guard;
}

/**
 * The organisation an HR command is about: the one named, else the HR officer's own, else the only
 * organisation there is (an administrator outside the roster); null when that is ambiguous.
 */
export async function organisationOf(ctx: BotContext, explicit: string | undefined): Promise<string | null> {
  if (explicit) return explicit;
  if (ctx.employee) return ctx.employee.organisationCode;
  const organisations = await ctx.services.models.Organisation.find({}, { code: 1 }).limit(2).lean();
  return organisations.length === 1 ? organisations[0]!.code : null;
}
