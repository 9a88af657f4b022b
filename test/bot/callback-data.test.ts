import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import {
  type AnyCallbackAction,
  allCallbackActions,
  CALLBACK_DATA_MAX_BYTES,
  callbacks,
  fields,
  parseTapped,
} from '../../src/bot/callback-data.ts';
import { rankingSteps } from '../../src/evaluation/ranking/steps.ts';
import { loadAllMethodologies } from '../../src/methodology/index.ts';
import { ensureOutboxButton } from '../../src/notifications/outbox/enqueue.ts';
import { MAX_CODE_LENGTH, normaliseId } from '../../src/people/roster/columns.ts';
import { EXAMPLE_KK } from '../fixtures/roster/example-data.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bytes = (data: string) => Buffer.byteLength(data, 'utf8');
const methodologies = [...loadAllMethodologies().values()];

/** The values an action is built with: each field at its widest, or as given per field. */
function valuesOf(
  action: AnyCallbackAction,
  pick: (field: unknown, name: string) => unknown = (field) => (field as { widest: unknown }).widest,
) {
  return Object.fromEntries(Object.entries(action.fields).map(([name, field]) => [name, pick(field, name)]));
}

/** The longest codes the product really has: methodology ids, organisation codes in the roster examples. */
function realCodes(): string[] {
  const csv = readFileSync(join(root, 'docs/roster-example.csv'), 'utf8').split('\n').slice(1);
  const fromCsv = csv.flatMap((line) => {
    const cells = line.split(';');
    return [cells[0], cells[2]].filter((c): c is string => Boolean(c?.trim()));
  });
  const fromFixtures = EXAMPLE_KK.flatMap((row) => [row.organisationCode, row.methodologyId]);
  const fromMethodologies = methodologies.flatMap((m) => [m.id, m.id.replace(/-\d{4}$/, '')]);
  return [...new Set([...fromCsv, ...fromFixtures, ...fromMethodologies].filter(Boolean))].sort(
    (a, b) => b.length - a.length,
  );
}

/** The highest step, question position or KPI index any methodology can produce. */
function highestRealIndex(): number {
  let highest = 0;
  for (const m of methodologies) {
    for (const form of m.methods.ranking?.forms ?? []) highest = Math.max(highest, rankingSteps(form).length);
    if (m.methods.kpi) highest = Math.max(highest, m.methods.kpi.count.max * 2);
    for (const set of m.methods.survey360?.competencySets ?? [])
      highest = Math.max(highest, set.competencies.flatMap((c) => c.questions).length);
  }
  return highest;
}

