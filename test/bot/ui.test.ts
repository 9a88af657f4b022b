import { describe, expect, it } from 'vitest';
import { CAPTION_LIMIT, fitCaption, splitText, TEXT_LIMIT } from '../../src/bot/ui/limits.ts';
import { pageOf, pagerRow } from '../../src/bot/ui/pages.ts';

const entry = (i: number) => `${i}. Employee number ${i}\n   state: sent, acknowledged`;

describe('splitText', () => {
  it('leaves a short text whole', () => {
    expect(splitText('one\ntwo')).toEqual(['one\ntwo']);
  });

  it('splits a register of 1,500 entries into messages under the limit, keeping every entry whole', () => {
    const entries = Array.from({ length: 1500 }, (_, i) => entry(i + 1));
    const chunks = splitText(entries.join('\n\n'));
    expect(chunks.length).toBeGreaterThan(10);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(TEXT_LIMIT);
    const back = chunks.join('\n\n').split('\n\n');
    expect(back).toEqual(entries);
  });

  it('cuts a single line longer than the limit, never inside a surrogate pair', () => {
    const line = `${'a'.repeat(TEXT_LIMIT - 1)}😀${'b'.repeat(100)}`;
    const chunks = splitText(line);
    expect(chunks.every((c) => c.length <= TEXT_LIMIT)).toBe(true);
    expect(chunks.join('')).toBe(line);
  });
});

describe('fitCaption', () => {
  it('keeps a caption that fits and cuts a long one at a line boundary', () => {
    expect(fitCaption('short')).toBe('short');
    const long = Array.from({ length: 200 }, (_, i) => `line ${i}`).join('\n');
    const fitted = fitCaption(long);
    expect(fitted.length).toBeLessThanOrEqual(CAPTION_LIMIT);
    expect(fitted.endsWith('…')).toBe(true);
    expect(long.startsWith(fitted.slice(0, -1))).toBe(true);
  });
});

describe('pages', () => {
  const people = Array.from({ length: 1500 }, (_, i) => i);

  it('pages 1,500 people by 10 and clamps a page from an old button', () => {
    expect(pageOf(people, 0, 10)).toMatchObject({ page: 0, pages: 150, offset: 0 });
    expect(pageOf(people, 149, 10).items).toEqual(people.slice(1490));
    expect(pageOf(people, 400, 10).page).toBe(149);
    expect(pageOf([], 3, 10)).toMatchObject({ items: [], page: 0, pages: 1 });
  });

  it('builds ◀ k / n ▶ with the data of each page, and nothing for a single page', () => {
    const row = pagerRow({ page: 4, pages: 150 }, (p) => `x:${p}`);
    expect(row.map((b) => ('callback_data' in b ? b.callback_data : ''))).toEqual(['x:3', 'x:4', 'x:5']);
    expect(row[1]?.text).toBe('5 / 150');
    expect(pagerRow({ page: 0, pages: 150 }, (p) => `x:${p}`)).toHaveLength(2);
    expect(pagerRow({ page: 0, pages: 1 }, (p) => `x:${p}`)).toEqual([]);
  });
});
