import { parentPort, workerData } from 'node:worker_threads';
import { readSheet, type SheetFormat } from './sheet-reader.ts';

/** Worker thread: reads one roster file and posts its rows back (or the error's name). */
const { bytes, format } = workerData as { bytes: Uint8Array; format: SheetFormat };
readSheet(bytes, format).then(
  (rows) => parentPort?.postMessage({ ok: true, rows }),
  (error: unknown) =>
    parentPort?.postMessage({ ok: false, error: error instanceof Error ? error.name : 'Error' }),
);