describe('callback data registry', () => {
  it('has one entry per action, and more than the flows of the bot need', () => {
    const names = allCallbackActions.map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
    const templates = allCallbackActions.map((a) => a.template);
    expect(new Set(templates).size).toBe(templates.length);
    expect(names.length).toBeGreaterThan(50);
  });

  it('every action at its widest values fits in 64 bytes and parses back to what was built', () => {
    for (const action of allCallbackActions) {
      const values = valuesOf(action);
      const data = action.build(values);
      expect(bytes(data), `${action.name}: ${data}`).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
      expect(action.parse(data), action.name).toEqual(values);
    }
  });

  it('real ids, the longest real codes and the highest real steps round-trip and fit', () => {
    const [longestCode] = realCodes();
    expect(longestCode!.length).toBeGreaterThanOrEqual('almaty-region-maslikhat-2023'.length);
    const highest = highestRealIndex();
    expect(highest).toBeGreaterThan(10);
    for (const action of allCallbackActions) {
      const values = valuesOf(action, (field) => {
        if (field === fields.id) return new Types.ObjectId().toHexString();
        if (field === fields.code) return longestCode;
        if (field === fields.index) return highest;
        if (field === fields.score) return 2.75;
        if (field === fields.year) return 2026;
        if (field === fields.period) return '2026-Q4';
        return (field as { widest: unknown }).widest;
      });
      const data = action.build(values);
      expect(bytes(data), `${action.name}: ${data}`).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
      expect(action.parse(data), action.name).toEqual(values);
    }
  });

  it('every real code and step fits its field, and the roster refuses a code the buttons could not carry', () => {
    for (const code of realCodes()) expect(normaliseId(code), code).toBe(code);
    expect(realCodes()[0]!.length).toBeLessThanOrEqual(MAX_CODE_LENGTH);
    expect(normaliseId('a'.repeat(MAX_CODE_LENGTH))).not.toBeNull();
    expect(normaliseId('a'.repeat(MAX_CODE_LENGTH + 1))).toBeNull();
    expect(highestRealIndex()).toBeLessThanOrEqual(fields.index.widest);
  });

  it('two actions never accept the same data, so a button is never taken for another flow', () => {
    for (const action of allCallbackActions) {
      const data = action.build(valuesOf(action));
      const takers = allCallbackActions.filter((other) => other.parse(data) !== null).map((a) => a.name);
      expect(takers, data).toEqual([action.name]);
    }
  });

  it('booleans, every choice of a fixed list and scores with decimals round-trip', () => {
    const sheetId = new Types.ObjectId().toHexString();
    for (const fulfilled of [true, false]) {
      const data = callbacks.sheet.fulfilled.build({ sheetId, step: 0, fulfilled });
      expect(callbacks.sheet.fulfilled.parse(data)).toEqual({ sheetId, step: 0, fulfilled });
    }
    for (const filter of ['all', 'unack', 'undeliv'] as const)
      expect(callbacks.console.register.parse(callbacks.console.register.build({ filter }))).toEqual({
        filter,
      });
    for (const lang of ['kk', 'ru'] as const)
      expect(callbacks.language.choose.parse(callbacks.language.choose.build({ lang }))).toEqual({ lang });
    for (const value of [0, 1, 0.37, 2.5, 99.99]) {
      const data = callbacks.sheet.value.build({ sheetId, step: 3, value });
      expect(callbacks.sheet.value.parse(data)).toEqual({ sheetId, step: 3, value });
    }
  });

  it('keeps the data buttons already in chats carry (the wire format)', () => {
    const id = 'a'.repeat(24);
    expect(callbacks.survey.answer.build({ draftId: id, position: 4, value: 3 })).toBe(`s3:a:${id}:4:3`);
    expect(callbacks.sheet.value.build({ sheetId: id, step: 2, value: 4 })).toBe(`rk:${id}:2:v4`);
    expect(callbacks.sheet.sanction.build({ sheetId: id, step: 0, choice: 2 })).toBe(`rk:${id}:0:s2`);
    expect(callbacks.sheet.openFromNotice.queued({ sheetId: id })).toBe(`ob:{itemId}:rko:${id}`);
    expect(callbacks.notice.acknowledge.queued({})).toBe('ob:{itemId}:ack');
    expect(
      callbacks.rankingHr.create.build({ organisationCode: 'almaty-city-akimat', period: '2026-Q2' }),
    ).toBe('rkh:new:almaty-city-akimat:2026-Q2');
    expect(callbacks.console.register.build({ filter: 'unack' })).toBe('hr:reg:unack');
  });

  it('a queued button gets the outbox item id and then parses with it', () => {
    const sheetId = new Types.ObjectId().toHexString();
    const itemId = new Types.ObjectId().toHexString();
    const markup = ensureOutboxButton(
      { inline_keyboard: [[{ text: 'Open', callback_data: callbacks.review.sendBack.queued({ sheetId }) }]] },
      itemId,
      undefined,
    );
    const data = (markup.inline_keyboard[0]![0] as { callback_data: string }).callback_data;
    expect(bytes(data)).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
    expect(callbacks.review.sendBack.parse(data)).toEqual({ itemId, sheetId });
    expect(parseTapped([callbacks.review.agree, callbacks.review.sendBack], data)).toEqual({
      action: 'review.sendBack',
      itemId,
      sheetId,
    });
  });

  it('refuses to build what its fields do not accept, or what would exceed 64 bytes', () => {
    const id = new Types.ObjectId().toHexString();
    expect(() => callbacks.survey.open.build({ assignmentId: 'not-an-id' })).toThrow(/assignmentId/);
    expect(() => callbacks.sheet.back.build({ sheetId: id, step: 1000 })).toThrow(/step/);
    expect(() => callbacks.sheet.value.build({ sheetId: id, step: 1, value: 0.125 })).toThrow(/value/);
    expect(() =>
      callbacks.surveyHr.create.build({ organisationCode: 'a'.repeat(MAX_CODE_LENGTH + 1), year: 2026 }),
    ).toThrow(/organisationCode/);
    expect(() => callbacks.surveyHr.create.build({ organisationCode: 'Upper', year: 2026 })).toThrow();
    expect(() => callbacks.sheet.list.queued({})).toThrow(/queued/);
  });

  it('parses nothing it did not build: other data, extra text, foreign prefixes', () => {
    const id = new Types.ObjectId().toHexString();
    expect(callbacks.sheet.open.parse(`rk:o:${id}x`)).toBeNull();
    expect(callbacks.sheet.open.parse(`xrk:o:${id}`)).toBeNull();
    expect(callbacks.survey.open.parse(`rk:o:${id}`)).toBeNull();
    expect(callbacks.console.register.parse('hr:reg:everything')).toBeNull();
    expect(parseTapped(allCallbackActions, 'something:else')).toBeNull();
  });
});

describe('callback data is written only through the registry', () => {
  /** Hand-written callback data or handler patterns: a prefix of the registry in a string or regex. */
  const prefixes = [...new Set(allCallbackActions.map((a) => a.template.split(':')[0]!))];
  const HAND_WRITTEN = new RegExp(`['"\`/]\\^?(${prefixes.join('|')}):`);
  const files = (dir: string): string[] =>
    readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return files(path);
      return entry.name.endsWith('.ts') ? [path] : [];
    });
  /** The registry, the outbox's own `ob:<item>`, and the two places that register a registry pattern. */
  const allowed = [
    'src/bot/callback-data.ts',
    'src/notifications/outbox/enqueue.ts',
    'src/bot/on-button.ts',
    'src/bot/hr-access.ts',
  ];

  it('no scene or service writes callback data or a button regex by hand', () => {
    const offenders: string[] = [];
    for (const file of [...files('src'), ...files('scenes')]) {
      const path = relative(root, join(root, file));
      if (allowed.includes(path)) continue;
      const text = readFileSync(join(root, file), 'utf8');
      text.split('\n').forEach((line, i) => {
        if (HAND_WRITTEN.test(line) || /\.callbackQuery\(/.test(line)) offenders.push(`${path}:${i + 1}`);
      });
    }
    expect(offenders).toEqual([]);
  });
});
