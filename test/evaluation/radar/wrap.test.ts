import { describe, expect, it } from 'vitest';
import { wrapLabel } from '../../../src/evaluation/radar/wrap.ts';

// One pixel per character keeps the expectations readable.
const measure = (s: string): number => Array.from(s).length;

describe('wrapLabel', () => {
  it('keeps a label that fits on one line', () => {
    expect(wrapLabel('Көшбасшылық', 20, 3, measure)).toEqual(['Көшбасшылық']);
  });

  it('wraps on spaces', () => {
    expect(wrapLabel('Өзгерістерді басқару және бақылау', 14, 3, measure)).toEqual([
      'Өзгерістерді',
      'басқару және',
      'бақылау',
    ]);
  });

  it('truncates with an ellipsis after the last allowed line', () => {
    const lines = wrapLabel(
      'Қазақстан Республикасының мемлекеттік қызметшілерінің әдеп нормалары',
      14,
      2,
      measure,
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]?.endsWith('…')).toBe(true);
    for (const line of lines) expect(measure(line)).toBeLessThanOrEqual(14);
  });

  it('cuts a word longer than a line', () => {
    expect(wrapLabel('қызметшілерінің', 6, 3, measure)).toEqual(['қызмет', 'шілері', 'нің']);
  });

  it('returns no lines for blank text', () => {
    expect(wrapLabel('   ', 10, 2, measure)).toEqual([]);
  });
});
