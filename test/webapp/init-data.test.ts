import { describe, expect, it } from 'vitest';
import { checkInitData, signInitData } from '../../src/webapp/init-data.ts';

const TOKEN = '123456:TEST-token-abcdefghijkl';
const NOW = new Date('2026-10-05T04:00:00Z');
const seconds = (date: Date) => String(Math.floor(date.getTime() / 1000));
const fields = (overrides: Record<string, string> = {}) => ({
  query_id: 'AAHdF6IQAAAAAN0XohDhrOrc',
  user: JSON.stringify({ id: 279058397, first_name: 'Aigerim', language_code: 'kk' }),
  auth_date: seconds(new Date(NOW.getTime() - 60_000)),
  ...overrides,
});

describe('checkInitData (Telegram Mini App launch data)', () => {
  it('accepts data signed with the bot token and gives the account in it', () => {
    const check = checkInitData(signInitData(fields(), TOKEN), TOKEN, NOW, 3600);
    expect(check).toMatchObject({ ok: true, user: { id: 279058397, languageCode: 'kk' } });
  });

  it('matches the data-check-string of the Mini App docs: fields but hash, sorted, key=value lines', async () => {
    const { createHmac } = await import('node:crypto');
    const data = fields({ signature: 'ed25519-sig' });
    const lines = Object.entries(data)
      .map(([k, v]) => `${k}=${v}`)
      .sort()
      .join('\n');
    const secret = createHmac('sha256', 'WebAppData').update(TOKEN).digest();
    const hash = createHmac('sha256', secret).update(lines).digest('hex');
    const raw = new URLSearchParams({ ...data, hash }).toString();
    expect(checkInitData(raw, TOKEN, NOW, 3600).ok).toBe(true);
  });

  it('refuses a changed field, another bot token, a missing or malformed hash', () => {
    const signed = signInitData(fields(), TOKEN);
    const changed = signed.replace('279058397', '279058398');
    expect(checkInitData(changed, TOKEN, NOW, 3600)).toEqual({ ok: false, reason: 'badSignature' });
    expect(checkInitData(signed, '654321:OTHER-token-abcdefghij', NOW, 3600)).toEqual({
      ok: false,
      reason: 'badSignature',
    });
    expect(checkInitData(signed.replace(/&hash=[0-9a-f]+/, ''), TOKEN, NOW, 3600).ok).toBe(false);
    expect(checkInitData(`${signed}zz`, TOKEN, NOW, 3600).ok).toBe(false);
    expect(checkInitData('', TOKEN, NOW, 3600)).toEqual({ ok: false, reason: 'missing' });
    expect(checkInitData(undefined, TOKEN, NOW, 3600)).toEqual({ ok: false, reason: 'missing' });
  });

  it('refuses data older than the configured age, or from the future', () => {
    const old = signInitData(fields({ auth_date: seconds(new Date(NOW.getTime() - 3601_000)) }), TOKEN);
    expect(checkInitData(old, TOKEN, NOW, 3600)).toEqual({ ok: false, reason: 'expired' });
    expect(checkInitData(old, TOKEN, NOW, 7200).ok).toBe(true);
    const ahead = signInitData(fields({ auth_date: seconds(new Date(NOW.getTime() + 600_000)) }), TOKEN);
    expect(checkInitData(ahead, TOKEN, NOW, 3600)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses signed data without a user (a chat-only launch identifies no one)', () => {
    const { user: _user, ...noUser } = fields();
    expect(checkInitData(signInitData(noUser, TOKEN), TOKEN, NOW, 3600)).toEqual({
      ok: false,
      reason: 'noUser',
    });
  });
});
