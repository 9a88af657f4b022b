import { Composer, type Context } from 'grammy';
import type { HydratedDocument } from 'mongoose';
import { hasHrRights, hrScopeOf, type OwnedRef, organisationOfDocument } from '../people/access.ts';
import type { EmployeeDoc } from '../people/models.ts';
import type { BagalauFlavor, BotContext } from './context.ts';

type Ctx = Context & BagalauFlavor;

/**
 * Guards HR commands and buttons: anyone without HR rights gets "not allowed" and nothing else;
 * HR passes on to the handlers registered after it.
 */
export function refuseNonHr(commands: readonly string[], callbacks?: RegExp): Composer<BotContext> {
  const guard = new Composer<BotContext>();
  guard.command([...commands], async (ctx, next) => {
    if (hasHrRights(ctx.actor)) return next();
    await deny(ctx);
  });
  if (callbacks) {
    guard.callbackQuery(callbacks, async (ctx, next) => {
      if (hasHrRights(ctx.actor)) return next();
      await deny(ctx);
    });
  }
  return guard;
}

/** The one refusal for a missing right, a foreign id and an unknown id alike: it tells nothing. */
export async function deny(ctx: Ctx): Promise<void> {
  const text = ctx.t('errors.notAllowed');
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text });
  else await ctx.reply(text);
}

/**
 * The body this HR action runs in; null after telling the caller why there is none (no right, or an
 * administrator who has not chosen a body yet).
 */
export async function hrScope(ctx: Ctx): Promise<string | null> {
  const scope = await hrScopeOf(ctx.services.models, ctx.actor);
  if (scope.ok) return scope.organisationCode;
  if (scope.reason === 'notHr') await deny(ctx);
  else if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t('access:scope.chooseFirst') });
  else await ctx.reply(ctx.t('access:scope.chooseFirst'));
  return null;
}

/** The scope, when an organisation named in a command or a button (if any) is the scope itself. */
export async function hrScopeNamed(ctx: Ctx, named: string | undefined): Promise<string | null> {
  const scope = await hrScope(ctx);
  if (scope === null) return null;
  if (named && named !== scope) {
    await deny(ctx);
    return null;
  }
  return scope;
}

/**
 * Checks an id from a button or command against the caller's scope before anything of the document
 * is read: the scope when the document is in it; otherwise "not allowed" (also for an unknown id).
 */
export async function hrScopeOwning(ctx: Ctx, ref: OwnedRef): Promise<string | null> {
  const scope = await hrScope(ctx);
  if (scope === null) return null;
  if ((await organisationOfDocument(ctx.services.models, ref)) !== scope) {
    await deny(ctx);
    return null;
  }
  return scope;
}

/** A personnel number means an employee of one body: numbers repeat across bodies. */
export function employeeOfBody(
  ctx: Ctx,
  organisationCode: string,
  personnelNumber: string,
): Promise<HydratedDocument<EmployeeDoc> | null> {
  return ctx.services.models.Employee.findOne({ organisationCode, personnelNumber });
}

/**
 * The employee a personnel number names in HR's own body, with that body; null after telling the caller
 * why not (no right or no body chosen, or no such employee there).
 */
export async function hrEmployee(
  ctx: Ctx,
  personnelNumber: string,
): Promise<{ scope: string; employee: HydratedDocument<EmployeeDoc> } | null> {
  const scope = await hrScope(ctx);
  if (!scope) return null;
  const employee = await employeeOfBody(ctx, scope, personnelNumber);
  if (!employee) {
    await ctx.reply(ctx.t('ranking:hr.unknownEmployee', { number: personnelNumber }));
    return null;
  }
  return { scope, employee };
}
