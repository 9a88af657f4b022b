import { writeRoster } from '../../src/people/roster/import.ts';
import type { SimulatedUser } from '../harness/index.ts';
import type { World } from './world.ts';

export interface RankPerson {
  org: string;
  number: string;
  name: string;
  category: string;
  isHead: boolean;
  unit: string;
  supervisor: string | null;
  status?: string;
  appointedOn?: string;
}

export const ORGS = [
  { code: 'alm', methodologyId: 'almaty-city-akimat-2023' },
  { code: 'jus', methodologyId: 'justice-2026' },
  { code: 'reg', methodologyId: 'almaty-region-maslikhat-2023' },
];

const UNITS = [
  { organisationCode: 'alm', code: 'TOP', name: 'Apparatus', parentCode: null },
  { organisationCode: 'alm', code: 'DEP', name: 'Documents', parentCode: 'TOP' },
  { organisationCode: 'jus', code: 'JDEP', name: 'Department', parentCode: null },
  { organisationCode: 'jus', code: 'JSEC', name: 'Sector', parentCode: 'JDEP' },
  { organisationCode: 'reg', code: 'RTOP', name: 'Maslikhat', parentCode: null },
  { organisationCode: 'reg', code: 'RDEP', name: 'Office', parentCode: 'RTOP' },
];

/** Almaty city (3 staff, one on leave, one appointed 3 weeks before the quarter's end), Justice, Chapter 6. */
export const RANK_PEOPLE: RankPerson[] = [
  {
    org: 'alm',
    number: '3000',
    name: 'Top Boss',
    category: 'E-1',
    isHead: true,
    unit: 'TOP',
    supervisor: null,
  },
  {
    org: 'alm',
    number: '3001',
    name: 'Aliya Head',
    category: 'E-2',
    isHead: true,
    unit: 'DEP',
    supervisor: '3000',
  },
  {
    org: 'alm',
    number: '3002',
    name: 'Bolat Active',
    category: 'E-4',
    isHead: false,
    unit: 'DEP',
    supervisor: '3001',
  },
  {
    org: 'alm',
    number: '3003',
    name: 'Dana Leave',
    category: 'E-4',
    isHead: false,
    unit: 'DEP',
    supervisor: '3001',
    status: 'onLeave',
  },
  {
    org: 'alm',
    number: '3004',
    name: 'Erlan New',
    category: 'E-4',
    isHead: false,
    unit: 'DEP',
    supervisor: '3001',
    appointedOn: '2026-09-09',
  },
  {
    org: 'jus',
    number: '4000',
    name: 'Justice Head',
    category: 'C-O-1',
    isHead: true,
    unit: 'JDEP',
    supervisor: null,
  },
  {
    org: 'jus',
    number: '4001',
    name: 'Sector Lead',
    category: 'C-O-2',
    isHead: true,
    unit: 'JSEC',
    supervisor: '4000',
  },
  {
    org: 'jus',
    number: '4002',
    name: 'Justice Specialist',
    category: 'C-O-5',
    isHead: false,
    unit: 'JDEP',
    supervisor: '4000',
  },
  {
    org: 'reg',
    number: '5000',
    name: 'Region Boss',
    category: 'E-1',
    isHead: true,
    unit: 'RTOP',
    supervisor: null,
  },
  {
    org: 'reg',
    number: '5001',
    name: 'Region Head',
    category: 'E-2',
    isHead: true,
    unit: 'RDEP',
    supervisor: '5000',
  },
  {
    org: 'reg',
    number: '5002',
    name: 'Region Staff',
    category: 'E-4',
    isHead: false,
    unit: 'RDEP',
    supervisor: '5001',
  },
];

export const telegramIdOf = (number: string) => 80_000 + Number(number);

/** Writes the three organisations into the roster and links every Telegram account (language kk). */
export async function seedRankingRoster(world: World): Promise<void> {
  const { models } = world.app.services;
  await writeRoster(models, {
    organisations: ORGS.map((o) => ({ ...o, name: o.code })),
    units: UNITS,
    rows: RANK_PEOPLE.map((p, index) => ({
      row: index + 2,
      organisationCode: p.org,
      personnelNumber: p.number,
      fullName: p.name,
      position: p.isHead ? 'Head' : 'Chief specialist',
      categoryCode: p.category,
      unitCode: p.unit,
      isHead: p.isHead,
      supervisorNumber: p.supervisor,
      phone: `+7702000${p.number}`,
      language: 'kk',
      status: (p.status ?? 'active') as 'active',
      appointedOn: p.appointedOn ?? '2020-01-01',
      roles: ['employee'],
    })),
  });
  for (const p of RANK_PEOPLE) {
    const employee = await models.Employee.findOneAndUpdate(
      { organisationCode: p.org, personnelNumber: p.number },
      { $set: { telegramId: telegramIdOf(p.number) } },
      { returnDocument: 'after' },
    );
    await models.Account.updateOne(
      { telegramId: telegramIdOf(p.number) },
      { $set: { employeeId: employee!._id, language: 'ru' } },
      { upsert: true },
    );
  }
}

export function rankUser(world: World, number: string): SimulatedUser {
  return world.api.user({ id: telegramIdOf(number), firstName: number });
}

/** The text of the latest bot message. */
export const last = (user: SimulatedUser) => user.lastMessage()?.text ?? '';

/** The campaign's notice to an evaluator: the one message whose button opens their list. */
export const isLaunchNotice = (m: { reply_markup?: unknown }) =>
  JSON.stringify(m.reply_markup ?? {}).includes(':rklist"');

/** Opens the evaluatee's sheet from /evaluate. */
export async function openSheet(user: SimulatedUser, name: string | RegExp): Promise<void> {
  // The campaign notice comes through the outbox in the background: let it arrive first, so it
  // does not land on top of the sheet and become the latest message with buttons.
  await user.waitForMessage(isLaunchNotice, { since: 0 });
  await user.send('/evaluate');
  await user.tap(typeof name === 'string' ? new RegExp(name) : name);
}

/** An employee's sheet of this kind in the test database. */
export async function sheetOf(world: World, number: string, kind: 'ranking' | 'kpi' = 'ranking') {
  const { models } = world.app.services;
  const employee = await models.Employee.findOne({ personnelNumber: number });
  return models.RankingSheet.findOne({ employeeId: employee!._id, kind });
}

/**
 * Adds an HR officer or HR head to a body's roster after the campaigns were planned (so they are
 * nobody's evaluatee), linked to their own Telegram account.
 */
export async function addHrStaff(
  world: World,
  input: { org: string; number: string; name: string; role: 'hr' | 'hrHead'; telegramId: number },
): Promise<SimulatedUser> {
  const { models } = world.app.services;
  const employee = await models.Employee.create({
    organisationCode: input.org,
    personnelNumber: input.number,
    fullName: input.name,
    position: 'HR',
    categoryCode: 'E-4',
    unitCode: 'HR',
    phone: `+7709${String(input.telegramId).padStart(7, '0')}`,
    appointedOn: '2020-01-01',
    roles: ['employee', input.role],
    telegramId: input.telegramId,
  });
  await models.Account.updateOne(
    { telegramId: input.telegramId },
    { $set: { employeeId: employee._id, language: 'ru' } },
    { upsert: true },
  );
  return world.api.user({ id: input.telegramId, firstName: input.name });
}
