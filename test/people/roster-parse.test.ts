import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { normalisePhone } from '../../src/people/phone.ts';
import { normaliseCategory } from '../../src/people/roster/columns.ts';
import {
  parseRosterFile as parseRosterFileOn,
  type RosterError,
  type RosterResult,
  type RosterScope,
} from '../../src/people/roster/index.ts';
import { READ_IN_THREAD_BYTES, validateSheet } from '../../src/people/roster/parse.ts';
import { readSheet } from '../../src/people/roster/sheet-reader.ts';
import {
  EXAMPLE_KK,
  EXAMPLE_RU,
  type ExampleRecord,
  exampleCsv,
  largeExample,
} from '../fixtures/roster/example-data.ts';
import { exampleWorkbook } from '../fixtures/roster/make-examples.ts';

const docs = new URL('../../docs/', import.meta.url);
const fixtures = new URL('../fixtures/roster/', import.meta.url);
const utf8 = (text: string) => new TextEncoder().encode(text);
/** The import day the tests run on: every example appointment lies before it. */
const TODAY = '2026-12-01';
const parseRosterFile = (bytes: Uint8Array, fileName: string, scope: RosterScope = {}) =>
  parseRosterFileOn(bytes, fileName, { today: TODAY, ...scope });

function errorsOf(result: RosterResult): RosterError[] {
  if (result.ok) throw new Error('expected the roster to be rejected');
  return result.errors;
}

/** The example roster with some cells changed (by personnel number). */
function edited(
  records: readonly ExampleRecord[],
  changes: Record<string, Partial<ExampleRecord>>,
): ExampleRecord[] {
  return records.map((record) => ({ ...record, ...changes[record.personnelNumber] }));
}

describe('the shipped example files', () => {
  it('docs/roster-example.xlsx (Kazakh headers, date cells) parses into 8 employees, 3 units, 1 organisation', async () => {
    const result = await parseRosterFile(
      await readFile(new URL('roster-example.xlsx', docs)),
      'roster-example.xlsx',
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.rows).toHaveLength(8);
    expect(result.organisations).toEqual([
      {
        code: 'almaty-city-akimat',
        name: 'Алматы қаласы әкімінің аппараты',
        methodologyId: 'almaty-city-akimat-2023',
      },
    ]);
    expect(result.units).toEqual([
      {
        organisationCode: 'almaty-city-akimat',
        code: 'DOC',
        name: 'Құжаттамалық қамтамасыз ету бөлімі',
        parentCode: null,
      },
      {
        organisationCode: 'almaty-city-akimat',
        code: 'DOC-CTRL',
        name: 'Бақылау секторы',
        parentCode: 'DOC',
      },
      {
        organisationCode: 'almaty-city-akimat',
        code: 'HR',
        name: 'Персоналды басқару қызметі',
        parentCode: null,
      },
    ]);
    expect(result.rows[0]).toEqual({
      row: 2,
      organisationCode: 'almaty-city-akimat',
      personnelNumber: '1001',
      fullName: 'Сәрсенбаев Ерлан Қайратұлы',
      position: 'Бөлім басшысы',
      categoryCode: 'C-O-3',
      unitCode: 'DOC',
      isHead: true,
      supervisorNumber: null,
      phone: '+77011112201',
      language: 'kk',
      status: 'active',
      appointedOn: '2021-03-15',
      roles: ['employee'],
    });
    expect(result.rows.map((r) => r.status)).toEqual([
      'active',
      'active',
      'active',
      'onLeave',
      'businessTrip',
      'active',
      'active',
      'sickLeave',
    ]);
    expect(result.rows.map((r) => r.roles)).toEqual([
      ['employee'],
      ['employee'],
      ['employee'],
      ['employee'],
      ['employee'],
      ['employee', 'hrHead'],
      ['employee', 'hr'],
      ['employee'],
    ]);
  });

  it('docs/roster-example.csv (Russian headers, `;`, BOM) gives exactly the same roster as the xlsx', async () => {
    const xlsx = await parseRosterFile(
      await readFile(new URL('roster-example.xlsx', docs)),
      'roster-example.xlsx',
    );
    const csvBytes = await readFile(new URL('roster-example.csv', docs));
    expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = await parseRosterFile(csvBytes, 'roster-example.csv');
    expect(csv.ok).toBe(true);
    expect(csv).toEqual(xlsx);
  });

  it('the committed docs files match the generator (rerun make-examples.ts after changing the example)', async () => {
    const csv = await readFile(new URL('roster-example.csv', docs), 'utf8');
    expect(csv).toBe(exampleCsv(EXAMPLE_RU, 'ru'));
    const xlsx = await parseRosterFile(await readFile(new URL('roster-example.xlsx', docs)), 'a.xlsx');
    expect(xlsx).toEqual(await parseRosterFile(await exampleWorkbook(EXAMPLE_KK, 'kk'), 'a.xlsx'));
  });
});

