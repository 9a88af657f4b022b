import type { Types } from 'mongoose';
import type { Models } from '../db/models.ts';
import type { EmployeeStatus, Role } from './models.ts';

/**
 * Who sends an update, with the rights they hold right now: the roster (read fresh on every update)
 * and the configuration decide, never a role remembered from earlier.
 */
export interface Actor {
  telegramId: number | null;
  /** The linked roster employee; null when unlinked or dismissed (a dismissed employee has no rights). */
  employee: {
    _id: Types.ObjectId;
    organisationCode: string;
    roles: readonly string[];
    status?: string | null;
  } | null;
  /** In ADMIN_TELEGRAM_IDS of the running configuration. */
  isAdmin: boolean;
  /** The body an administrator chose to act for (`/scope`); ignored for anyone else. */
  chosenScope: string | null;
}

/** Leaving the body ends every right the roster gave. */
export const rightsEnded = (employee: { status?: string | null } | null | undefined): boolean =>
  (employee?.status as EmployeeStatus | undefined) === 'dismissed';

/**
 * The rights a Telegram account holds right now, from the roster employee it is linked to and the
 * running configuration's administrators: null when the roster says the employee has left (and the
 * account is no administrator); a dismissed administrator acts as nobody in the roster. The chat's
 * rights guard and the dashboard both decide through here.
 */
export function actorNow(input: {
  telegramId: number | null;
  employee: Actor['employee'];
  /** The body an administrator chose (`/scope`), kept on the account. */
  chosenScope: string | null | undefined;
  adminIds: readonly number[];
}): Actor | null {
  const isAdmin = input.telegramId !== null && input.adminIds.includes(input.telegramId);
  const ended = rightsEnded(input.employee);
  if (ended && !isAdmin) return null;
  return {
    telegramId: input.telegramId,
    employee: ended ? null : input.employee,
    isAdmin,
    chosenScope: isAdmin ? (input.chosenScope ?? null) : null,
  };
}

const hasRosterRole = (actor: Actor, role: Role) =>
  Boolean(actor.employee && !rightsEnded(actor.employee) && actor.employee.roles.includes(role));

/** An HR officer or the HR head of their body, by the roster. */
export const isHrStaff = (actor: Actor): boolean =>
  hasRosterRole(actor, 'hr') || hasRosterRole(actor, 'hrHead');

/** The head of the HR service of their body, by the roster (the only HR role that sees results). */
export const isHrHead = (actor: Actor): boolean => hasRosterRole(actor, 'hrHead');

/** May run HR actions at all (in some scope): roster HR staff and administrators. */
export const hasHrRights = (actor: Actor): boolean => actor.isAdmin || isHrStaff(actor);

/** The roles the actor holds now; administrators get HR's commands (never HR head's view of results). */
export function effectiveRoles(actor: Actor): ReadonlySet<Role> {
  const roles = new Set<Role>((actor.employee?.roles ?? []) as Role[]);
  if (actor.isAdmin) {
    roles.add('hr');
    roles.add('admin');
  }
  return roles;
}

export type HrScope =
  | { ok: true; organisationCode: string }
  /** notHr: no HR rights; choose: an administrator who has not chosen a body (and there are several). */
  | { ok: false; reason: 'notHr' | 'choose' };

/**
 * The one body an HR action runs in. HR staff: their own body, from the roster. An administrator: the
 * body they chose (if it still exists), else their own if the roster makes them HR, else the only
 * body there is.
 */
export async function hrScopeOf(models: Models, actor: Actor): Promise<HrScope> {
  if (!hasHrRights(actor)) return { ok: false, reason: 'notHr' };
  if (!actor.isAdmin) return { ok: true, organisationCode: actor.employee!.organisationCode };
  if (actor.chosenScope && (await models.Organisation.exists({ code: actor.chosenScope })))
    return { ok: true, organisationCode: actor.chosenScope };
  if (isHrStaff(actor)) return { ok: true, organisationCode: actor.employee!.organisationCode };
  const organisations = await models.Organisation.find({}, { code: 1 }).sort({ code: 1 }).limit(2).lean();
  return organisations.length === 1
    ? { ok: true, organisationCode: organisations[0]!.code }
    : { ok: false, reason: 'choose' };
}

/** A document an id from a button or command points at, by collection. */
export type OwnedRef =
  | { kind: 'surveyCampaign' | 'surveyTarget' | 'surveyAssignment'; id: string }
  | { kind: 'rankingCampaign' | 'rankingSheet' | 'notice' | 'appeal' | 'employee'; id: string };

const OBJECT_ID = /^[0-9a-f]{24}$/;

/**
 * The body a document belongs to, reading nothing else of it; null when there is no such document.
 * Scope checks compare this with the caller's scope before the document itself is read.
 */
export async function organisationOfDocument(models: Models, ref: OwnedRef): Promise<string | null> {
  if (!OBJECT_ID.test(ref.id)) return null;
  const only = { organisationCode: 1 } as const;
  switch (ref.kind) {
    case 'surveyCampaign':
      return (await models.SurveyCampaign.findById(ref.id, only).lean())?.organisationCode ?? null;
    case 'surveyTarget':
    case 'surveyAssignment': {
      const owner =
        ref.kind === 'surveyTarget'
          ? await models.SurveyTarget.findById(ref.id, { campaignId: 1 }).lean()
          : await models.SurveyAssignment.findById(ref.id, { campaignId: 1 }).lean();
      if (!owner) return null;
      return organisationOfDocument(models, { kind: 'surveyCampaign', id: String(owner.campaignId) });
    }
    case 'rankingCampaign':
      return (await models.RankingCampaign.findById(ref.id, only).lean())?.organisationCode ?? null;
    case 'rankingSheet':
      return (await models.RankingSheet.findById(ref.id, only).lean())?.organisationCode ?? null;
    case 'notice':
      return (await models.Notice.findById(ref.id, only).lean())?.organisationCode ?? null;
    case 'appeal':
      return (await models.Appeal.findById(ref.id, only).lean())?.organisationCode ?? null;
    case 'employee':
      return (await models.Employee.findById(ref.id, only).lean())?.organisationCode ?? null;
  }
}

/** An employee as the recipient of a notice about their own result (no administrator rights). */
export function actorOfEmployee(
  employee: NonNullable<Actor['employee']> & { telegramId?: number | null },
): Actor {
  return { telegramId: employee.telegramId ?? null, employee, isAdmin: false, chosenScope: null };
}

/** The audit log of a body is read by its HR head (it shows who looked at whose results). */
export const mayReadAuditLog = (actor: Actor, organisationCode: string): boolean =>
  isHrHead(actor) && actor.employee?.organisationCode === organisationCode;
