import type { Context, MiddlewareFn } from 'grammy';
import type { AccountRecord, Identity } from '../cache/index.ts';
import type { Language, PeopleModels, Role } from '../people/models.ts';
import type { AppServices } from '../services.ts';
import type { BagalauFlavor } from './context.ts';

/**
 * Loads the sender's account and linked employee, and sets the language and translator. Both come
 * from the identity cache: a plain update reads nothing and writes nothing; a roster import, a link,
 * a role, scope or language change makes the cached identity stale (src/cache).
 */
export function identify<C extends Context & BagalauFlavor>(services: AppServices): MiddlewareFn<C> {
  return async (ctx, next) => {
    ctx.services = services;
    const from = ctx.from;
    const identity = from
      ? await services.caches.identity.get(from.id, () => loadIdentity(services.models, from.id))
      : null;
    const account = identity?.account ?? null;
    const employee = identity?.employee ?? null;
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

/** The identity as stored: the account (created bare on first sight) and the employee it links to. */
export async function loadIdentity(
  models: Pick<PeopleModels, 'Account' | 'Employee'>,
  telegramId: number,
): Promise<Identity> {
  const account = await accountOf(models.Account, telegramId);
  const employee = account?.employeeId ? await models.Employee.findById(account.employeeId).lean() : null;
  return { account, employee } as Identity;
}

/**
 * Reads the account; only a first contact writes (the bare account, no name, no time). A write on
 * every update would leave each person's last-interaction time in the database, which next to a 360
 * submission tells who answered when. The first write goes to the driver's collection directly: a
 * bare new account changes nothing any cache holds, so it need not make every identity stale.
 */
async function accountOf(
  Account: PeopleModels['Account'],
  telegramId: number,
): Promise<AccountRecord | null> {
  const existing = await Account.findOne({ telegramId }).lean<AccountRecord>();
  if (existing) return existing;
  const bare = { telegramId, language: null, employeeId: null, extraRoles: [], firstName: '', hrScope: null };
  const created = await Account.collection.findOneAndUpdate(
    { telegramId },
    { $setOnInsert: bare },
    { upsert: true, returnDocument: 'after' },
  );
  return created as AccountRecord | null;
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
