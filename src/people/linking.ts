import { randomBytes } from 'node:crypto';
import type { HydratedDocument } from 'mongoose';
import type { Models } from '../db/models.ts';
import type { EmployeeDoc } from './models.ts';
import { normalisePhone } from './phone.ts';

export type LinkFailure =
  | 'notOwnContact'
  | 'noMatch'
  | 'ambiguous'
  | 'takenByOther'
  | 'alreadyLinked'
  | 'inviteUnknown'
  | 'inviteExpired'
  | 'inviteUsed';

export type LinkResult =
  | { ok: true; employee: HydratedDocument<EmployeeDoc> }
  | { ok: false; reason: LinkFailure; employee?: HydratedDocument<EmployeeDoc> };

interface ContactInput {
  telegramId: number;
  /** Telegram sets contact.user_id only for a contact that belongs to a Telegram user. */
  contactUserId: number | undefined;
  phoneNumber: string;
}

/** Links the sender to the roster employee with the phone of their own shared contact. */
export async function linkByContact(models: Models, input: ContactInput): Promise<LinkResult> {
  if (input.contactUserId !== input.telegramId) return { ok: false, reason: 'notOwnContact' };
  const phone = normalisePhone(input.phoneNumber);
  if (!phone) return { ok: false, reason: 'noMatch' };
  const matches = await models.Employee.find({ phone }).limit(2);
  const [employee] = matches;
  if (!employee) return { ok: false, reason: 'noMatch' };
  if (matches.length > 1) return { ok: false, reason: 'ambiguous' };
  return linkEmployee(models, input.telegramId, employee);
}

/** Consumes a one-time invite code atomically and links its employee. */
export async function linkByInvite(
  models: Models,
  telegramId: number,
  code: string,
  now: Date,
): Promise<LinkResult> {
  const invite = await models.Invite.findOneAndUpdate(
    { code, usedAt: null, expiresAt: { $gt: now } },
    { $set: { usedAt: now, usedBy: telegramId } },
    { returnDocument: 'after' },
  );
  if (!invite) {
    const existing = await models.Invite.findOne({ code });
    if (!existing) return { ok: false, reason: 'inviteUnknown' };
    return { ok: false, reason: existing.usedAt ? 'inviteUsed' : 'inviteExpired' };
  }
  const employee = await models.Employee.findById(invite.employeeId);
  if (!employee) return { ok: false, reason: 'inviteUnknown' };
  const result = await linkEmployee(models, telegramId, employee);
  // A link that failed leaves the invite usable, so the right person can still use it.
  if (!result.ok)
    await models.Invite.updateOne({ _id: invite._id }, { $set: { usedAt: null, usedBy: null } });
  return result;
}

async function linkEmployee(
  models: Models,
  telegramId: number,
  employee: HydratedDocument<EmployeeDoc>,
): Promise<LinkResult> {
  const account = await models.Account.findOne({ telegramId });
  if (account?.employeeId) {
    const current = await models.Employee.findById(account.employeeId);
    if (current) {
      return current._id.equals(employee._id)
        ? { ok: true, employee: current }
        : { ok: false, reason: 'alreadyLinked', employee: current };
    }
  }
  // Atomic claim: only an employee with no Telegram account (or this one) can be linked.
  const claimed = await models.Employee.findOneAndUpdate(
    { _id: employee._id, telegramId: { $in: [null, telegramId] } },
    { $set: { telegramId } },
    { returnDocument: 'after' },
  );
  if (!claimed) return { ok: false, reason: 'takenByOther' };
  await models.Account.updateOne(
    { telegramId },
    { $set: { employeeId: claimed._id }, $setOnInsert: { telegramId } },
    { upsert: true },
  );
  return { ok: true, employee: claimed };
}

export async function createInvite(
  models: Models,
  input: { employeeId: HydratedDocument<EmployeeDoc>['_id']; createdBy: number; ttlHours: number; now: Date },
): Promise<string> {
  // 16 url-safe chars: Telegram allows [A-Za-z0-9_-] up to 64 in a start parameter.
  const code = randomBytes(12).toString('base64url');
  await models.Invite.create({
    code,
    employeeId: input.employeeId,
    createdBy: input.createdBy,
    expiresAt: new Date(input.now.getTime() + input.ttlHours * 3_600_000),
  });
  return code;
}
