/**
 * Phone numbers of the +7 zone (Kazakhstan, Russia) in E.164 form, `+7XXXXXXXXXX`.
 * The roster and Telegram contacts are both normalised here, so the same person matches.
 */

const SEPARATORS = /[\s\u00a0()\-.‐‑‒–—]/g;
/** A national number of the +7 zone: 10 digits, never starting with 0, 1 or 2. */
const NATIONAL = /^[3-9]\d{9}$/;

/**
 * Accepts "+7 701 123 45 67", "8 (701) 123-45-67", "87011234567", "77011234567" (Telegram),
 * "+77011234567", "7011234567". Returns `+77011234567`, or null for anything else.
 */
export function normalisePhone(raw: string | number | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const text = typeof raw === 'number' ? (Number.isSafeInteger(raw) ? String(raw) : '') : raw;
  const compact = text.trim().replace(SEPARATORS, '');
  let national: string;
  if (/^\+7\d{10}$/.test(compact)) national = compact.slice(2);
  else if (/^[78]\d{10}$/.test(compact)) national = compact.slice(1);
  else if (/^\d{10}$/.test(compact)) national = compact;
  else return null;
  return NATIONAL.test(national) ? `+7${national}` : null;
}
