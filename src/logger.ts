import { type DestinationStream, pino } from 'pino';
import { redaction, sanitiseError } from './log-redaction.ts';

/** Where log lines go: stdout, unless a test captures them (setLogDestination). */
let destination: DestinationStream = process.stdout;

export const logger = pino(
  {
    level: process.env.LOG_LEVEL ?? 'info',
    base: undefined,
    redact: redaction,
    serializers: { err: sanitiseError, error: sanitiseError },
  },
  { write: (line: string) => destination.write(line) },
);

export type Logger = typeof logger;

/** Sends every later log line to `stream` (null: back to stdout). */
export function setLogDestination(stream: DestinationStream | null): void {
  destination = stream ?? process.stdout;
}
