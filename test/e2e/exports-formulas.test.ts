import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRoster } from '../../src/people/roster/import.ts';
import type { ChatMessage, SimulatedUser } from '../harness/index.ts';
import { submitAllAbout } from '../support/answer-360.ts';
import { METHODOLOGY, STAFF } from '../support/two-bodies.ts';
import { World } from '../support/world.ts';

/**
 * People's text stays text in every .xlsx export: names and positions that begin with `=`, `+`, `-`
 * or `@` (what a spreadsheet would run as a formula) come out as plain string cells, with no formula
 * anywhere in the file.
 */
const BODY = 'inj-akimat';
const HOSTILE: Record<string, string> = {
  '100': '=HYPERLINK("http://evil.example","Boss")',
  '101': '+Dep Head',
  '102': '-Staff One',
  '103': '@Staff Two',
  '104': '=1+1 Staff Three',
  '900': '-2+3 HR Officer',
  '901': '@SUM(A1:A9) HR Head',
};
const HOSTILE_POSITION = '=cmd|" /C calc"!A0';
const telegramIdOf = (number: string) => 95_000 + Number(number);

let world: World;
const head = (): SimulatedUser => world.api.user({ id: telegramIdOf('901'), firstName: 'HR Head' });

beforeAll(async () => {
  world = await new World().start();
  world.setNow(new Date('2026-10-05T04:00:00Z'));
  const { models } = world.app.services;
  await writeRoster(models, {
    organisations: [{ code: BODY, name: 'Injection akimat', methodologyId: METHODOLOGY }],
    units: [
      { organisationCode: BODY, code: 'TOP', name: 'Apparatus', parentCode: null },
      { organisationCode: BODY, code: 'DEP', name: 'Department', parentCode: 'TOP' },
      { organisationCode: BODY, code: 'HR', name: 'HR service', parentCode: 'TOP' },
    ],
    rows: STAFF.map((p, index) => ({
      row: index + 2,
      organisationCode: BODY,
      personnelNumber: p.number,
      fullName: HOSTILE[p.number]!,
      position: p.number === '102' ? HOSTILE_POSITION : p.role,
      categoryCode: p.category,
      unitCode: p.unit,
      isHead: p.isHead,
      supervisorNumber: p.supervisor,
      phone: `+7703100${p.number}`,
      language: 'ru',
      status: 'active',
      appointedOn: p.appointedOn ?? '2020-01-01',
      roles: ['employee', ...(p.roles ?? [])],
    })),
  });
  for (const p of STAFF) {
    const employee = await models.Employee.findOneAndUpdate(
      { organisationCode: BODY, personnelNumber: p.number },
      { $set: { telegramId: telegramIdOf(p.number) } },
      { returnDocument: 'after' },
    );
    await models.Account.updateOne(
      { telegramId: telegramIdOf(p.number) },
      { $set: { employeeId: employee!._id, language: 'ru' } },
      { upsert: true },
    );
  }
  // A 360 campaign created, launched, answered and closed: every evaluatee gets a registered notice.
  await head().send('/survey360');
  await head().tap(/^➕/);
  // The boss has two subordinates: a third respondent lets the campaign launch.
  await head().send('/add360 100 900');
  await head().send('/survey360');
  await head().tap(/^🚀/);
  // Every questionnaire answered: a closed campaign gives each evaluatee a result, so a registered notice.
  for (const number of ['101', '102', '103', '104']) await submitAllAbout(world, number, 4);
  await head().send('/survey360');
  await head().tap(/^🏁/);
  await head().tap('Да, завершить');
  for (let waited = 0; (await models.Notice.countDocuments()) < 4; waited += 50) {
    if (waited > 15_000) throw new Error('no result notices were registered');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await world.outboxSettled();
  await head().send('/ranking 2026-Q3');
  await head().tap(/^➕/);
}, 90_000);
afterAll(async () => {
  await world.stop();
});

/** The cells of a workbook, and whether any worksheet of the file holds a formula. */
/** The newest file of this export in the HR head's chat (a queued notice may be sent after it). */
function lastDocument(fileName: RegExp): ChatMessage {
  const file = head()
    .messages()
    .findLast((m) => fileName.test(m.document?.file_name ?? ''));
  expect(file, `a file named ${fileName}`).toBeDefined();
  return file!;
}

async function read(message: ChatMessage) {
  const bytes = message.document?.bytes;
  expect(message.document?.file_name).toMatch(/\.xlsx$/);
  const files = unzipSync(new Uint8Array(bytes!));
  const sheets = Object.entries(files).filter(([name]) => /^xl\/worksheets\/.*\.xml$/.test(name));
  expect(sheets.length).toBeGreaterThan(0);
  const hasFormula = sheets.some(([, xml]) => /<f[\s>]/.test(strFromU8(xml)));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  const cells: ExcelJS.Cell[] = [];
  workbook.eachSheet((sheet) => {
    sheet.eachRow((row) => {
      row.eachCell((cell) => {
        cells.push(cell);
      });
    });
  });
  return { hasFormula, cells };
}

/** Each expected text is a string cell holding exactly that text. */
function expectTextCells(cells: ExcelJS.Cell[], texts: string[]): void {
  for (const text of texts) {
    const cell = cells.find((c) => c.value === text);
    expect(cell, `no cell holds ${text}`).toBeDefined();
    expect(cell!.type).toBe(ExcelJS.ValueType.String);
    expect(cell!.formula).toBeUndefined();
  }
}

const evaluatees = ['101', '102', '103', '104'].map((n) => HOSTILE[n]!);

describe('every .xlsx export keeps people’s text as text', () => {
  it('the delivery register', async () => {
    await head().send('/hr');
    await head().tap('📤 Реестр доставки (.xlsx)');
    await world.app.services.wakeTasks();
    const { hasFormula, cells } = await read(lastDocument(/^delivery-register\.xlsx$/));
    expect(hasFormula).toBe(false);
    expectTextCells(cells, evaluatees);
  });

  it('the ranking export', async () => {
    await head().send('/rankexport 2026-Q3');
    await world.app.services.wakeTasks();
    const { hasFormula, cells } = await read(lastDocument(/^ranking-.*\.xlsx$/));
    expect(hasFormula).toBe(false);
    expectTextCells(cells, [...evaluatees.filter((name) => name !== HOSTILE['101']), HOSTILE_POSITION]);
  });

  it('the audit log', async () => {
    await head().send('/hr');
    await head().tap(/^📜/);
    // A queued notice may arrive after the log page: tap the page's own button.
    const page = head()
      .messages()
      .findLast((m) => JSON.stringify(m.reply_markup ?? {}).includes('📤 Журнал (.xlsx)'))!;
    await head().tapIn(page, '📤 Журнал (.xlsx)');
    await world.app.services.wakeTasks();
    const { hasFormula, cells } = await read(lastDocument(/^audit-.*\.xlsx$/));
    expect(hasFormula).toBe(false);
    // Who acted: the HR head, named as in the roster.
    const who = cells.find((c) => String(c.value).includes(HOSTILE['901']!));
    expect(who, 'the audit log names the HR head').toBeDefined();
    expect(who!.type).toBe(ExcelJS.ValueType.String);
  });
});
