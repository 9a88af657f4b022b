import type { Types } from 'mongoose';
import type { Models } from '../db/models.ts';
import type { DocumentPerson } from '../documents/index.ts';

/** A roster person as a document names them: full name, position, unit and personnel number. */
export async function documentPerson(
  models: Models,
  employeeId: Types.ObjectId | string | null | undefined,
): Promise<DocumentPerson | null> {
  if (!employeeId) return null;
  const employee = await models.Employee.findById(employeeId, {
    fullName: 1,
    position: 1,
    unitCode: 1,
    organisationCode: 1,
    personnelNumber: 1,
  }).lean();
  if (!employee) return null;
  const unit = employee.unitCode
    ? await models.Unit.findOne(
        { organisationCode: employee.organisationCode, code: employee.unitCode },
        { name: 1 },
      ).lean()
    : null;
  return {
    fullName: employee.fullName,
    position: employee.position ?? null,
    unit: unit?.name ?? null,
    personnelNumber: employee.personnelNumber ?? null,
  };
}
