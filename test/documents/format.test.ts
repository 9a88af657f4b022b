import { describe, expect, it } from 'vitest';
import { formatNumber, formatPercent, formatPeriod, parsePeriod } from '../../src/documents/format.ts';
import { surnameAndInitials } from '../../src/documents/index.ts';
import { localeFor } from './fixtures.ts';

describe('document formatting', () => {
  it('writes periods in words, never the code', async () => {
    const kk = (await localeFor('kk')).t;
    const ru = (await localeFor('ru')).t;
    expect(formatPeriod('2026-Q3', kk)).toBe('2026 жылғы 3-тоқсан');
    expect(formatPeriod('2026-Q3', ru)).toBe('3-й квартал 2026 года');
    expect(formatPeriod('2026', kk)).toBe('2026 жылдың қорытындысы');
    expect(formatPeriod('2026', ru)).toBe('по итогам 2026 года');
    expect(() => parsePeriod('2026-Q5')).toThrow(RangeError);
    expect(() => parsePeriod('Q3')).toThrow(RangeError);
  });

  it('truncates KPI percents to two decimals with a decimal comma', () => {
    expect(formatPercent(99.9955)).toBe('99,99');
    expect(formatPercent(99.999999)).toBe('99,99');
    expect(formatPercent(100)).toBe('100,00');
    expect(formatPercent(80.5)).toBe('80,50');
    expect(formatPercent(0)).toBe('0,00');
    expect(formatPercent(null)).toBe('—');
  });

  it('writes values as typed, with a decimal comma', () => {
    expect(formatNumber(12.5)).toBe('12,5');
    expect(formatNumber(40)).toBe('40');
    expect(formatNumber(null)).toBe('—');
  });

  it('gives the surname and initials, a detached patronymic particle without an initial', () => {
    expect(surnameAndInitials('Әбдіғалиева Гүлнұр Қанатқызы')).toBe('Әбдіғалиева Г. Қ.');
    expect(surnameAndInitials('Серікбаев Арман Нұрлан ұлы')).toBe('Серікбаев А. Н.');
    expect(surnameAndInitials('Мамедов Рашид Ахмед оглы')).toBe('Мамедов Р. А.');
    expect(surnameAndInitials('Ли')).toBe('Ли');
    expect(surnameAndInitials('  Өмірзақов   Һадия  ')).toBe('Өмірзақов Һ.');
  });
});
