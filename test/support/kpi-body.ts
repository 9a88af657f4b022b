import type { Models } from '../../src/db/models.ts';
import { writeRoster } from '../../src/people/roster/import.ts';

/** One Almaty city body: the akim's deputy over a department over a unit; the unit head has KPIs. */
export const PEOPLE: {
  number: string;
  name: string;
  unit: string;
  isHead: boolean;
  category: string;
  supervisor: string | null;
  appointedOn?: string;
}[] = [
  { number: '1', name: 'Deputy', unit: 'TOP', isHead: true, category: 'E-1', supervisor: null },
  { number: '2', name: 'Director', unit: 'DEP', isHead: true, category: 'E-2', supervisor: '1' },
  { number: '3', name: 'Unit Head', unit: 'UNIT', isHead: true, category: 'E-2', supervisor: '2' },
  { number: '4', name: 'Specialist', unit: 'UNIT', isHead: false, category: 'E-4', supervisor: '3' },
  { number: '5', name: 'Other Director', unit: 'DEP2', isHead: true, category: 'E-2', supervisor: '1' },
  {
    number: '6',
    name: 'New Head',
    unit: 'UNIT2',
    isHead: true,
    category: 'E-2',
    supervisor: '2',
    appointedOn: '2026-07-02',
  },
];

export async function seedBody(models: Models, code = 'kpi', overrides: Record<string, object> = {}) {
  await writeRoster(models, {
    organisations: [{ code, name: code, methodologyId: 'almaty-city-akimat-2023' }],
    units: [
      { organisationCode: code, code: 'TOP', name: 'Akimat', parentCode: null },
      { organisationCode: code, code: 'DEP', name: 'Department', parentCode: 'TOP' },
      { organisationCode: code, code: 'DEP2', name: 'Department 2', parentCode: 'TOP' },
      { organisationCode: code, code: 'UNIT', name: 'Unit', parentCode: 'DEP' },
      { organisationCode: code, code: 'UNIT2', name: 'Unit 2', parentCode: 'DEP' },
    ],
    rows: PEOPLE.map((p, index) => ({
      row: index + 2,
      organisationCode: code,
      personnelNumber: p.number,
      fullName: p.name,
      position: p.isHead ? 'Head' : 'Chief specialist',
      categoryCode: p.category,
      unitCode: p.unit,
      isHead: p.isHead,
      supervisorNumber: p.supervisor,
      phone: `+770200000${p.number}`,
      language: 'ru' as const,
      status: 'active' as const,
      appointedOn: p.appointedOn ?? '2020-01-01',
      roles: ['employee' as const],
      ...(overrides[p.number] ?? {}),
    })),
  });
  const byNumber = async (number: string) =>
    (await models.Employee.findOne({ organisationCode: code, personnelNumber: number }))!;
  return byNumber;
}

export const kpiTelegramIdOf = (number: string) => 90_000 + Number(number);

/** Links every employee of the body to a Telegram account (language ru). */
export async function linkAccounts(models: Models, code = 'kpi'): Promise<void> {
  for (const p of PEOPLE) {
    const telegramId = kpiTelegramIdOf(p.number);
    const employee = await models.Employee.findOneAndUpdate(
      { organisationCode: code, personnelNumber: p.number },
      { $set: { telegramId } },
      { returnDocument: 'after' },
    );
    await models.Account.updateOne(
      { telegramId },
      { $set: { employeeId: employee!._id, language: 'ru' } },
      { upsert: true },
    );
  }
}
