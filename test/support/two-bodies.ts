import ExcelJS from 'exceljs';
import { writeRoster } from '../../src/people/roster/import.ts';
import type { ChatMessage, SimulatedUser } from '../harness/index.ts';
import type { World } from './world.ts';

export const METHODOLOGY = 'almaty-city-akimat-2023';

export interface BodyPerson {
  number: string;
  role: string;
  unit: 'TOP' | 'DEP' | 'HR';
  isHead: boolean;
  category: string;
  supervisor: string | null;
  appointedOn?: string;
  roles?: ('hr' | 'hrHead')[];
}

/**
 * The same staff in two bodies, with the same personnel numbers (numbers are unique only per body):
 * a boss (appointed on 20.09.2026: too late for the third quarter, a 360 evaluatee of the year with
 * two subordinates as respondents), a department, and an HR service with a plain HR officer (900) and
 * the HR head (901).
 */
export const STAFF: BodyPerson[] = [
  {
    number: '100',
    role: 'Boss',
    unit: 'TOP',
    isHead: true,
    category: 'E-1',
    supervisor: null,
    appointedOn: '2026-09-20',
  },
  { number: '101', role: 'Dep Head', unit: 'DEP', isHead: true, category: 'E-2', supervisor: '100' },
  { number: '102', role: 'Staff One', unit: 'DEP', isHead: false, category: 'E-4', supervisor: '101' },
  { number: '103', role: 'Staff Two', unit: 'DEP', isHead: false, category: 'E-4', supervisor: '101' },
  { number: '104', role: 'Staff Three', unit: 'DEP', isHead: false, category: 'E-4', supervisor: '101' },
  {
    number: '900',
    role: 'HR Officer',
    unit: 'HR',
    isHead: false,
    category: 'E-4',
    supervisor: '901',
    roles: ['hr'],
  },
  {
    number: '901',
    role: 'HR Head',
    unit: 'HR',
    isHead: true,
    category: 'E-2',
    supervisor: '100',
    roles: ['hrHead'],
  },
];

export interface Body {
  code: string;
  name: string;
  /** Every name in the body starts with it, so a leak is easy to find. */
  prefix: string;
  telegramBase: number;
  phonePrefix: string;
}

export const A: Body = {
  code: 'body-a',
  name: 'Alpha akimat',
  prefix: 'Alpha',
  telegramBase: 91_000,
  phonePrefix: '+7701',
};
export const B: Body = {
  code: 'body-b',
  name: 'Bravo akimat',
  prefix: 'Bravo',
  telegramBase: 92_000,
  phonePrefix: '+7702',
};

export const nameOf = (body: Body, number: string) =>
  `${body.prefix} ${STAFF.find((p) => p.number === number)!.role}`;
export const telegramIdOf = (body: Body, number: string) => body.telegramBase + Number(number);
export const phoneOf = (body: Body, number: string) => `${body.phonePrefix}1000${number}`;

const UNITS = [
  { code: 'TOP', name: 'Apparatus', parentCode: null },
  { code: 'DEP', name: 'Department', parentCode: 'TOP' },
  { code: 'HR', name: 'HR service', parentCode: 'TOP' },
];

/** Writes both bodies into the roster and links every Telegram account (language ru). */
export async function seedTwoBodies(world: World): Promise<void> {
  const { models } = world.app.services;
  for (const body of [A, B]) {
    await writeRoster(models, {
      organisations: [{ code: body.code, name: body.name, methodologyId: METHODOLOGY }],
      units: UNITS.map((u) => ({ ...u, organisationCode: body.code })),
      rows: STAFF.map((p, index) => ({
        row: index + 2,
        organisationCode: body.code,
        personnelNumber: p.number,
        fullName: nameOf(body, p.number),
        position: p.role,
        categoryCode: p.category,
        unitCode: p.unit,
        isHead: p.isHead,
        supervisorNumber: p.supervisor,
        phone: phoneOf(body, p.number),
        language: 'ru',
        status: 'active',
        appointedOn: p.appointedOn ?? '2020-01-01',
        roles: ['employee', ...(p.roles ?? [])],
      })),
    });
    for (const p of STAFF) {
      const telegramId = telegramIdOf(body, p.number);
      const employee = await models.Employee.findOneAndUpdate(
        { organisationCode: body.code, personnelNumber: p.number },
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
}

export function person(world: World, body: Body, number: string): SimulatedUser {
  return world.api.user({ id: telegramIdOf(body, number), firstName: nameOf(body, number) });
}

const CSV_HEADER =
  'Код организации;Наименование организации;Код методики;Код подразделения;Наименование подразделения;Код вышестоящего подразделения;Табельный номер;ФИО;Должность;Категория;Руководитель подразделения;Табельный номер непосредственного руководителя;Телефон;Язык;Статус;Дата назначения на должность;Роль';

/** A roster file of the body's staff (.csv as HR exports it), with status changes. */
export function rosterCsv(body: Body, statuses: Record<string, string> = {}): string {
  const rows = STAFF.map((p) => {
    const unit = UNITS.find((u) => u.code === p.unit)!;
    const [y, m, d] = (p.appointedOn ?? '2020-01-01').split('-');
    return [
      body.code,
      body.name,
      METHODOLOGY,
      unit.code,
      unit.name,
      unit.parentCode ?? '',
      p.number,
      nameOf(body, p.number),
      p.role,
      p.category,
      p.isHead ? 'да' : 'нет',
      p.supervisor ?? '',
      phoneOf(body, p.number),
      'ru',
      statuses[p.number] ?? 'работает',
      `${d}.${m}.${y}`,
      p.roles?.[0] ?? '',
    ].join(';');
  });
  return `${[CSV_HEADER, ...rows].join('\n')}\n`;
}

/** Everything a user was shown: texts, captions, buttons (labels and data) and the cells of .xlsx files. */
export async function everythingShown(user: SimulatedUser): Promise<string> {
  const parts: string[] = [];
  for (const message of user.messages({ includeDeleted: true })) parts.push(...(await shownIn(message)));
  return parts.join('\n');
}

async function shownIn(message: ChatMessage): Promise<string[]> {
  const parts = [message.text ?? '', message.caption ?? '', JSON.stringify(message.reply_markup ?? {})];
  for (const edit of message.edits) parts.push(JSON.stringify(edit));
  const bytes = message.document?.bytes;
  if (bytes && message.document?.file_name?.endsWith('.xlsx')) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    workbook.eachSheet((sheet) => {
      parts.push(sheet.name);
      sheet.eachRow((row) => {
        parts.push(JSON.stringify(row.values));
      });
    });
  }
  return parts;
}

/** A tap with callback data the user's client was never given (forged), on their latest message. */
export async function forgeTap(world: World, user: SimulatedUser, data: string): Promise<void> {
  const update = world.api.pushUpdate({
    callback_query: {
      id: world.api.registerCallbackQuery(user.id),
      from: user.info,
      chat_instance: `ci-${user.id}`,
      data,
      message: user.lastMessage()!.raw,
    },
  } as never);
  await world.api.waitProcessed(update.update_id);
}