describe('large files', () => {
  it('a file too big to read in the event loop is read on a worker thread, with the same result', async () => {
    const records = largeExample(3000);
    const csv = utf8(exampleCsv(records, 'kk'));
    const xlsx = await exampleWorkbook(records, 'kk');
    expect(csv.length).toBeGreaterThan(READ_IN_THREAD_BYTES);
    expect(xlsx.length).toBeGreaterThan(READ_IN_THREAD_BYTES);
    for (const [bytes, format] of [
      [csv, 'csv'],
      [xlsx, 'xlsx'],
    ] as const) {
      const offThread = await parseRosterFile(bytes, `roster.${format}`);
      if (!offThread.ok) throw new Error(JSON.stringify(offThread.errors.slice(0, 3)));
      expect(offThread.rows).toHaveLength(3000);
      expect(offThread).toEqual(validateSheet(await readSheet(bytes, format), { today: TODAY }));
    }
  });

  it('a broken big file is an unreadable file, not a crash', async () => {
    const bytes = new Uint8Array(READ_IN_THREAD_BYTES + 10).fill(0x50);
    expect(errorsOf(await parseRosterFile(bytes, 'broken.xlsx'))).toEqual([{ code: 'unreadableFile' }]);
  });
});

describe('row errors', () => {
  it('a file with exactly 3 bad rows yields exactly those 3 errors, with spreadsheet rows and headers', async () => {
    const result = await parseRosterFile(
      await readFile(new URL('three-bad-rows.csv', fixtures)),
      'three-bad-rows.csv',
    );
    expect(errorsOf(result)).toEqual([
      { row: 3, column: 'Телефон', code: 'invalidPhone', value: '+7 701 12' },
      { row: 5, column: 'Лауазымға тағайындалған күні', code: 'invalidDate', value: '31.02.2024' },
      { row: 7, column: 'Тікелей басшының табель нөмірі', code: 'unknownSupervisor', value: '9999' },
    ]);
  });

  it('reports every bad cell of a row, in column order, each with its code and value', async () => {
    const records = edited(EXAMPLE_RU, {
      '1002': {
        fullName: '',
        categoryCode: 'Z-9',
        isHead: 'возможно',
        language: 'en',
        status: 'в декрете',
        role: 'boss',
        organisationCode: 'Almaty City Akimat',
      },
    });
    const errors = errorsOf(await parseRosterFile(utf8(exampleCsv(records, 'ru')), 'r.csv'));
    expect(errors).toEqual([
      { row: 3, column: 'Код организации', code: 'invalidValue', value: 'Almaty City Akimat' },
      { row: 3, column: 'ФИО', code: 'required' },
      { row: 3, column: 'Категория', code: 'invalidCategory', value: 'Z-9' },
      { row: 3, column: 'Руководитель подразделения', code: 'invalidBoolean', value: 'возможно' },
      { row: 3, column: 'Язык', code: 'invalidLanguage', value: 'en' },
      { row: 3, column: 'Статус', code: 'invalidStatus', value: 'в декрете' },
      { row: 3, column: 'Роль', code: 'invalidRole', value: 'boss' },
    ]);
  });

  it('an appointment after the import day is a futureDate; the import day itself is accepted', async () => {
    const records = edited(EXAMPLE_RU, {
      '1002': { appointedOn: '2026-12-02' },
      '1003': { appointedOn: TODAY },
    });
    const csv = utf8(exampleCsv(records, 'ru'));
    expect(errorsOf(await parseRosterFile(csv, 'r.csv'))).toEqual([
      { row: 3, column: 'Дата назначения на должность', code: 'futureDate', value: '2026-12-02' },
    ]);
    // The same file a day later is fine: "future" is measured against the day of the import.
    expect((await parseRosterFileOn(csv, 'r.csv', { today: '2026-12-02' })).ok).toBe(true);
  });

  it('a repeated personnel number is a duplicateKey on the later row', async () => {
    const records = [
      ...EXAMPLE_RU,
      { ...EXAMPLE_RU[7]!, phone: '+7 700 000 00 09', supervisorNumber: '2001' },
    ];
    const errors = errorsOf(await parseRosterFile(utf8(exampleCsv(records, 'ru')), 'r.csv'));
    expect(errors).toEqual([{ row: 10, column: 'Табельный номер', code: 'duplicateKey', value: '2003' }]);
  });

  it('two employees may not share a phone, however it is written: duplicatePhone on the later row', async () => {
    const records = edited(EXAMPLE_RU, { '2002': { phone: '8 (701) 111-22-01' } });
    const errors = errorsOf(await parseRosterFile(utf8(exampleCsv(records, 'ru')), 'r.csv'));
    expect(errors).toEqual([
      { row: 8, column: 'Телефон', code: 'duplicatePhone', value: '8 (701) 111-22-01' },
    ]);
  });

  it('supervisor chains must not loop, and a parent unit must be in the file', async () => {
    const records = edited(EXAMPLE_RU, {
      '1001': { supervisorNumber: '1003' },
      '2002': { parentUnitCode: 'NOPE' },
    });
    const errors = errorsOf(await parseRosterFile(utf8(exampleCsv(records, 'ru')), 'r.csv'));
    expect(errors).toEqual([
      {
        row: 2,
        column: 'Табельный номер непосредственного руководителя',
        code: 'supervisorCycle',
        value: '1003',
      },
      {
        row: 4,
        column: 'Табельный номер непосредственного руководителя',
        code: 'supervisorCycle',
        value: '1001',
      },
      { row: 8, column: 'Код вышестоящего подразделения', code: 'unknownParentUnit', value: 'NOPE' },
    ]);
  });

  it('an employee who is their own supervisor is a supervisorCycle', async () => {
    const records = edited(EXAMPLE_RU, { '2001': { supervisorNumber: '2001' } });
    const errors = errorsOf(await parseRosterFile(utf8(exampleCsv(records, 'ru')), 'r.csv'));
    expect(errors).toEqual([
      {
        row: 7,
        column: 'Табельный номер непосредственного руководителя',
        code: 'supervisorCycle',
        value: '2001',
      },
    ]);
  });

  it('one unit code with two names, or an organisation with two names, is a conflict', async () => {
    const records = edited(EXAMPLE_RU, {
      '1005': { unitName: 'Сектор контроля' },
      '2003': { organisationName: 'Другая организация' },
    });
    const errors = errorsOf(await parseRosterFile(utf8(exampleCsv(records, 'ru')), 'r.csv'));
    expect(errors).toEqual([
      { row: 6, column: 'Наименование подразделения', code: 'conflictingUnit', value: 'Сектор контроля' },
      {
        row: 9,
        column: 'Наименование организации',
        code: 'conflictingOrganisation',
        value: 'Другая организация',
      },
    ]);
  });
});

