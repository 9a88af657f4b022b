import { matchHeader } from './columns.ts';
import { readSheet, type SheetFormat } from './sheet-reader.ts';
import { readSheetOffThread } from './sheet-thread.ts';
import {
  cellText,
  type RosterCheckOptions,
  type RosterResult,
  readHeader,
  type SheetRow,
  validateRoster,
} from './validate.ts';

/** A title or a blank line may sit above the header row; the header is looked for this far down. */
const HEADER_SEARCH_ROWS = 10;
/** A row with this many of our headers is the header row. */
const HEADER_MIN_MATCHES = 3;

/**
 * Reads a roster file (.xlsx or .csv, picked by the file name's extension) and validates it whole.
 * Never throws for a bad file: every problem comes back as an error code.
 */
export async function parseRosterFile(
  bytes: Uint8Array,
  fileName: string,
  options: RosterCheckOptions,
): Promise<RosterResult> {
  const extension = /\.([^./\\]+)$/.exec(fileName.trim().toLowerCase())?.[1];
  if (extension !== 'xlsx' && extension !== 'csv')
    return { ok: false, errors: [{ code: 'unsupportedFormat' }] };
  if (bytes.length === 0) return { ok: false, errors: [{ code: 'emptyFile' }] };
  let sheet: SheetRow[];
  try {
    sheet = await readSheetOf(bytes, extension);
  } catch {
    return { ok: false, errors: [{ code: 'unreadableFile' }] };
  }
  return validateSheet(sheet, options);
}

/** Header row + data rows → validated roster. Exported for tests and for other sheet sources. */
export function validateSheet(sheet: readonly SheetRow[], options: RosterCheckOptions): RosterResult {
  const filled = sheet.filter((row) => row.cells.some((cell) => cellText(cell) !== ''));
  if (filled.length === 0) return { ok: false, errors: [{ code: 'emptyFile' }] };
  const headerAt = Math.max(
    0,
    filled
      .slice(0, HEADER_SEARCH_ROWS)
      .findIndex(
        (row) =>
          row.cells.filter((cell) => matchHeader(cellText(cell)) !== undefined).length >= HEADER_MIN_MATCHES,
      ),
  );
  const header = readHeader(filled[headerAt]!.cells);
  if (!header.ok) return { ok: false, errors: header.errors };
  return validateRoster(header.columns, filled.slice(headerAt + 1), options);
}

/**
 * Files up to this size are read here (milliseconds); a bigger one is read on a worker thread, so
 * that reading a large workbook (seconds of CPU) never holds up the updates of other users.
 */
export const READ_IN_THREAD_BYTES = 128 * 1024;

function readSheetOf(bytes: Uint8Array, format: SheetFormat): Promise<SheetRow[]> {
  return bytes.length <= READ_IN_THREAD_BYTES ? readSheet(bytes, format) : readSheetOffThread(bytes, format);
}
