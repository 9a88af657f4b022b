import type { Types } from 'mongoose';
import { pickLanguage } from '../bot/identify.ts';
import { type Actor, actorNow, hasHrRights, hrScopeOf } from '../people/access.ts';
import type { Language } from '../people/models.ts';
import type { AppServices } from '../services.ts';
import { checkInitData } from './init-data.ts';

/** Who calls the dashboard's API, with the rights they hold right now and the body they act in. */
export interface Caller {
  telegramId: number;
  employeeId: Types.ObjectId | null;
  actor: Actor;
  /** The one body every request runs in (hrScopeOf, as every HR command in the chat). */
  scope: string;
  lang: Language;
}

export type CallerCheck =
  | { ok: true; caller: Caller }
  /** 401: the launch data is missing, forged or too old; 403: a real account without HR rights here. */
  | { ok: false; status: 401 | 403 };

/**
 * Decides who is calling from the `initData` Telegram signed: the account it names, its roster
 * employee and the configuration give the actor (actorNow, as the chat's rights guard), and the HR
 * scope (hrScopeOf) the body. Reads only; an unknown account gets no record.
 */
export async function callerOf(services: AppServices, initData: string | undefined): Promise<CallerCheck> {
  const { config, models } = services;
  const check = checkInitData(initData, config.BOT_TOKEN, services.now(), config.WEBAPP_AUTH_MAX_AGE_SECONDS);
  if (!check.ok) return { ok: false, status: 401 };
  const telegramId = check.user.id;
  const account = await models.Account.findOne({ telegramId }).lean();
  const employee = account?.employeeId ? await models.Employee.findById(account.employeeId).lean() : null;
  const actor = actorNow({
    telegramId,
    employee,
    chosenScope: account?.hrScope,
    adminIds: config.ADMIN_TELEGRAM_IDS,
  });
  if (!actor || !hasHrRights(actor)) return { ok: false, status: 403 };
  const scope = await hrScopeOf(models, actor);
  if (!scope.ok) return { ok: false, status: 403 };
  return {
    ok: true,
    caller: {
      telegramId,
      employeeId: actor.employee?._id ?? null,
      actor,
      scope: scope.organisationCode,
      lang: pickLanguage(
        account?.language,
        employee?.language,
        check.user.languageCode,
        config.DEFAULT_LANGUAGE,
      ),
    },
  };
}
