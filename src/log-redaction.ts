/**
 * Logs never carry personal data: no names, phones, message texts, captions, answers, callback data
 * or Telegram user ids. Field names that hold such data are redacted by pino; errors are rebuilt from
 * a short list of fields known to be safe, and their messages scrubbed of values.
 */

/** Fields (at the top of a log line or one level down) whose values are personal or user-typed. */
const PERSONAL_FIELDS = [
  'chatId',
  'chat_id',
  'telegramId',
  'userId',
  'user_id',
  'from',
  'chat',
  'contact',
  'phone',
  'phoneNumber',
  'phone_number',
  'fullName',
  'firstName',
  'first_name',
  'lastName',
  'last_name',
  'username',
  'name',
  'text',
  'caption',
  'answers',
  'data',
  'payload',
  'keyValue',
  'update',
];

export const REDACTED = '[redacted]';

export const redaction = {
  paths: PERSONAL_FIELDS.flatMap((field) => [field, `*.${field}`]),
  censor: REDACTED,
};

/** What a log line keeps of an error. */
export interface SafeError {
  type: string;
  message: string;
  code?: string | number;
  codeName?: string;
  /** Telegram: the method called, the error code and Telegram's own description (never the payload). */
  method?: string;
  errorCode?: number;
  description?: string;
  /** MongoDB duplicate key: the fields of the index, never the values. */
  keyFields?: string[];
  stack?: string;
  cause?: SafeError;
}

const MAX_CAUSE_DEPTH = 3;

/** pino serializer for `err`: keeps what helps to debug, drops every value that came from a user. */
export function sanitiseError(error: unknown, depth = 0): SafeError {
  if (!(error instanceof Error)) return { type: typeof error, message: '(not an Error)' };
  const record = error as Error & Record<string, unknown>;
  const safe: SafeError = { type: error.constructor?.name || error.name, message: safeMessage(record) };
  if (typeof record.code === 'string' || typeof record.code === 'number') safe.code = record.code;
  if (typeof record.codeName === 'string') safe.codeName = record.codeName;
  if (typeof record.method === 'string') safe.method = record.method;
  if (typeof record.error_code === 'number') safe.errorCode = record.error_code;
  if (typeof record.description === 'string') safe.description = scrubText(record.description);
  const keyPattern = record.keyPattern;
  if (keyPattern && typeof keyPattern === 'object') safe.keyFields = Object.keys(keyPattern);
  if (typeof error.stack === 'string') safe.stack = safeStack(error.stack, safe.message);
  // grammY's HttpError keeps the network error in `error`; standard errors in `cause`.
  const inner = record.cause ?? record.error;
  if (inner !== undefined && depth < MAX_CAUSE_DEPTH) safe.cause = sanitiseError(inner, depth + 1);
  return safe;
}

function safeMessage(error: Error & Record<string, unknown>): string {
  // Mongoose validation: "<path> (<kind>)" per failed path; its message quotes the bad values.
  const errors = error.errors;
  if (error.name === 'ValidationError' && errors && typeof errors === 'object') {
    const paths = Object.entries(errors as Record<string, { kind?: unknown }>).map(
      ([path, detail]) => `${path} (${String(detail?.kind ?? 'invalid')})`,
    );
    return `validation failed: ${paths.join(', ')}`;
  }
  return scrubText(error.message);
}

/** The stack's first lines repeat the message: replace them with the scrubbed one, keep the frames. */
function safeStack(stack: string, message: string): string {
  const frames = stack.split('\n').filter((line) => /^\s+at /.test(line));
  return [message, ...frames].join('\n');
}

/**
 * Removes values from an error text: MongoDB's duplicate key values, quoted values (mongoose casts and
 * validators), bot tokens in URLs, and numbers of six characters or more (phones, Telegram ids; ISO dates are kept).
 */
export function scrubText(text: string): string {
  return text
    .replace(/(?<!\d)\d{5,}:[\w-]{20,}/g, '<token>')
    .replace(/dup key: \{[\s\S]*\}/g, 'dup key: { <values> }')
    .replace(/"[^"\n]*"/g, '"<value>"')
    .replace(/`[^`\n]*`/g, '`<value>`')
    .replace(/(?<![\w.])(?!\d{4}-\d{2}-\d{2}\b)\+?\d[\d ()-]{4,}\d(?![\w.])/g, '<number>');
}
