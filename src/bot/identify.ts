import type { Context, MiddlewareFn } from 'grammy';
import type { HydratedDocument } from 'mongoose';
import type { AccountDoc, Language, PeopleModels, Role } from '../people/models.ts';
import type { AppServices } from '../services.ts';
import type { BagalauFlavor } from './context.ts';

/**
 * Loads the sender's account and linked employee, and sets the language and translator.
 */
export function identify<C extends Context & BagalauFlavor>(services: AppServices): MiddlewareFn<C> {
  return async (ctx, next) => {
    ctx.services = services;
    const from = ctx.from;
    const { Account, Employee } = services.models;
    const account = from ? await accountOf(Account, from.id) : null;
    const employee = account?.employeeId ? await Employee.findById(account.employeeId) : null;
    ctx.account = account;
    ctx.employee = employee;
    ctx.roles = rolesOf(account?.extraRoles ?? [], employee?.roles ?? []);
    ctx.lang = pickLanguage(
      account?.language,
      employee?.language,
      from?.language_code,
      services.config.DEFAULT_LANGUAGE,
    );
    ctx.t = services.translator.forLanguage(ctx.lang);
    await next();
  };
}

/**
 * Reads the account; only a first contact writes (the bare account, no name, no time). A write on
 * every update would leave each person's last-interaction time in the database, which next to a 360
 * submission tells who answered when.
 */
async function accountOf(
  Account: PeopleModels['Account'],
  telegramId: number,
): Promise<HydratedDocument<AccountDoc> | null> {
  const existing = await Account.findOne({ telegramId });
  if (existing) return existing;
  return Account.findOneAndUpdate(
    { telegramId },
    { $setOnInsert: { telegramId } },
    { upsert: true, returnDocument: 'after', timestamps: false },
  );
}

/** Accounts once carried createdAt/updatedAt (bumped on every update): removed at start-up. */
export async function forgetAccountTimes(models: Pick<PeopleModels, 'Account'>): Promise<void> {
  await models.Account.collection.updateMany(
    { $or: [{ updatedAt: { $exists: true } }, { createdAt: { $exists: true } }] },
    { $unset: { updatedAt: '', createdAt: '' } },
  );
}

function rolesOf(extraRoles: readonly string[], employeeRoles: readonly string[]): ReadonlySet<Role> {
  return new Set([...extraRoles, ...employeeRoles] as Role[]);
}

/** Chosen language first, then the roster's, then Telegram's app language if it is one of ours. */
export function pickLanguage(
  chosen: string | null | undefined,
  roster: string | null | undefined,
  telegram: string | null | undefined,
  fallback: Language,
): Language {
  for (const candidate of [chosen, roster, telegram]) {
    if (candidate === 'kk' || candidate === 'ru') return candidate;
  }
  return fallback;
}

export function hasAnyRole(ctx: BagalauFlavor, roles: readonly Role[]): boolean {
  return roles.some((role) => ctx.roles.has(role));
}
