import type { Context, MiddlewareFn } from 'grammy';
import type { Language, Role } from '../people/models.ts';
import type { AppServices } from '../services.ts';
import type { BagalauFlavor } from './context.ts';

/**
 * Loads the sender's account and linked employee, and sets the language and translator.
 * Installed outside and inside conversations, so both see the same, current data.
 */
export function identify<C extends Context & BagalauFlavor>(services: AppServices): MiddlewareFn<C> {
  return async (ctx, next) => {
    ctx.services = services;
    const from = ctx.from;
    const { Account, Employee } = services.models;
    const account = from
      ? await Account.findOneAndUpdate(
          { telegramId: from.id },
          { $setOnInsert: { telegramId: from.id, firstName: from.first_name } },
          { upsert: true, returnDocument: 'after' },
        )
      : null;
    const employee = account?.employeeId ? await Employee.findById(account.employeeId) : null;
    ctx.account = account;
    ctx.employee = employee;
    ctx.roles = rolesOf(account?.extraRoles ?? [], employee?.roles ?? []);
    ctx.lang = pickLanguage(account?.language, employee?.language, from?.language_code, services);
    ctx.t = services.translator.forLanguage(ctx.lang);
    await next();
  };
}

function rolesOf(extraRoles: readonly string[], employeeRoles: readonly string[]): ReadonlySet<Role> {
  return new Set([...extraRoles, ...employeeRoles] as Role[]);
}

/** Chosen language first, then the roster's, then Telegram's app language if it is one of ours. */
function pickLanguage(
  chosen: string | null | undefined,
  roster: string | null | undefined,
  telegram: string | undefined,
  services: AppServices,
): Language {
  for (const candidate of [chosen, roster, telegram]) {
    if (candidate === 'kk' || candidate === 'ru') return candidate;
  }
  return services.config.DEFAULT_LANGUAGE;
}

export function hasAnyRole(ctx: BagalauFlavor, roles: readonly Role[]): boolean {
  return roles.some((role) => ctx.roles.has(role));
}
