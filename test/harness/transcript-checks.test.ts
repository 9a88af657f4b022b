import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBotApi } from './fake-bot-api.ts';
import { maxButtonLength, takeTranscriptViolations, transcriptProblems } from './transcript-checks.ts';

const keyboard = (...rows: string[][]) => ({
  inline_keyboard: rows.map((row) => row.map((text, i) => ({ text, callback_data: `b${i}` }))),
});

describe('transcript checks', () => {
  it('allow 40 characters alone in a row and 30 in a row of two', () => {
    expect(maxButtonLength(1)).toBe(40);
    expect(maxButtonLength(2)).toBe(30);
    const ok = transcriptProblems('sendMessage', {
      text: 'ok',
      reply_markup: keyboard(['x'.repeat(40)], ['y'.repeat(30), 'z'.repeat(30)]),
    });
    expect(ok).toEqual([]);
    const tooLong = transcriptProblems('editMessageReplyMarkup', {
      reply_markup: keyboard(['x'.repeat(41)], ['y'.repeat(31), 'z']),
    });
    expect(tooLong.map((p) => p.problem)).toEqual([
      'button of 41 characters in a row of 1 (at most 40)',
      'button of 31 characters in a row of 2 (at most 30)',
    ]);
  });

  it('count an emoji with its variation selector as one character', () => {
    expect(
      transcriptProblems('sendMessage', { text: 'ok', reply_markup: keyboard([`⚖️${'x'.repeat(39)}`]) }),
    ).toEqual([]);
  });

  it('find a raw period code or an unrendered variable in a text, a caption, a button, a JSON-encoded keyboard', () => {
    expect(transcriptProblems('sendMessage', { text: 'Оценка за 2026-Q3 начата.' })).toHaveLength(1);
    expect(transcriptProblems('sendPhoto', { caption: '2026-Y' })).toHaveLength(1);
    expect(transcriptProblems('sendDocument', { caption: 'Итоги: {{period}}' })).toHaveLength(1);
    expect(
      transcriptProblems('editMessageText', {
        text: 'ok',
        reply_markup: JSON.stringify(keyboard(['➕ 2026-Q4'])),
      }),
    ).toHaveLength(1);
    expect(
      transcriptProblems('sendMessage', { text: '3-й квартал 2026 года, 10.10.2026, /ranking 2026 3' }),
    ).toEqual([]);
    expect(transcriptProblems('getUpdates', { text: '2026-Q3' })).toEqual([]);
  });

  describe('in the fake Bot API', () => {
    const api = new FakeBotApi();
    let apiRoot = '';
    beforeAll(async () => {
      apiRoot = (await api.start()).apiRoot;
    });
    afterAll(async () => {
      await api.stop();
    });

    it('record what an accepted message would have shown', async () => {
      const send = (body: unknown) =>
        fetch(`${apiRoot}/bot1:t/sendMessage`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      await send({ chat_id: 5, text: 'Период: 2026-Q3', reply_markup: keyboard(['x'.repeat(45)]) });
      const found = takeTranscriptViolations();
      expect(found.map((v) => [v.method, v.chatId, v.problem])).toEqual([
        ['sendMessage', 5, 'raw period code in the text'],
        ['sendMessage', 5, 'button of 45 characters in a row of 1 (at most 40)'],
      ]);
    });
  });
});
