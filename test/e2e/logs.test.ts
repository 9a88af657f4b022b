import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLogDestination } from '../../src/logger.ts';
import { getMethodology } from '../../src/methodology/index.ts';
import { RANK_PEOPLE, telegramIdOf } from '../support/ranking-world.ts';
import { PEOPLE, seedDepartment } from '../support/survey360.ts';
import { World } from '../support/world.ts';
// The full 360 and ranking stories run again here, inside this file, so every line they log is captured.
import './survey360.test.ts';
import './ranking.test.ts';

/**
 * Logs carry no personal data: every line logged while the 360 campaign and the ranking quarter run
 * end to end (at the most verbose level), plus the errors Telegram and MongoDB raise on the way, is
 * searched for every roster name, phone, Telegram id and answer text.
 */
const lines: string[] = [];
process.env.BAGALAU_TEST_LOG_LEVEL = 'trace';
setLogDestination(
  new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  }),
);

const FAULT_HR = 7100;
let faults: World;

beforeAll(async () => {
  faults = await new World({ adminIds: [FAULT_HR] }).start();
  await seedDepartment(faults);
}, 60_000);
afterAll(async () => {
  await faults.stop();
  setLogDestination(null);
});

/** Typed answers of the ranking story (justifications, comments). */
const TYPED = [
  'Замечаний нет',
  'Сроки соблюдены',
  'Инициативен',
  'Дисциплина соблюдается',
  'Были просрочки',
  'Оценено по итогам квартала',
  'КЦИ 5 выполнен, проверьте отчёт',
];

describe('logs without personal data', () => {
  it('Telegram refusing a questionnaire screen: the error is logged without its payload', async () => {
    const hr = faults.api.user({ id: FAULT_HR, firstName: 'HR' });
    await hr.send('/survey360');
    await hr.tap('➕ 2026 жылға науқан құру');
    await hr.tap('🚀 Бастау');
    await faults.outboxSettled();
    const staff = faults.api.user({ id: PEOPLE[1]!.telegramId, firstName: PEOPLE[1]!.name });
    await staff.send('/survey');
    // The questionnaire message (evaluatee's name, answer buttons) is refused by Telegram.
    faults.api.failNext('sendMessage', { error_code: 400, description: 'Bad Request: chat not found' });
    await staff.tap('Head One');
    expect(lines.some((line) => line.includes('"updateType":"callback_query"'))).toBe(true);
    expect(lines.some((line) => line.includes('"method":"sendMessage"'))).toBe(true);
  });

  it('a MongoDB duplicate key is logged without its key values', async () => {
    const { models, logger } = faults.app.services;
    const existing = await models.Employee.findOne({ personnelNumber: '1002' }).lean();
    const error = await models.Employee.create({ ...existing, _id: undefined }).catch((e: unknown) => e);
    expect((error as { code?: number }).code).toBe(11000);
    logger.error({ err: error }, 'roster write failed');
    expect(lines.at(-1)).toContain('"keyFields"');
  });

  it('no line holds a roster name, phone, Telegram id, answer text or answer button', () => {
    // Lines of all three apps were captured (each logs its start), errors included.
    expect(lines.filter((line) => line.includes('bot is polling for updates')).length).toBeGreaterThanOrEqual(
      3,
    );
    expect(lines.some((line) => line.includes('update failed'))).toBe(true);
    const all = lines.join('');
    const texts: string[] = [];
    for (const p of PEOPLE) texts.push(p.name, `+7701000${p.number}`);
    for (const p of RANK_PEOPLE) texts.push(p.name, `+7702000${p.number}`);
    texts.push(...TYPED);
    for (const id of ['almaty-city-akimat-2023', 'justice-2026']) {
      for (const step of getMethodology(id)?.methods.survey360?.answerScale.steps ?? [])
        texts.push(step.label.kk, step.label.ru);
    }
    for (const text of texts) expect(all, `a log line holds "${text}"`).not.toContain(text);
    const ids = [
      ...PEOPLE.map((p) => p.telegramId),
      ...RANK_PEOPLE.map((p) => telegramIdOf(p.number)),
      FAULT_HR,
    ];
    for (const id of ids) expect(all).not.toMatch(new RegExp(`(?<![\\d.])${id}(?![\\d.])`));
    // Callback data of answers (s3:a:<draft>:<question>:<points>) and sheet taps never appear.
    expect(all).not.toMatch(/\bs3:a:|\brk:[0-9a-f]{24}/);
  });
});
