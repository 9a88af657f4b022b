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
  /** No such message, or not ours, or not editable: keep probing. */
  | { kind: 'absent' }
  | { kind: 'undeliverable'; reason: string }
  | { kind: 'rateLimited'; retryAfterMs: number; reason: string }
  | { kind: 'error'; reason: string };

const PROBE_ABSENT =
  /message to edit not found|message can't be edited|message_id_invalid|message identifier is not specified|there is no reply markup|message can't be found/i;

export function classifyProbeError(error: unknown): ProbeOutcome {
  if (error instanceof GrammyError) {
    const reason = `${error.error_code}: ${error.description}`;
    if (error.error_code === 400 && /message is not modified/i.test(error.description))
      return { kind: 'found' };
    if (error.error_code === 400 && PROBE_ABSENT.test(error.description)) return { kind: 'absent' };
    if (error.error_code === 429) return { kind: 'rateLimited', retryAfterMs: retryAfterMs(error), reason };
    if (error.error_code === 403 || (error.error_code === 400 && UNDELIVERABLE_400.test(error.description))) {
      return { kind: 'undeliverable', reason };
    }
    return { kind: 'error', reason };
  }
  return { kind: 'error', reason: error instanceof Error ? error.message : String(error) };
}

function retryAfterMs(error: GrammyError): number {
  const seconds = error.parameters?.retry_after;
  return (typeof seconds === 'number' && seconds > 0 ? seconds : 1) * 1000;
}
