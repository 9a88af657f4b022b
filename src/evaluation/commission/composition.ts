import type { Types } from 'mongoose';
import { parseTypedDate } from '../../i18n/format.ts';
import { getMethodology } from '../../methodology/index.ts';
import { HR_ROLES } from '../../people/models.ts';
import type { AppServices } from '../../services.ts';
import type { CommissionRole } from './models.ts';
import roleWords from './role-words.json' with { type: 'json' };
import { bodyCommissionRoute, commissionRules } from './rules.ts';

type LineKind = CommissionRole | 'order' | 'authorised';

const WORDS = new Map<string, LineKind>();
for (const kind of ['order', 'chair', 'member', 'secretary', 'authorised'] as const)
  for (const word of roleWords[kind]) WORDS.set(word.toLowerCase(), kind);

export interface CompositionLine {
  kind: LineKind;
  /** Personnel number, or for an order its number. */
  value: string;
  /** An order's date. */
  date?: string | null;
}

export type CompositionProblem =
  | { problem: 'unknownLine'; line: number }
  | { problem: 'unknownEmployee'; number: string }
  | { problem: 'chairCount' }
  | { problem: 'secretaryCount' }
  | { problem: 'secretaryNotHr'; number: string }
  | { problem: 'duplicate'; number: string }
  | { problem: 'noAuthorised' }
  | { problem: 'tooFew'; min: number; count: number }
  | { problem: 'noRoute' };

/** HR's lines, one per person: "<role> <personnel number>", and "order <number> <date>". */
export function parseComposition(text: string): CompositionLine[] | { problem: 'unknownLine'; line: number } {
  const lines: CompositionLine[] = [];
  const rows = text
    .split('\n')
    .map((row) => row.trim())
    .filter(Boolean);
  for (const [index, row] of rows.entries()) {
    const words = row.split(/\s+/);
    // A role may be two words (the authorised person, in Kazakh and Russian).
    const two = words.length > 2 ? WORDS.get(`${words[0]} ${words[1]}`.toLowerCase()) : undefined;
    const kind = two ?? WORDS.get(words[0]!.toLowerCase());
    const rest = words.slice(two ? 2 : 1);
    if (!kind || rest.length === 0) return { problem: 'unknownLine', line: index + 1 };
    if (kind === 'order') {
      const date = rest[1] ? parseTypedDate(rest[1]) : null;
      if (rest[1] && !date) return { problem: 'unknownLine', line: index + 1 };
      lines.push({ kind, value: rest[0]!, date });
    } else {
      if (rest.length !== 1) return { problem: 'unknownLine', line: index + 1 };
      lines.push({ kind, value: rest[0]! });
    }
  }
  return lines;
}

/**
 * Checks the composition against the body's route and records it (it replaces the previous order):
 * one chair; the secretary an HR employee where the secretary does not vote; the authorised person where
 * the results need approval; at least the data's number of members (Kentau: 5, chair and secretary
 * included). Personnel numbers are looked up in the body only.
 */
export async function recordComposition(
  services: AppServices,
  input: { organisationCode: string; text: string; recordedBy: number },
): Promise<{ ok: true; members: number } | CompositionProblem> {
  const { models } = services;
  const organisation = await models.Organisation.findOne(
    { code: input.organisationCode },
    { methodologyId: 1 },
  ).lean();
  const methodology = organisation?.methodologyId ? getMethodology(organisation.methodologyId) : undefined;
  const route = methodology && bodyCommissionRoute(methodology);
  if (!route) return { problem: 'noRoute' };
  const rules = commissionRules(route);
  const parsed = parseComposition(input.text);
  if (!Array.isArray(parsed)) return parsed;
  const people = parsed.filter((line) => line.kind !== 'order');
  const ids = new Map<string, { _id: Types.ObjectId; roles: string[] }>();
  for (const line of people) {
    const employee = await models.Employee.findOne(
      { organisationCode: input.organisationCode, personnelNumber: line.value },
      { _id: 1, roles: 1 },
    ).lean();
    if (!employee) return { problem: 'unknownEmployee', number: line.value };
    ids.set(line.value, { _id: employee._id, roles: employee.roles ?? [] });
  }
  const members = people.filter((line) => line.kind !== 'authorised');
  const seen = new Set<string>();
  for (const line of members) {
    if (seen.has(line.value)) return { problem: 'duplicate', number: line.value };
    seen.add(line.value);
  }
  if (members.filter((m) => m.kind === 'chair').length !== 1) return { problem: 'chairCount' };
  const secretaries = members.filter((m) => m.kind === 'secretary');
  if (secretaries.length > 1 || (!rules.secretaryVotes && secretaries.length !== 1))
    return { problem: 'secretaryCount' };
  const secretary = secretaries[0];
  // Paragraph 61: the secretary is an employee of the HR service.
  if (secretary && !rules.secretaryVotes) {
    const roles = ids.get(secretary.value)!.roles;
    if (!roles.some((role) => (HR_ROLES as readonly string[]).includes(role)))
      return { problem: 'secretaryNotHr', number: secretary.value };
  }
  const authorised = people.filter((line) => line.kind === 'authorised');
  // Without a line of its own, the authorised person is the one the roster names with that role.
  const rosterAuthorised =
    authorised.length === 0
      ? await models.Employee.find(
          { organisationCode: input.organisationCode, roles: 'authorised', status: { $ne: 'dismissed' } },
          { _id: 1 },
        )
          .limit(2)
          .lean()
      : [];
  const authorisedId = authorised[0]
    ? ids.get(authorised[0].value)!._id
    : rosterAuthorised.length === 1
      ? rosterAuthorised[0]!._id
      : null;
  if (authorised.length > 1 || (rules.approvedByAuthorisedPerson && !authorisedId))
    return { problem: 'noAuthorised' };
  if (rules.minMembers !== null && members.length < rules.minMembers)
    return { problem: 'tooFew', min: rules.minMembers, count: members.length };
  const order = parsed.find((line) => line.kind === 'order');
  await models.CommissionComposition.updateOne(
    { organisationCode: input.organisationCode },
    {
      $set: {
        orderNumber: order?.value ?? null,
        orderDate: order?.date ?? null,
        members: members.map((m) => ({ employeeId: ids.get(m.value)!._id, role: m.kind })),
        authorisedPersonId: authorisedId,
        recordedBy: input.recordedBy,
        recordedAt: services.now(),
      },
    },
    { upsert: true },
  );
  return { ok: true, members: members.length };
}

/** The roles that vote: the chair and the members, and the secretary only where the route says so. */
export function votingRoles(secretaryVotes: boolean): readonly CommissionRole[] {
  return secretaryVotes ? ['chair', 'member', 'secretary'] : ['chair', 'member'];
}