describe('file errors', () => {
  it('a missing required column is named in the language of the file’s headers', async () => {
    const csv = exampleCsv(EXAMPLE_RU, 'ru').replace('Табельный номер;', 'Номер;');
    expect(errorsOf(await parseRosterFile(utf8(csv), 'r.csv'))).toEqual([
      { code: 'missingColumn', column: 'Табельный номер' },
    ]);
    const kk = `ТАӘ,Лауазымы,Санаты\nА,Б,C-1\n`;
    const errors = errorsOf(await parseRosterFile(utf8(kk), 'kk.csv'));
    expect(errors).toContainEqual({ code: 'missingColumn', column: 'Табель нөмірі' });
    expect(errors).toHaveLength(6);
  });

  it('the same column twice (Kazakh and Russian header) is a duplicateColumn', async () => {
    const csv = exampleCsv(EXAMPLE_RU, 'ru').replace('\uFEFFКод организации;', '\uFEFFФИО;');
    expect(errorsOf(await parseRosterFile(utf8(csv), 'r.csv'))).toContainEqual({
      code: 'duplicateColumn',
      column: 'ФИО',
    });
  });

  it('rejects other formats, unreadable xlsx, empty files and header-only files', async () => {
    expect(errorsOf(await parseRosterFile(utf8('a'), 'roster.xls'))).toEqual([{ code: 'unsupportedFormat' }]);
    expect(errorsOf(await parseRosterFile(utf8('a'), 'roster'))).toEqual([{ code: 'unsupportedFormat' }]);
    expect(errorsOf(await parseRosterFile(utf8('not a zip'), 'roster.xlsx'))).toEqual([
      { code: 'unreadableFile' },
    ]);
    expect(errorsOf(await parseRosterFile(new Uint8Array(), 'roster.csv'))).toEqual([{ code: 'emptyFile' }]);
    expect(errorsOf(await parseRosterFile(utf8(exampleCsv([], 'ru')), 'roster.csv'))).toEqual([
      { code: 'emptyFile' },
    ]);
  });

  it('more than 5000 employees is tooManyRows', async () => {
    const row = EXAMPLE_RU[0]!;
    const records = Array.from({ length: 5001 }, (_, i) => ({ ...row, personnelNumber: String(i) }));
    expect(errorsOf(await parseRosterFile(utf8(exampleCsv(records, 'ru')), 'r.csv'))).toEqual([
      { code: 'tooManyRows' },
    ]);
  });
});

