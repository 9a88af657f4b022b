import type { Models } from '../../db/models.ts';
import { parseRosterFile } from './parse.ts';
import type {
  RosterCheckOptions,
  RosterError,
  RosterOrganisation,
  RosterRow,
  RosterUnit,
} from './validate.ts';

export interface RosterImportCounts {
  organisations: number;
  unitsCreated: number;
  unitsUpdated: number;
  employeesCreated: number;
  employeesUpdated: number;
  employeesUnchanged: number;
}

export type RosterImportOutcome =
  | { ok: true; counts: RosterImportCounts }
  | { ok: false; errors: RosterError[] };

/**
 * Validates the whole file first; only a file without a single error is written. With a scope, a row
 * of any other body is an error (so nothing is written).
 * Writes are upserts by stable keys (organisation code, unit code, personnel number), so importing
 * the same file twice changes nothing. Employees missing from the file are left as they are:
 * leaving the body is recorded as status "dismissed", not by deletion (their results are kept 3 years).
 */
export async function importRosterFile(
  models: Models,
  bytes: Uint8Array,
  fileName: string,
  options: RosterCheckOptions,
): Promise<RosterImportOutcome> {
  const parsed = await parseRosterFile(bytes, fileName, options);
  if (!parsed.ok) return parsed;
  return { ok: true, counts: await writeRoster(models, parsed) };
}

export async function writeRoster(
  models: Models,
  roster: { rows: RosterRow[]; units: RosterUnit[]; organisations: RosterOrganisation[] },
): Promise<RosterImportCounts> {
  for (const organisation of roster.organisations) {
    await models.Organisation.updateOne(
      { code: organisation.code },
      {
        $set: {
          name: organisation.name,
          ...(organisation.methodologyId ? { methodologyId: organisation.methodologyId } : {}),
        },
      },
      { upsert: true },
    );
  }
  const unitChanges = await changedOnly(
    models.Unit,
    roster.units.map((unit) => ({
      key: { organisationCode: unit.organisationCode, code: unit.code },
      fields: { name: unit.name, parentCode: unit.parentCode },
    })),
  );
  // The Telegram link is not in the file: an import never unlinks anyone.
  const employeeChanges = await changedOnly(
    models.Employee,
    roster.rows.map(({ row: _row, organisationCode, personnelNumber, ...fields }) => ({
      key: { organisationCode, personnelNumber },
      fields,
    })),
  );
  return {
    organisations: roster.organisations.length,
    unitsCreated: unitChanges.created,
    unitsUpdated: unitChanges.updated,
    employeesCreated: employeeChanges.created,
    employeesUpdated: employeeChanges.updated,
    employeesUnchanged: roster.rows.length - employeeChanges.created - employeeChanges.updated,
  };
}

interface Upsert {
  key: Record<string, string>;
  fields: Record<string, unknown>;
}

/**
 * Upserts only the records whose fields differ from what is stored, so the counts say what really
 * changed and unchanged records keep their updatedAt.
 */
async function changedOnly(
  // biome-ignore lint/suspicious/noExplicitAny: shared by the Unit and Employee models
  model: import('mongoose').Model<any>,
  upserts: readonly Upsert[],
): Promise<{ created: number; updated: number }> {
  if (upserts.length === 0) return { created: 0, updated: 0 };
  const keyOf = (key: Record<string, string>) => JSON.stringify(Object.values(key));
  const existing = new Map<string, Record<string, unknown>>();
  for (const doc of await model.find({ $or: upserts.map((u) => u.key) }).lean<Record<string, unknown>[]>()) {
    const first = upserts[0]!;
    existing.set(keyOf(Object.fromEntries(Object.keys(first.key).map((k) => [k, String(doc[k])]))), doc);
  }
  let created = 0;
  const writes = upserts.filter((upsert) => {
    const stored = existing.get(keyOf(upsert.key));
    if (!stored) created++;
    return (
      !stored ||
      Object.entries(upsert.fields).some(
        ([k, v]) => JSON.stringify(stored[k] ?? null) !== JSON.stringify(v ?? null),
      )
    );
  });
  if (writes.length > 0) {
    await model.bulkWrite(
      writes.map((w) => ({ updateOne: { filter: w.key, update: { $set: w.fields }, upsert: true } })),
    );
  }
  return { created, updated: writes.length - created };
}
