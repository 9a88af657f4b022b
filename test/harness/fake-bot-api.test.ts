// Wire-level tests of the fake Bot API (plain fetch, no bot): long polling, body formats, message state.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeBotApi, parseMultipart } from './index.ts';

const TOKEN = '42:wire';

interface WireResponse {
  ok: boolean;
  // biome-ignore lint/suspicious/noExplicitAny: wire JSON, shape asserted by the tests
  result?: any;
  error_code?: number;
  description?: string;
}

describe('FakeBotApi on the wire', () => {
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

  beforeEach(async () => {
    api = new FakeBotApi();
    root = (await api.start()).apiRoot;
  });

  afterEach(async () => {
    await api.stop();
  });

  it('getUpdates honours timeout, wakes on push and drops confirmed updates via offset', async () => {
    let started = Date.now();
    expect((await call('getUpdates', { timeout: 1 })).result).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);

    started = Date.now();
    const polling = call('getUpdates', { timeout: 30 });
    await FakeBotApi.sleep(30);
    const pushed = api.pushUpdate({ message: { text: 'hi' } } as never);
    const { result } = await polling;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(result.map((u: { update_id: number }) => u.update_id)).toEqual([pushed.update_id]);

    // Not confirmed yet: delivered again. Confirmed by offset: gone.
    expect((await call('getUpdates', {})).result).toHaveLength(1);
    expect((await call('getUpdates', { offset: pushed.update_id + 1 })).result).toEqual([]);
    await api.waitProcessed(pushed.update_id, 1000);
  });

  it('returns queued updates at once, honours limit and allowed_updates', async () => {
    api.pushUpdate({ message: { text: 'a' } } as never);
    api.pushUpdate({ callback_query: { id: 'x' } } as never);
    const third = api.pushUpdate({ message: { text: 'c' } } as never);
    expect((await call('getUpdates', { timeout: 30, limit: 1 })).result).toHaveLength(1);
    const onlyMessages = await call('getUpdates', { timeout: 30, allowed_updates: ['message'] });
    expect(onlyMessages.result.map((u: { message?: unknown }) => Boolean(u.message))).toEqual([true, true]);
    expect((await call('getUpdates', { offset: -1 })).result[0].update_id).toBe(third.update_id);
  });

  it('answers a superseded long poll with []', async () => {
    const first = call('getUpdates', { timeout: 30 });
    await FakeBotApi.sleep(20);
    const second = call('getUpdates', { timeout: 30 });
    expect((await first).result).toEqual([]);
    api.pushUpdate({ message: { text: 'x' } } as never);
    expect((await second).result).toHaveLength(1);
  });

  it('accepts urlencoded bodies and GET query strings', async () => {
    const form = await fetch(`${root}/bot${TOKEN}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ chat_id: '5', text: '123' }).toString(),
    });
    expect(((await form.json()) as WireResponse).result).toMatchObject({ chat: { id: 5 }, text: '123' });
    const get = await fetch(`${root}/bot${TOKEN}/sendMessage?chat_id=5&text=hello`);
    expect(((await get.json()) as WireResponse).result.message_id).toBe(2);
    expect((await fetch(`${root}/bot${TOKEN}/getMe`)).status).toBe(200);
  });

  it('tracks message state: edit, not modified, delete, not found', async () => {
    const markup = { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] };
    const sent = await call('sendMessage', { chat_id: 7, text: 'v1', reply_markup: markup });
    const id = sent.result.message_id;
    expect(sent.result.reply_markup).toEqual(markup);
    const edit = await call('editMessageText', {
      chat_id: 7,
      message_id: id,
      text: 'v2',
      reply_markup: markup,
    });
    expect(edit.result).toMatchObject({ text: 'v2', edit_date: expect.any(Number) });
    const same = await call('editMessageText', {
      chat_id: 7,
      message_id: id,
      text: 'v2',
      reply_markup: markup,
    });
    expect(same).toMatchObject({
      ok: false,
      error_code: 400,
      description: expect.stringContaining('not modified'),
    });
    await call('editMessageReplyMarkup', { chat_id: 7, message_id: id });
    expect(api.message(7, id)).toMatchObject({ text: 'v2', reply_markup: undefined });
    expect((await call('deleteMessage', { chat_id: 7, message_id: id })).ok).toBe(true);
    expect(api.message(7, id)?.deleted).toBe(true);
    expect((await call('deleteMessage', { chat_id: 7, message_id: id })).description).toMatch(/not found/);
    expect((await call('editMessageText', { chat_id: 7, message_id: 99, text: 'x' })).error_code).toBe(400);
    expect((await call('sendMessage', { chat_id: 7, text: '' })).description).toMatch(/text is empty/);
    const tooLongData = { inline_keyboard: [[{ text: 'A', callback_data: 'x'.repeat(65) }]] };
    expect(
      (await call('sendMessage', { chat_id: 7, text: 'k', reply_markup: tooLongData })).description,
    ).toMatch(/BUTTON_DATA_INVALID/);
  });

  it('failNext by chat, global rate limit and answerCallbackQuery validation', async () => {
    api.failNext('sendMessage', { error_code: 500, description: 'boom' }, { chatId: 2 });
    expect((await call('sendMessage', { chat_id: 1, text: 'x' })).ok).toBe(true);
    expect(await call('sendMessage', { chat_id: 2, text: 'x' })).toMatchObject({
      ok: false,
      description: 'boom',
    });
    expect((await call('sendMessage', { chat_id: 2, text: 'x' })).ok).toBe(true);

    api.rateLimit({ globalPerSecond: 2 });
    await call('sendMessage', { chat_id: 1, text: 'x' });
    await call('sendMessage', { chat_id: 2, text: 'x' });
    const limited = await call('sendMessage', { chat_id: 3, text: 'x' });
    expect(limited).toMatchObject({ ok: false, error_code: 429, parameters: { retry_after: 1 } });
    expect(api.stats().tooManyRequests).toBe(1);
    api.rateLimit(undefined);

    expect((await call('answerCallbackQuery', { callback_query_id: 'nope' })).error_code).toBe(400);
    const id = api.registerCallbackQuery(1);
    expect((await call('answerCallbackQuery', { callback_query_id: id, text: 't' })).ok).toBe(true);
    expect((await call('answerCallbackQuery', { callback_query_id: id })).ok).toBe(false);
    expect(api.callbackAnswers(1)).toMatchObject([{ text: 't', showAlert: false }]);
  });

  it('serves stored files and 404s unknown paths', async () => {
    const file = api.storeFile(Buffer.from('abc'), { fileName: 'a.csv' });
    expect((await call('getFile', { file_id: file.file_id })).result).toMatchObject({
      file_path: file.file_path,
    });
    const download = await fetch(`${root}/file/bot${TOKEN}/${file.file_path}`);
    expect(await download.text()).toBe('abc');
    expect((await fetch(`${root}/file/bot${TOKEN}/documents/none.csv`)).status).toBe(404);
    expect((await call('getFile', { file_id: 'missing' })).error_code).toBe(400);
  });

  it('waitForMessage sees messages sent outside an action (proactive sends)', async () => {
    const user = api.user({ id: 77, firstName: 'Bota' });
    const waiting = user.waitForMessage((m) => m.text === 'reminder', { timeoutMs: 2000 });
    await call('sendMessage', { chat_id: 77, text: 'other' });
    await call('sendMessage', { chat_id: 77, text: 'reminder' });
    expect((await waiting).text).toBe('reminder');
    await expect(user.waitForMessage((m) => m.text === 'never', { timeoutMs: 50 })).rejects.toThrow(
      /no matching bot message within 50 ms. Last messages: "other", "reminder"/,
    );
  });

  it('times out an action with a helpful message when no bot is polling', async () => {
    const user = api.user({ id: 78, firstName: 'Arman' });
    await expect(user.send('/start', { timeoutMs: 100 })).rejects.toThrow(
      /did not confirm update \d+ within 100 ms/,
    );
  });
});

describe('parseMultipart', () => {
  it('reads quoted and unquoted names and filenames, CRLF and LF', () => {
    const body = Buffer.from(
      [
        '--XyZ',
        'content-disposition:form-data;name="chat_id"',
        '',
        '-100123',
        '--XyZ',
        'Content-Disposition: form-data; name="reply_markup"',
        '',
        '{"inline_keyboard":[]}',
        '--XyZ',
        'content-disposition:form-data;name="abc";filename=my file;v2.csv',
        'content-type:application/octet-stream',
        '',
        'a;b\r\n1;2',
        '--XyZ',
        'Content-Disposition: form-data; name=caption',
        '',
        '42',
        '--XyZ--',
        '',
      ].join('\r\n'),
    );
    const { params, uploads } = parseMultipart(body, 'multipart/form-data; boundary=XyZ');
    expect(params).toEqual({ chat_id: -100123, reply_markup: { inline_keyboard: [] }, caption: '42' });
    expect(uploads.get('abc')).toMatchObject({ filename: 'my file;v2.csv' });
    expect(uploads.get('abc')?.bytes.toString()).toBe('a;b\r\n1;2');

    const lf = Buffer.from(
      '--b\ncontent-disposition: form-data; name="x"; filename="q.txt"\n\nhello\n--b--\n',
    );
    expect(parseMultipart(lf, 'multipart/form-data; boundary="b"').uploads.get('x')?.bytes.toString()).toBe(
      'hello',
    );
  });
});
