import { GrammyError, HttpError } from 'grammy';

/** What a failed send means for the item. */
export type SendFailure =
  | { kind: 'undeliverable'; reason: string }
  | { kind: 'rateLimited'; retryAfterMs: number; reason: string }
  /** Telegram certainly did not send it (a 4xx other than the above): retry with backoff. */
  | { kind: 'retry'; reason: string }
  /** The request may or may not have reached Telegram (network error, timeout, 5xx): reconcile. */
  | { kind: 'unknownOutcome'; reason: string };

const UNDELIVERABLE_400 =
  /chat not found|user is deactivated|peer_id_invalid|bot was blocked|user not found/i;

export function classifySendError(error: unknown): SendFailure {
  if (error instanceof GrammyError) {
    const reason = `${error.error_code}: ${error.description}`;
    if (error.error_code === 429) {
      return { kind: 'rateLimited', retryAfterMs: retryAfterMs(error), reason };
    }
    if (error.error_code === 403) return { kind: 'undeliverable', reason };
    if (error.error_code === 400 && UNDELIVERABLE_400.test(error.description)) {
      return { kind: 'undeliverable', reason };
    }
    if (error.error_code >= 500) return { kind: 'unknownOutcome', reason };
    return { kind: 'retry', reason };
  }
  if (error instanceof HttpError) return { kind: 'unknownOutcome', reason: `network: ${error.message}` };
  // Anything else (an abort, a bug) happened somewhere around the request: treat it as unknown.
  return { kind: 'unknownOutcome', reason: error instanceof Error ? error.message : String(error) };
}

/** What one reconciliation probe (editMessageReplyMarkup with the item's markup) tells. */
export type ProbeOutcome =
  /** "message is not modified": a message with exactly this markup exists at that id. */
  | { kind: 'found' }
  /** No message has this id (never did, or it was deleted). */
  | { kind: 'missing' }
  /** A message exists at this id but it is not this item's (a user's message, not editable). */
  | { kind: 'notOurs' }
  | { kind: 'undeliverable'; reason: string }
  | { kind: 'rateLimited'; retryAfterMs: number; reason: string }
  | { kind: 'error'; reason: string };

const PROBE_MISSING = /message to edit not found|message can't be found|message_id_invalid/i;
const PROBE_NOT_OURS =
  /message can't be edited|message identifier is not specified|there is no reply markup|message is not editable/i;

export function classifyProbeError(error: unknown): ProbeOutcome {
  if (error instanceof GrammyError) {
    const reason = `${error.error_code}: ${error.description}`;
    if (error.error_code === 400 && /message is not modified/i.test(error.description))
      return { kind: 'found' };
    if (error.error_code === 400 && PROBE_MISSING.test(error.description)) return { kind: 'missing' };
    if (error.error_code === 400 && PROBE_NOT_OURS.test(error.description)) return { kind: 'notOurs' };
    if (error.error_code === 429) return { kind: 'rateLimited', retryAfterMs: retryAfterMs(error), reason };
    if (error.error_code === 403 || (error.error_code === 400 && UNDELIVERABLE_400.test(error.description))) {
      return { kind: 'undeliverable', reason };
    }
    return { kind: 'error', reason };
  }
  return { kind: 'error', reason: error instanceof Error ? error.message : String(error) };
}

/**
 * An error as the outbox logs it: name, code and message only. Never the error object itself: a grammY
 * error carries the request (chat id, text) and a duplicate-key error the key's value.
 */
export function loggableError(error: unknown): { name: string; code?: number | string; message: string } {
  if (!(error instanceof Error)) return { name: typeof error, message: 'non-error thrown' };
  const code =
    (error as { code?: unknown; error_code?: unknown }).error_code ?? (error as { code?: unknown }).code;
  return {
    name: error.name,
    ...(typeof code === 'number' || typeof code === 'string' ? { code } : {}),
    // Drop what follows "dup key:" and any long digit run (a Telegram id in a message).
    message: error.message.replace(/dup key:.*$/s, 'dup key: ...').replace(/\d{5,}/g, '#'),
  };
}

function retryAfterMs(error: GrammyError): number {
  const seconds = error.parameters?.retry_after;
  return (typeof seconds === 'number' && seconds > 0 ? seconds : 1) * 1000;
}

/** True when a bulk write failed only on unique-key collisions (the documents already existed). */
export function onlyDuplicateKeys(error: unknown): boolean {
  const raw = (error as { writeErrors?: unknown } | null)?.writeErrors;
  const list = (Array.isArray(raw) ? raw : raw ? [raw] : []) as { code?: number; err?: { code?: number } }[];
  return list.length > 0 && list.every((e) => (e.code ?? e.err?.code) === 11000);
}