describe('formats', () => {
  it('reads Excel date cells, numeric cells and a title row above the headers', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Тізім');
    sheet.addRow(['Қызметкерлер тізімі, 2025']);
    sheet.addRow([]);
    sheet.addRow([
      'Ұйым коды',
      'Бөлімше коды',
      'Бөлімшенің атауы',
      ' табель  НӨМІРІ ',
      'ТАӘ',
      'Лауазымы',
      'Санаты',
      'Телефон',
      'Лауазымға тағайындалған күні',
      'Ескерту', // HR's own column: ignored
    ]);
    sheet.addRow([
      'almaty-city-akimat',
      'HR',
      'Кадр қызметі',
      1024,
      'Ахметов Асқар',
      'Бас маман',
      'с-о-4',
      87011234567,
      new Date(Date.UTC(2024, 1, 29)),
      'кез келген',
    ]);
    sheet.addRow([null, null, null, null, null, null, null, null, null, 'тек ескерту']); // a note only: skipped
    sheet.addRow([
      'almaty-city-akimat',
      'HR',
      'Кадр қызметі',
      1025,
      'Серікова Әсел',
      'Бас маман',
      'C-O-5',
      { text: '+7 702 765 43 21', hyperlink: 'tel:+77027654321' },
      45658, // a date serial whose cell lost its date format: 2025-01-01
    ]);
    sheet.getCell('I4').numFmt = 'dd.mm.yyyy';
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const result = await parseRosterFile(bytes, 'ROSTER.XLSX');
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(
      result.rows.map((r) => [r.row, r.personnelNumber, r.categoryCode, r.phone, r.appointedOn]),
    ).toEqual([
      [4, '1024', 'C-O-4', '+77011234567', '2024-02-29'],
      [6, '1025', 'C-O-5', '+77027654321', '2025-01-01'],
    ]);
    expect(result.rows[0]).toMatchObject({
      language: 'kk',
      status: 'active',
      isHead: false,
      roles: ['employee'],
    });
  });

  it('an xlsx written with Russian headers reports errors with Russian headers and xlsx row numbers', async () => {
    const bytes = await exampleWorkbook(EXAMPLE_KK, 'ru');
    expect((await parseRosterFile(bytes, 'ru.xlsx')).ok).toBe(true);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    workbook.worksheets[0]!.getCell('P5').value = '2023-13-01';
    const broken = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect(errorsOf(await parseRosterFile(broken, 'ru.xlsx'))).toEqual([
      { row: 5, column: 'Дата назначения на должность', code: 'invalidDate', value: '2023-13-01' },
    ]);
  });

  it('reads a `;` CSV with a BOM and a `,` CSV without one, with quoted cells', async () => {
    const semicolon = await readFile(new URL('semicolon-bom.csv', fixtures));
    expect([...semicolon.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const a = await parseRosterFile(semicolon, 'semicolon-bom.csv');
    const comma = exampleCsv(EXAMPLE_RU, 'en', ',').replace('\uFEFF', '');
    const b = await parseRosterFile(utf8(comma), 'comma.csv');
    if (!a.ok) throw new Error(JSON.stringify(a.errors));
    if (!b.ok) throw new Error(JSON.stringify(b.errors));
    expect(a.rows.map((r) => [r.personnelNumber, r.fullName, r.position, r.phone])).toEqual([
      ['7', 'Иванова Анна', 'Главный специалист; секретарь', '+77011234567'],
      ['8', 'Серік "Кіші" Ұлы', 'Бас маман', '+77077654321'],
    ]);
    expect(a.rows[1]).toMatchObject({
      isHead: true,
      status: 'training',
      language: 'ru',
      appointedOn: '2024-09-02',
    });
    expect(b.rows).toHaveLength(8);
  });

  it('falls back to Windows-1251 for a Russian CSV that is not UTF-8', async () => {
    const text = exampleCsv(EXAMPLE_RU, 'ru').replace('\uFEFF', '').split('\r\n')[0]!;
    const line =
      'almaty-city-akimat;;;U1;Отдел;;1;Петров Пётр;Специалист;D-3;нет;;87011234567;ru;работает;01.02.2024;';
    const encoded = new Uint8Array(
      Array.from(`${text}\r\n${line}\r\n`, (char) => {
        const code = char.charCodeAt(0);
        if (code < 0x80) return code;
        if (char === 'ё') return 0xb8;
        if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
        throw new Error(`no cp1251 byte for ${char}`);
      }),
    );
    const result = await parseRosterFile(encoded, 'cp1251.csv');
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.rows[0]).toMatchObject({ fullName: 'Петров Пётр', unitCode: 'U1', categoryCode: 'D-3' });
  });
});

