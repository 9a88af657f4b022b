// The fake Bot API refuses what Telegram refuses, with Telegram's own 400 descriptions, and
// counts lengths as Telegram does: UTF-16 code units of the text after entity parsing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeBotApi, visibleText } from './index.ts';

const TOKEN = '42:limits';

interface WireResponse {
  ok: boolean;
  // biome-ignore lint/suspicious/noExplicitAny: wire JSON, shape asserted by the tests
  result?: any;
  error_code?: number;
  description?: string;
}

describe('Telegram limits in the fake Bot API', () => {
  let api: FakeBotApi;
  let root: string;

  const call = async (method: string, params: Record<string, unknown> = {}) => {
    const response = await fetch(`${root}/bot${TOKEN}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params),
    });
    return (await response.json()) as WireResponse;
  };
  const TOO_LONG = { ok: false, error_code: 400, description: 'Bad Request: message is too long' };
  const CAPTION_TOO_LONG = {
    ok: false,
    error_code: 400,
    description: 'Bad Request: message caption is too long',
  };
  const DATA_INVALID = { ok: false, error_code: 400, description: 'Bad Request: BUTTON_DATA_INVALID' };

  beforeEach(async () => {
    api = new FakeBotApi();
    root = (await api.start()).apiRoot;
  });

  afterEach(async () => {
    await api.stop();
  });

  it('a text counts UTF-16 code units: 4,096 pass, 4,097 are refused', async () => {
    expect((await call('sendMessage', { chat_id: 1, text: 'а'.repeat(4096) })).ok).toBe(true);
    expect(await call('sendMessage', { chat_id: 1, text: 'а'.repeat(4097) })).toEqual(TOO_LONG);
    // An emoji outside the BMP is two code units.
    expect((await call('sendMessage', { chat_id: 1, text: '📊'.repeat(2048) })).ok).toBe(true);
    expect(await call('sendMessage', { chat_id: 1, text: `${'📊'.repeat(2048)}.` })).toEqual(TOO_LONG);
    expect(api.chatMessages(1)).toHaveLength(2);
  });

  it('a text with parse_mode is counted after its markup is parsed', async () => {
    const bold = (n: number) => `<b>${'x'.repeat(n - 1)}&amp;</b>`;
    const ok = await call('sendMessage', { chat_id: 1, text: bold(4096), parse_mode: 'HTML' });
    expect(ok.ok).toBe(true);
    expect(ok.result.text).toHaveLength(4096);
    expect(await call('sendMessage', { chat_id: 1, text: bold(4097), parse_mode: 'HTML' })).toEqual(TOO_LONG);
    // The same characters without parse_mode are plain text, markup included.
    expect(await call('sendMessage', { chat_id: 1, text: bold(4090) })).toEqual(TOO_LONG);
    expect(await call('sendMessage', { chat_id: 1, text: 'a<br>b', parse_mode: 'HTML' })).toMatchObject({
      error_code: 400,
      description: expect.stringMatching(/^Bad Request: can't parse entities: Unsupported start tag "br"/),
    });
    const v2 = `*${'y'.repeat(4094)}\\.*`;
    expect((await call('sendMessage', { chat_id: 1, text: v2, parse_mode: 'MarkdownV2' })).ok).toBe(true);
    expect(await call('sendMessage', { chat_id: 1, text: 'a.b', parse_mode: 'MarkdownV2' })).toMatchObject({
      error_code: 400,
      description: expect.stringContaining("Character '.' is reserved"),
    });
  });

  it('an edited text obeys the same limit', async () => {
    const sent = await call('sendMessage', { chat_id: 3, text: 'short' });
    const edit = (text: string) =>
      call('editMessageText', { chat_id: 3, message_id: sent.result.message_id, text });
    expect(await edit('б'.repeat(4097))).toEqual(TOO_LONG);
    expect((await edit('б'.repeat(4096))).ok).toBe(true);
    expect(api.message(3, sent.result.message_id)?.text).toHaveLength(4096);
  });

  it('a caption is at most 1,024 code units, when sent and when edited', async () => {
    const photo = api.storeFile(Buffer.from('png'), { fileName: 'chart.png', kind: 'photo' });
    expect(await call('sendPhoto', { chat_id: 4, photo: photo.file_id, caption: 'ж'.repeat(1025) })).toEqual(
      CAPTION_TOO_LONG,
    );
    expect(
      await call('sendDocument', { chat_id: 4, document: photo.file_id, caption: 'ж'.repeat(1025) }),
    ).toEqual(CAPTION_TOO_LONG);
    const sent = await call('sendPhoto', { chat_id: 4, photo: photo.file_id, caption: 'ж'.repeat(1024) });
    expect(sent.ok).toBe(true);
    const id = sent.result.message_id;
    expect(
      await call('editMessageCaption', { chat_id: 4, message_id: id, caption: 'ң'.repeat(1025) }),
    ).toEqual(CAPTION_TOO_LONG);
    const html = `<i>${'ң'.repeat(1024)}</i>`;
    expect(
      (await call('editMessageCaption', { chat_id: 4, message_id: id, caption: html, parse_mode: 'HTML' }))
        .ok,
    ).toBe(true);
    expect(api.message(4, id)?.caption).toBe('ң'.repeat(1024));
  });

  it('callback data is at most 64 UTF-8 bytes in every row of every inline keyboard', async () => {
    // 'ә' is two bytes in UTF-8: 32 of them are 64 bytes, 33 are 66.
    const keyboard = (data: string) => ({
      inline_keyboard: [[{ text: 'A', callback_data: 'a' }], [{ text: 'B', callback_data: data }]],
    });
    expect(
      (await call('sendMessage', { chat_id: 5, text: 'k', reply_markup: keyboard('ә'.repeat(32)) })).ok,
    ).toBe(true);
    expect(
      await call('sendMessage', { chat_id: 5, text: 'k', reply_markup: keyboard('ә'.repeat(33)) }),
    ).toEqual(DATA_INVALID);
    expect(
      await call('sendMessage', { chat_id: 5, text: 'k', reply_markup: keyboard('x'.repeat(65)) }),
    ).toEqual(DATA_INVALID);
    const [first] = api.chatMessages(5);
    const id = first!.message_id;
    expect(
      await call('editMessageReplyMarkup', {
        chat_id: 5,
        message_id: id,
        reply_markup: keyboard('ә'.repeat(33)),
      }),
    ).toEqual(DATA_INVALID);
    expect(
      await call('editMessageText', {
        chat_id: 5,
        message_id: id,
        text: 'k2',
        reply_markup: keyboard('x'.repeat(65)),
      }),
    ).toEqual(DATA_INVALID);
    const photo = api.storeFile(Buffer.from('png'), { fileName: 'c.png', kind: 'photo' });
    expect(
      await call('sendPhoto', { chat_id: 5, photo: photo.file_id, reply_markup: keyboard('x'.repeat(65)) }),
    ).toEqual(DATA_INVALID);
    expect(api.message(5, id)?.text).toBe('k');
  });

  it('message ids count per chat, shared by the user and the bot, as in a private chat', async () => {
    const aigerim = api.user({ id: 11, firstName: 'Aigerim' });
    const daulet = api.user({ id: 12, firstName: 'Daulet' });
    await aigerim.send('hello', { wait: false });
    const first = await call('sendMessage', { chat_id: 11, text: 'one' });
    const second = await call('sendMessage', { chat_id: 11, text: 'two' });
    await daulet.send('hi', { wait: false });
    const other = await call('sendMessage', { chat_id: 12, text: 'one' });
    expect([first.result.message_id, second.result.message_id]).toEqual([2, 3]);
    expect(other.result.message_id).toBe(2);
    expect(first.result.chat).toMatchObject({ id: 11, type: 'private', first_name: 'Aigerim' });
    expect(api.chatMessages(11).map((m) => [m.message_id, m.sender])).toEqual([
      [1, 'user'],
      [2, 'bot'],
      [3, 'bot'],
    ]);
  });
});

describe('visibleText', () => {
  it('removes HTML tags and decodes its entities', () => {
    expect(visibleText('<b>Жоба</b> &lt;1&gt; &amp; &quot;x&quot; &#1241;&#x4A2;', 'HTML')).toBe(
      'Жоба <1> & "x" әҢ',
    );
    expect(visibleText('<a href="https://t.me/x">сілтеме</a>', 'HTML')).toBe('сілтеме');
    expect(() => visibleText('<b>open', 'HTML')).toThrow(/Can't find end tag/);
    expect(() => visibleText('<b><i>x</b></i>', 'HTML')).toThrow(/Unmatched end tag/);
  });

  it('removes MarkdownV2 markup and keeps escaped characters', () => {
    expect(visibleText('*bold* _it_ __u__ ~s~ ||sp|| `a\\`b` [link](https://x.kz) 1\\.5', 'MarkdownV2')).toBe(
      'bold it u s sp a`b link 1.5',
    );
    expect(visibleText('```ts\nconst x = 1;\n```', 'MarkdownV2')).toBe('const x = 1;\n');
    expect(() => visibleText('*open', 'MarkdownV2')).toThrow(/Can't find end/);
  });

  it('leaves a text without parse_mode as it is', () => {
    expect(visibleText('<b>*x*</b>', undefined)).toBe('<b>*x*</b>');
  });
});
