import { Worker } from 'node:worker_threads';
import type { SheetFormat } from './sheet-reader.ts';
import type { SheetRow } from './validate.ts';

/** A file that takes longer than this to read is taken for a broken one. */
const READ_TIMEOUT_MS = 120_000;
/** Heap for one file's reading: a 10 MB workbook unpacks to a few hundred MB of cell objects at most. */
const WORKER_HEAP_MB = 512;

/**
 * Reads a roster file on a worker thread of its own: the event loop of the bot keeps serving
 * updates meanwhile. The bytes are moved to the thread, not copied. Rejects when the file cannot be
 * read (the caller reports it as an unreadable file).
 */
export function readSheetOffThread(bytes: Uint8Array, format: SheetFormat): Promise<SheetRow[]> {
  const copy = new Uint8Array(bytes);
  const worker = new Worker(new URL('./sheet-worker-boot.mjs', import.meta.url), {
    workerData: { bytes: copy, format },
    transferList: [copy.buffer],
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
  return new Promise<SheetRow[]>((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error('roster file read timed out'));
    }, READ_TIMEOUT_MS);
    const done = () => {
      clearTimeout(timer);
      void worker.terminate();
    };
    worker.once('message', (message: { ok: true; rows: SheetRow[] } | { ok: false; error: string }) => {
      done();
      if (message.ok) resolve(message.rows);
      else reject(new Error(`roster file could not be read (${message.error})`));
    });
    worker.once('error', (error) => {
      done();
      reject(error);
    });
    worker.once('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`roster reader stopped with code ${code}`));
    });
  });
}
