import ExcelJS from 'exceljs';

export interface TableColumn<K extends string> {
  key: K;
  header: string;
  width: number;
}

/**
 * One worksheet with a bold header row and one row per record: the shape of every register HR
 * exports. Cells are written as values (strings stay strings, so nothing is read as a formula).
 */
export async function tableWorkbook<K extends string>(
  sheetName: string,
  columns: readonly TableColumn<K>[],
  rows: Iterable<Record<K, string | number>>,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  // Excel refuses a sheet name over 31 characters.
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  sheet.columns = columns.map((c) => ({ ...c }));
  for (const row of rows) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
