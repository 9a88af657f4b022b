import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { CellValue, SheetRow } from './validate.ts';

export type SheetFormat = 'xlsx' | 'csv';

/** The rows of a roster file's first non-empty sheet (or of a CSV file), cells as written. */
export function readSheet(bytes: Uint8Array, format: SheetFormat): Promise<SheetRow[]> {
  return format === 'xlsx' ? readXlsx(bytes) : Promise.resolve(readCsv(bytes));
}

// ---------------------------------------------------------------- xlsx

async function readXlsx(bytes: Uint8Array): Promise<SheetRow[]> {
  const workbook = new ExcelJS.Workbook();
  // exceljs's types predate Buffer's generic parameter.
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  // The first sheet that has anything in it: HR files sometimes keep an empty "Sheet1" in front.
  const worksheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0) ?? workbook.worksheets[0];
  if (!worksheet) return [];
  const rows: SheetRow[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: CellValue[] = [];
    row.eachCell({ includeEmpty: true }, (cell, columnNumber) => {
      cells[columnNumber - 1] = xlsxValue(cell.value);
    });
    rows.push({ row: rowNumber, cells: Array.from(cells, (cell) => cell ?? null) });
  });
  return rows;
}

/** exceljs cell values: plain, rich text, formula (its cached result), hyperlink, error. */
function xlsxValue(value: ExcelJS.CellValue | undefined): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value !== 'object') return null;
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('result' in value) return xlsxValue(value.result as ExcelJS.CellValue);
  if ('formula' in value || 'sharedFormula' in value) return null;
  if ('text' in value) {
    const text = value.text as unknown;
    return typeof text === 'string' ? text : xlsxValue(text as ExcelJS.CellValue);
  }
  return null;
}

// ---------------------------------------------------------------- csv

function readCsv(bytes: Uint8Array): SheetRow[] {
  const text = decodeText(bytes);
  const records: string[][] = parseCsv(text, {
    delimiter: detectDelimiter(text),
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
  });
  return records.map((cells, index) => ({ row: index + 1, cells }));
}

/**
 * UTF-8 with or without BOM; UTF-16 with BOM (Excel's "Unicode text"); otherwise Windows-1251,
 * which is what Excel on a Russian-language Windows writes for "CSV".
 */
function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3));
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1251').decode(bytes);
  }
}

/** The header line's most frequent separator outside quotes: `;` (Excel, ru/kk locale), `,` or tab. */
function detectDelimiter(text: string): string {
  const firstLine = text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  const counts = new Map<string, number>([
    [';', 0],
    [',', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best = ',';
  for (const [delimiter, count] of counts) if (count > counts.get(best)!) best = delimiter;
  return best;
}
