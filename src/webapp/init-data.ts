import { createHmac, timingSafeEqual } from 'node:crypto';

/** The Telegram account that opened the dashboard, as Telegram signed it. */
export interface WebAppUser {
  id: number;
  languageCode: string | null;
}

export type InitDataCheck =
  | { ok: true; user: WebAppUser; authDate: Date }
  | { ok: false; reason: 'missing' | 'badSignature' | 'expired' | 'noUser' };

/** Telegram's key for Mini App data: HMAC-SHA256 of the bot token under the constant "WebAppData". */
const secretKeyOf = (botToken: string) => createHmac('sha256', 'WebAppData').update(botToken).digest();

/** Every field but `hash`, as key=value lines sorted by key (Telegram's data-check-string). */
function dataCheckString(params: URLSearchParams): string {
  return [...params.entries()]
    .filter(([key]) => key !== 'hash')
    .map(([key, value]) => `${key}=${value}`)
    .sort()
    .join('\n');
}

const signatureOf = (params: URLSearchParams, botToken: string) =>
  createHmac('sha256', secretKeyOf(botToken)).update(dataCheckString(params)).digest('hex');

/**
 * Checks the `initData` Telegram hands a Mini App: its hash must be the HMAC-SHA256 of the other
 * fields under the bot token's key, and `auth_date` no older than `maxAgeSeconds` (nor in the future
 * beyond a minute of clock skew). Only then is the user in it trusted.
 */
export function checkInitData(
  raw: string | undefined,
  botToken: string,
  now: Date,
  maxAgeSeconds: number,
): InitDataCheck {
  if (!raw) return { ok: false, reason: 'missing' };
  const params = new URLSearchParams(raw);
  const hash = params.get('hash') ?? '';
  if (!/^[0-9a-f]{64}$/.test(hash)) return { ok: false, reason: 'badSignature' };
  const expected = Buffer.from(signatureOf(params, botToken), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(hash, 'hex'))) return { ok: false, reason: 'badSignature' };
  const authSeconds = Number(params.get('auth_date'));
  const ageSeconds = now.getTime() / 1000 - authSeconds;
  if (!Number.isFinite(authSeconds) || ageSeconds > maxAgeSeconds || ageSeconds < -60)
    return { ok: false, reason: 'expired' };
  let user: { id?: unknown; language_code?: unknown };
  try {
    user = JSON.parse(params.get('user') ?? 'null') ?? {};
  } catch {
    return { ok: false, reason: 'noUser' };
  }
  if (typeof user.id !== 'number' || !Number.isSafeInteger(user.id)) return { ok: false, reason: 'noUser' };
  return {
    ok: true,
    user: {
      id: user.id,
      languageCode: typeof user.language_code === 'string' ? user.language_code : null,
    },
    authDate: new Date(authSeconds * 1000),
  };
}

/** Signs fields as Telegram does (the counterpart of checkInitData: tests and local previews use it). */
export function signInitData(fields: Record<string, string>, botToken: string): string {
  const params = new URLSearchParams(fields);
  params.delete('hash');
  params.set('hash', signatureOf(params, botToken));
  return params.toString();
}
