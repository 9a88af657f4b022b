import type { Models } from '../../db/models.ts';
import { parseRosterFile } from './parse.ts';
import type { RosterError, RosterOrganisation, RosterRow, RosterUnit } from './validate.ts';

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
 * Validates the whole file first; only a file without a single error is written.
 * Writes are upserts by stable keys (organisation code, unit code, personnel number), so importing
 * the same file twice changes nothing. Employees missing from the file are left as they are:
 * leaving the body is recorded as status "dismissed", not by deletion (their results are kept 3 years).
 */
export async function importRosterFile(
  models: Models,
  bytes: Uint8Array,
  fileName: string,
): Promise<RosterImportOutcome> {
  const parsed = await parseRosterFile(bytes, fileName);
  if (!parsed.ok) return parsed;
  return { ok: true, counts: await writeRoster(models, parsed) };
}

export async function writeRoster(
  models: Models,
  roster: { rows: RosterRow[]; units: RosterUnit[]; organisations: RosterOrganisation[] },
): Promise<RosterImportCounts> {
  if (roster.organisations.length > 0) {
    await models.Organisation.bulkWrite(
      roster.organisations.map((organisation) => ({
        updateOne: {
          filter: { code: organisation.code },
          update: {
            $set: {
              name: organisation.name,
              ...(organisation.methodologyId ? { methodologyId: organisation.methodologyId } : {}),
            },
          },
          upsert: true,
        },
      })),
    );
  }
  const units = roster.units.length
    ? await models.Unit.bulkWrite(
        roster.units.map((unit) => ({
          updateOne: {
            filter: { organisationCode: unit.organisationCode, code: unit.code },
            update: { $set: { name: unit.name, parentCode: unit.parentCode } },
            upsert: true,
          },
        })),
      )
    : null;
  const employees = roster.rows.length
    ? await models.Employee.bulkWrite(
        roster.rows.map(({ row: _row, organisationCode, personnelNumber, ...fields }) => ({
          updateOne: {
            filter: { organisationCode, personnelNumber },
            // The Telegram link is not in the file: an import never unlinks anyone.
            update: { $set: fields },
            upsert: true,
          },
        })),
      )
    : null;
  const employeesCreated = employees?.upsertedCount ?? 0;
  const employeesUpdated = employees?.modifiedCount ?? 0;
  return {
    organisations: roster.organisations.length,
    unitsCreated: units?.upsertedCount ?? 0,
    unitsUpdated: units?.modifiedCount ?? 0,
    employeesCreated,
    employeesUpdated,
    employeesUnchanged: roster.rows.length - employeesCreated - employeesUpdated,
  };
}
