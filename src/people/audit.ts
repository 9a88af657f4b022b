import type { Types } from 'mongoose';
import type { AppServices } from '../services.ts';

/** Who acts: the sender of an update (a bot context fits this shape). */
export interface AuditActor {
  services: AppServices;
  employee: { _id: Types.ObjectId } | null;
  from?: { id: number } | undefined;
}

export interface AuditEntry {
  telegramId: number | null;
  employeeId: Types.ObjectId | null;
  /** The body the action ran in (the HR scope, or the body of the result viewed). */
  organisationCode: string | null;
  action: string;
  /** Ids of our documents, personnel numbers, counts: never names, phones or texts people wrote. */
  details?: Record<string, unknown>;
}

/** Records one entry at the app's clock. */
export async function recordAudit(services: AppServices, entry: AuditEntry): Promise<void> {
  await services.models.AuditLog.create({ ...entry, details: entry.details ?? {}, at: services.now() });
}

/** Records an action by the sender of this update, in the body it ran in. */
export async function audit(
  ctx: AuditActor,
  action: string,
  organisationCode: string | null,
  details: Record<string, unknown> = {},
): Promise<void> {
  await recordAudit(ctx.services, {
    telegramId: ctx.from?.id ?? null,
    employeeId: ctx.employee?._id ?? null,
    organisationCode,
    action,
    details,
  });
}

/** One audit entry as the HR head reads it: names resolved from the roster. */
export interface AuditRow {
  id: string;
  at: Date;
  /** The roster employee who acted; null for an administrator outside the roster or the bot itself. */
  actor: { fullName: string; personnelNumber: string } | null;
  /** Done by the bot's own jobs (no one sent an update). */
  automatic: boolean;
  action: string;
  /** Details with the employees they name resolved to "name (personnel number)". */
  details: Record<string, unknown>;
}

/** Detail keys that hold an employee id. */
const EMPLOYEE_KEYS = ['employeeId', 'absentId', 'substituteId'];

/**
 * One page of a body's audit log, newest first (a page past the end shows the last one), with the
 * total number of entries and of pages.
 */
export async function auditLogOf(
  services: AppServices,
  organisationCode: string,
  options: { page: number; perPage: number },
): Promise<{ rows: AuditRow[]; total: number; page: number; pages: number }> {
  const { AuditLog, Employee } = services.models;
  const filter = { organisationCode };
  const total = await AuditLog.countDocuments(filter);
  const pages = Math.max(1, Math.ceil(total / options.perPage));
  const page = Math.min(Math.max(0, Math.trunc(options.page) || 0), pages - 1);
  const entries = await AuditLog.find(filter)
    .sort({ at: -1, _id: -1 })
    .skip(page * options.perPage)
    .limit(options.perPage)
    .lean();
  const ids = new Set<string>();
  for (const entry of entries) {
    if (entry.employeeId) ids.add(String(entry.employeeId));
    const details = (entry.details ?? {}) as Record<string, unknown>;
    for (const key of EMPLOYEE_KEYS) {
      const value = details[key];
      if (typeof value === 'string' && /^[0-9a-f]{24}$/.test(value)) ids.add(value);
    }
  }
  const people = new Map(
    (await Employee.find({ _id: { $in: [...ids] } }, { fullName: 1, personnelNumber: 1 }).lean()).map((e) => [
      String(e._id),
      { fullName: e.fullName, personnelNumber: e.personnelNumber },
    ]),
  );
  const rows = entries.map((entry): AuditRow => {
    const details = { ...((entry.details ?? {}) as Record<string, unknown>) };
    for (const key of EMPLOYEE_KEYS) {
      const person = typeof details[key] === 'string' ? people.get(details[key] as string) : undefined;
      if (person) details[key] = `${person.fullName} (${person.personnelNumber})`;
    }
    return {
      id: String(entry._id),
      at: entry.at,
      actor: entry.employeeId ? (people.get(String(entry.employeeId)) ?? null) : null,
      automatic: entry.telegramId === null && entry.employeeId === null,
      action: entry.action,
      details,
    };
  });
  return { rows, total, page, pages };
}
