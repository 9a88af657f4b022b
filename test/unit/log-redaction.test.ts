import { Writable } from 'node:stream';
import { GrammyError, HttpError } from 'grammy';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { REDACTED, redaction, sanitiseError, scrubText } from '../../src/log-redaction.ts';

const PHONE = '+77010001001';
const TELEGRAM_ID = 5_123_456_789;
const NAME = 'Aigerim Seitkali';

/** A logger configured like src/logger.ts, writing into an array. */
function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const log = pino({ base: undefined, redact: redaction, serializers: { err: sanitiseError } }, stream);
  return { log, lines };
}

describe('log redaction', () => {
  it("drops Telegram's request payload from a GrammyError, keeps method, code and description", () => {
    const error = new GrammyError(
      "Call to 'editMessageText' failed!",
      { ok: false, error_code: 400, description: 'Bad Request: message is not modified' },
      'editMessageText',
      { chat_id: TELEGRAM_ID, text: `Бағаланатын: ${NAME}`, reply_markup: { inline_keyboard: [] } },
    );
    const safe = sanitiseError(error);
    expect(safe).toMatchObject({
      type: 'GrammyError',
      method: 'editMessageText',
      errorCode: 400,
      description: 'Bad Request: message is not modified',
    });
    const text = JSON.stringify(safe);
    expect(text).not.toContain(NAME);
    expect(text).not.toContain(String(TELEGRAM_ID));
  });

  it("drops a duplicate key's values: the message's and keyValue, keeps the index fields", () => {
    const error = Object.assign(
      new Error(
        `E11000 duplicate key error collection: db.employees index: phone_1 dup key: { phone: "${PHONE}" }`,
      ),
      { name: 'MongoServerError', code: 11000, keyPattern: { phone: 1 }, keyValue: { phone: PHONE } },
    );
    const safe = sanitiseError(error);
    expect(safe.code).toBe(11000);
    expect(safe.keyFields).toEqual(['phone']);
    expect(JSON.stringify(safe)).not.toContain(PHONE);
    expect(JSON.stringify(safe)).not.toContain('7010001001');
  });

  it('keeps no value of a mongoose validation or cast error', () => {
    const validation = Object.assign(
      new Error(`Employee validation failed: phone: Path \`phone\` is invalid (${PHONE}).`),
      {
        name: 'ValidationError',
        errors: { phone: { kind: 'regexp', value: PHONE } },
      },
    );
    expect(sanitiseError(validation).message).toBe('validation failed: phone (regexp)');
    expect(sanitiseError(validation).stack ?? '').not.toContain(PHONE);
    const cast = new Error(`Cast to ObjectId failed for value "${NAME}" (type string) at path "_id"`);
    expect(sanitiseError(cast).message).not.toContain(NAME);
  });

  it("scrubs the bot token and numbers from a network error's cause", () => {
    const inner = new Error(
      `request to https://api.telegram.org/bot123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ/sendMessage?chat_id=${TELEGRAM_ID} failed`,
    );
    const error = new HttpError("Network request for 'sendMessage' failed!", inner);
    const text = JSON.stringify(sanitiseError(error));
    expect(text).not.toContain('ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    expect(text).not.toContain(String(TELEGRAM_ID));
    expect(text).toContain('sendMessage');
  });

  it('keeps our own document ids and ISO dates in messages', () => {
    expect(scrubText('target 65a1b2c3d4e5f60718293a4b on 2026-12-31')).toBe(
      'target 65a1b2c3d4e5f60718293a4b on 2026-12-31',
    );
    expect(scrubText(`phone ${PHONE} and +7 701 000 10 01`)).toBe('phone <number> and <number>');
  });

  it('redacts personal fields at the top of a line and one level down', () => {
    const { log, lines } = capture();
    log.warn({ itemId: 'abc', chatId: TELEGRAM_ID, item: { chatId: TELEGRAM_ID, text: NAME } }, 'x');
    log.error(
      {
        err: new GrammyError('x', { ok: false, error_code: 403, description: 'Forbidden' }, 'sendMessage', {
          text: NAME,
        }),
      },
      'y',
    );
    const all = lines.join('');
    expect(all).not.toContain(String(TELEGRAM_ID));
    expect(all).not.toContain(NAME);
    expect(all).toContain(REDACTED);
    expect(all).toContain('"itemId":"abc"');
  });
});
