import { writeRoster } from '../../src/people/roster/import.ts';
import type { World } from './world.ts';

export const LARGE_ORG = 'big-akimat';
export const LARGE_METHODOLOGY = 'almaty-city-akimat-2023';

/** How the generated body is built: units of `unitSize` (a head and staff), the first unit the apparatus. */
export interface LargeBodyShape {
  people: number;
  unitSize: number;
}

export const LARGE_BODY: LargeBodyShape = { people: 1500, unitSize: 20 };

export const largeTelegramIdOf = (index: number) => 500_000 + index;
export const largeNumberOf = (index: number) => `L${String(index).padStart(5, '0')}`;
/** Every name is long (about 60 characters), as full Kazakh names with patronymics are. */
export const largeNameOf = (index: number) =>
  `Sotrudnikova-Dlinnofamilnaya Aigerim Nursultanovna ${String(index).padStart(4, '0')}`;

/**
 * Writes one body of `shape.people` staff in units of `shape.unitSize`: unit 0 is the apparatus, whose
 * head leads the body; every other unit's head reports to them, staff report to their unit's head.
 * Every employee gets a linked Telegram account (language ru). Written in bulk: one roster write, one
 * bulk update of Telegram ids, one bulk upsert of accounts.
 */
export async function seedLargeBody(world: World, shape: LargeBodyShape = LARGE_BODY): Promise<void> {
  const { models } = world.app.services;
  const unitCount = Math.ceil(shape.people / shape.unitSize);
  const unitCode = (u: number) => `U${String(u).padStart(3, '0')}`;
  const rows = Array.from({ length: shape.people }, (_, index) => {
    const unit = Math.floor(index / shape.unitSize);
    const isHead = index % shape.unitSize === 0;
    const headIndex = unit * shape.unitSize;
    const supervisor = index === 0 ? null : isHead ? largeNumberOf(0) : largeNumberOf(headIndex);
    return {
      row: index + 2,
      organisationCode: LARGE_ORG,
      personnelNumber: largeNumberOf(index),
      fullName: largeNameOf(index),
      position: isHead ? 'Head of department' : 'Chief specialist',
      categoryCode: index === 0 ? 'E-1' : isHead ? 'E-2' : 'E-4',
      unitCode: unitCode(unit),
      isHead,
      supervisorNumber: supervisor,
      phone: `+7705${String(index).padStart(7, '0')}`,
      language: 'ru' as const,
      status: 'active' as const,
      appointedOn: '2020-01-01',
      roles: ['employee' as const],
    };
  });
  await writeRoster(models, {
    organisations: [{ code: LARGE_ORG, name: 'Large akimat', methodologyId: LARGE_METHODOLOGY }],
    units: Array.from({ length: unitCount }, (_, u) => ({
      organisationCode: LARGE_ORG,
      code: unitCode(u),
      name: `Department ${u}`,
      parentCode: u === 0 ? null : unitCode(0),
    })),
    rows,
  });
  await models.Employee.bulkWrite(
    rows.map((_, index) => ({
      updateOne: {
        filter: { organisationCode: LARGE_ORG, personnelNumber: largeNumberOf(index) },
        update: { $set: { telegramId: largeTelegramIdOf(index) } },
      },
    })),
  );
  const employees = await models.Employee.find({ organisationCode: LARGE_ORG }, { telegramId: 1 }).lean();
  await models.Account.bulkWrite(
    employees.map((employee) => ({
      updateOne: {
        filter: { telegramId: employee.telegramId },
        update: { $set: { employeeId: employee._id, language: 'ru' } },
        upsert: true,
      },
    })),
  );
}

/** One result notice per employee of the body, in bulk, as if a campaign's results had been sent. */
export async function seedNotices(world: World): Promise<number> {
  const { models } = world.app.services;
  const employees = await models.Employee.find({ organisationCode: LARGE_ORG }, { _id: 1 }).lean();
  const campaignId = 'f'.repeat(24);
  const queuedAt = world.now();
  await models.Notice.insertMany(
    employees.map((employee) => ({
      kind: 'quarter',
      campaignId,
      employeeId: employee._id,
      organisationCode: LARGE_ORG,
      methodologyId: LARGE_METHODOLOGY,
      outboxKey: `quarter:${campaignId}:${String(employee._id)}`,
      queuedAt,
    })),
  );
  return employees.length;
}
