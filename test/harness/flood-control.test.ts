// Telegram-like flood limits of the fake Bot API, driven with explicit times (no waiting).
import { afterEach, describe, expect, it } from 'vitest';
import { FakeBotApi, FloodControl } from './index.ts';

const T0 = 1_000_000;

describe('FloodControl', () => {
  it('limits sends per second over all chats and frees the window a second later', () => {
    const flood = new FloodControl();
    flood.configure({ globalPerSecond: 2 });
    expect(flood.check('sendMessage', 1, T0)).toBeUndefined();
    expect(flood.check('sendMessage', 2, T0 + 100)).toBeUndefined();
    expect(flood.check('sendMessage', 3, T0 + 200)).toBe(1);
    // A refused call is not counted: the window frees when the first send leaves it.
    expect(flood.check('sendMessage', 3, T0 + 999)).toBe(1);
    expect(flood.check('sendMessage', 3, T0 + 1000)).toBeUndefined();
    expect(flood.check('sendMessage', 4, T0 + 1050)).toBe(1);
    expect(flood.check('sendMessage', 4, T0 + 1100)).toBeUndefined();
  });

  it('counts sends and edits only, not chat actions, polls or callback answers', () => {
    const flood = new FloodControl();
    flood.configure({ globalPerSecond: 1 });
    expect(flood.check('editMessageText', 1, T0)).toBeUndefined();
    for (const method of ['sendChatAction', 'getUpdates', 'answerCallbackQuery', 'getFile']) {
      expect(flood.check(method, 1, T0 + 1)).toBeUndefined();
    }
    expect(flood.check('copyMessage', 1, T0 + 2)).toBe(1);
    flood.configure({ globalPerSecond: 1, methods: ['sendPhoto'] });
    expect(flood.check('sendMessage', 1, T0)).toBeUndefined();
    expect(flood.check('sendMessage', 1, T0)).toBeUndefined();
    expect(flood.check('sendPhoto', 1, T0)).toBeUndefined();
    expect(flood.check('sendPhoto', 1, T0)).toBe(1);
  });

  it('limits each chat per second and each group per minute, independently of other chats', () => {
    const flood = new FloodControl();
    flood.configure({ perChatPerSecond: 1, perGroupPerMinute: 20 });
    expect(flood.check('sendMessage', 1, T0)).toBeUndefined();
    expect(flood.check('sendMessage', 1, T0 + 10)).toBe(1);
    expect(flood.check('sendMessage', 2, T0 + 10)).toBeUndefined();
    const group = -100;
    for (let n = 0; n < 20; n++) expect(flood.check('sendMessage', group, T0 + n * 1000)).toBeUndefined();
    // The 21st send 20 s after the first waits for the first to leave the minute: 40 s.
    expect(flood.check('sendMessage', group, T0 + 20_000)).toBe(40);
    expect(flood.check('sendMessage', group, T0 + 60_000)).toBeUndefined();
    flood.configure({ perChatPerSecond: 1, retryAfter: 7 });
    flood.check('sendMessage', 1, T0);
    expect(flood.check('sendMessage', 1, T0)).toBe(7);
  });

  it('flood-waits one chat only, until lifted or for a time', () => {
    const flood = new FloodControl();
    flood.limitChat(5, { retryAfter: 3 }, T0);
    expect(flood.check('sendMessage', 5, T0 + 10_000)).toBe(3);
    expect(flood.check('sendMessage', 6, T0 + 10_000)).toBeUndefined();
    expect(flood.check('answerCallbackQuery', 5, T0 + 10_000)).toBeUndefined();
    expect(flood.isChatLimited(5, T0 + 10_000)).toBe(true);
    flood.liftChatLimit(5);
    expect(flood.check('sendMessage', 5, T0 + 10_000)).toBeUndefined();

    flood.limitChat(5, { retryAfter: 2, forSeconds: 2 }, T0);
    expect(flood.check('sendMessage', 5, T0 + 100)).toBe(2);
    expect(flood.check('sendMessage', 5, T0 + 1500)).toBe(1);
    expect(flood.isChatLimited(5, T0 + 1999)).toBe(true);
    expect(flood.check('sendMessage', 5, T0 + 2000)).toBeUndefined();
    expect(flood.isChatLimited(5, T0 + 2000)).toBe(false);
  });

  it('forgets chats whose sends have left the window, so a broadcast does not grow its memory', () => {
    const flood = new FloodControl();
    flood.configure({ perChatPerSecond: 1 });
    for (let chat = 1; chat <= 10_000; chat++) flood.check('sendMessage', chat, T0);
    expect(flood.rememberedChats).toBeGreaterThan(9_000);
    for (let chat = 1; chat <= 10_000; chat++) flood.check('sendMessage', 1, T0 + 2000 + chat * 1000);
    expect(flood.rememberedChats).toBeLessThan(10);
  });
});

describe('FakeBotApi.limitChat on the wire', () => {
  let api: FakeBotApi;
  afterEach(async () => {
    await api.stop();
  });

  it("answers 429 with retry_after in the limited chat only, with Telegram's description", async () => {
    api = new FakeBotApi();
    const { apiRoot } = await api.start();
    const send = async (chatId: number) => {
      const response = await fetch(`${apiRoot}/bot1:x/sendMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ chat_id: chatId, text: 'x' }),
      });
      return response.json();
    };
    api.limitChat(10, { retryAfter: 5 });
    expect(await send(10)).toEqual({
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 5',
      parameters: { retry_after: 5 },
    });
    expect(await send(11)).toMatchObject({ ok: true });
    expect(api.stats().tooManyRequestsByChat).toEqual(new Map([[10, 1]]));
    api.liftChatLimit(10);
    expect(await send(10)).toMatchObject({ ok: true });
  });
});