describe('normalisePhone', () => {
  it.each([
    ['8 (701) 123-45-67', '+77011234567'],
    ['+7 701 1234567', '+77011234567'],
    ['87011234567', '+77011234567'],
    ['7011234567', '+77011234567'],
    ['77011234567', '+77011234567'], // Telegram contact
    ['+77011234567', '+77011234567'], // Telegram contact
    ['+7 (727) 272-00-00', '+77272720000'], // Almaty landline
    ['  8 701 123 45 67 ', '+77011234567'],
    ['8.701.123.45.67', '+77011234567'],
    [87011234567, '+77011234567'], // an xlsx number cell
  ])('%s → %s', (raw, expected) => {
    expect(normalisePhone(raw)).toBe(expected);
  });

  it.each([
    '',
    '123',
    '701123456', // 9 digits
    '+7 701 123 45 678', // 11 digits after +7
    '+1 701 123 4567', // not the +7 zone
    '+87011234567',
    '97011234567', // 11 digits, neither 7 nor 8 in front
    '80011234567', // national number starting with 0
    '1234567890',
    '8 701 123 45 67 доб. 5',
    'нет',
  ])('rejects %s', (raw) => {
    expect(normalisePhone(raw)).toBeNull();
  });
});

describe('normaliseCategory', () => {
  it.each([
    ['A-1', 'A-1'],
    ['B-3', 'B-3'],
    ['c-1', 'C-1'],
    ['C-O-4', 'C-O-4'],
    ['С-О-4', 'C-O-4'], // Cyrillic С and О
    ['Д-3', 'D-3'],
    ['Е–2', 'E-2'], // Cyrillic Е, en dash
    ['E-R-1', 'E-R-1'],
    ['Е-Р-1', 'E-R-1'], // Cyrillic Р for "район"
    [' D - 3 ', 'D-3'],
  ])('%s → %s', (raw, expected) => {
    expect(normaliseCategory(raw)).toBe(expected);
  });

  it.each(['F-1', 'C', 'C-', 'C-123', 'C-ABCD-1', 'C3', 'главный'])('rejects %s', (raw) => {
    expect(normaliseCategory(raw)).toBeNull();
  });
});

describe("an import in one body's scope", () => {
  it('accepts a file of that body only', async () => {
    const result = await parseRosterFile(utf8(exampleCsv(EXAMPLE_RU, 'ru')), 'staff.csv', {
      organisationCode: 'almaty-city-akimat',
    });
    expect(result.ok).toBe(true);
  });

  it('reports every row of another body, so nothing of the file is written', async () => {
    const records = edited(EXAMPLE_RU, {
      '1003': { organisationCode: 'other-body' },
      '2001': { organisationCode: 'other-body' },
    });
    const errors = errorsOf(
      await parseRosterFile(utf8(exampleCsv(records, 'ru')), 'staff.csv', {
        organisationCode: 'almaty-city-akimat',
      }),
    );
    const outside = errors.filter((e) => e.code === 'outsideScope');
    expect(outside.map((e) => [e.row, e.value])).toEqual([
      [4, 'other-body'],
      [7, 'other-body'],
    ]);
    expect(outside.every((e) => e.column === 'Код организации')).toBe(true);
  });
});
