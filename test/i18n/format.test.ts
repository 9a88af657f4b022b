import { beforeAll, describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDateTime,
  formatNumber,
  formatPercent,
  formatPeriod,
  formatScore,
  nameForButton,
  parseTypedDate,
  shortName,
} from '../../src/i18n/format.ts';
import { createTranslator, type Translate } from '../../src/i18n/index.ts';

describe('numbers', () => {
  it('write scores with two decimals and a decimal comma', () => {
    expect(formatScore(4.25)).toBe('4,25');
    expect(formatScore(5)).toBe('5,00');
    expect(formatScore(0.1 + 0.2)).toBe('0,30');
  });

  it('write entered values as typed, with a decimal comma and no grouping', () => {
    expect(formatNumber(12.5)).toBe('12,5');
    expect(formatNumber(4)).toBe('4');
    expect(formatNumber(0.1 + 0.2)).toBe('0,3');
    expect(formatNumber(15000)).toBe('15000');
  });

  it('cut percents to two decimals and never round them up', () => {
    expect(formatPercent(99.999)).toBe('99,99');
    expect(formatPercent(99.995)).toBe('99,99');
    expect(formatPercent(104.16666)).toBe('104,16');
    expect(formatPercent(100)).toBe('100,00');
    // 0.29 * 100 is 28.999999999999996 in binary floating point: still 29,00.
    expect(formatPercent(0.29 * 100)).toBe('29,00');
  });
});

describe('dates', () => {
  it('write dates as DD.MM.YYYY and times in Almaty', () => {
    expect(formatDate('2026-01-10')).toBe('10.01.2026');
    expect(formatDateTime(new Date('2026-12-01T04:05:00Z'))).toBe('01.12.2026 09:05');
  });

  it('read a typed date, refusing days a month does not have instead of rolling them over', () => {
    expect(parseTypedDate('10.01.2026')).toBe('2026-01-10');
    expect(parseTypedDate(' 2026-01-10 ')).toBe('2026-01-10');
    expect(parseTypedDate('29.02.2028')).toBe('2028-02-29');
    for (const wrong of [
      '30.02.2026',
      '29.02.2026',
      '31.04.2026',
      '2026-02-30',
      '00.01.2026',
      '10.13.2026',
      '1.1.2026',
      'tomorrow',
    ]) {
      expect(parseTypedDate(wrong)).toBeNull();
    }
    expect(parseTypedDate(formatDate('2026-12-31'))).toBe('2026-12-31');
  });
});

describe('periods', () => {
  let kk: Translate;
  let ru: Translate;
  beforeAll(async () => {
    const translator = await createTranslator('kk');
    kk = translator.forLanguage('kk');
    ru = translator.forLanguage('ru');
  });

  it('name a quarter and a year in words, in both forms', () => {
    expect(formatPeriod(kk, '2026-Q3')).toBe('2026 жылғы 3-тоқсан');
    expect(formatPeriod(ru, '2026-Q3')).toBe('3-й квартал 2026 года');
    expect(formatPeriod(ru, '2026-Q3', 'for')).toBe('за 3-й квартал 2026 года');
    expect(formatPeriod(kk, '2026')).toBe('2026 жылдың қорытындысы');
    expect(formatPeriod(ru, '2026', 'for')).toBe('по итогам 2026 года');
    expect(formatPeriod(kk, '2026', 'for')).toBe('2026 жылдың қорытындысы бойынша');
  });

  it('never let a period code through', () => {
    for (const t of [kk, ru])
      for (const code of ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4', '2026'])
        for (const form of ['name', 'for'] as const)
          expect(formatPeriod(t, code, form)).not.toMatch(/\d{4}-Q|^\d{4}$/);
  });
});

describe('names on buttons', () => {
  it('keep a name that fits and shorten one that does not to surname and initials', () => {
    expect(shortName('Жұмабекова Айгүл Серікқызы')).toBe('Жұмабекова А. С.');
    expect(shortName('Staff')).toBe('Staff');
    expect(nameForButton('Staff One', 30)).toBe('Staff One');
    expect(nameForButton('Жұмабекова Айгүл Серікқызы', 20)).toBe('Жұмабекова А. С.');
  });
});
