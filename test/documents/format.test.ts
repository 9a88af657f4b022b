import { describe, expect, it } from 'vitest';
import { formatNumber, formatPercent, formatScoreOrDash } from '../../src/documents/format.ts';
import { surnameAndInitials } from '../../src/documents/index.ts';

describe('document formatting', () => {
  it('truncates KPI percents to two decimals with a decimal comma', () => {
    expect(formatPercent(99.9955)).toBe('99,99');
    expect(formatPercent(99.999999)).toBe('99,99');
    expect(formatPercent(100)).toBe('100,00');
    expect(formatPercent(80.5)).toBe('80,50');
    expect(formatPercent(0)).toBe('0,00');
    expect(formatPercent(null)).toBe('—');
  });

  it('writes scores with two decimals, a missing one as the dash', () => {
    expect(formatScoreOrDash(4.25)).toBe('4,25');
    expect(formatScoreOrDash(5)).toBe('5,00');
    expect(formatScoreOrDash(null)).toBe('—');
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
