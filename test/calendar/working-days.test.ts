import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  defaultCalendar as cal,
  type IsoDate,
  nextWorkingDay,
  workingDaysBetween,
  workingDaysInRange,
} from '../../src/calendar/index.ts';

describe('addWorkingDays', () => {
  it('skips a weekend and a holiday: Friday 11 Dec 2026 + 5 → Monday 21 Dec', () => {
    // Mon 14 (1), Tue 15 (2), Wed 16 Independence Day, Thu 17 (3), Fri 18 (4), weekend, Mon 21 (5).
    expect(addWorkingDays('2026-12-11', 1)).toBe('2026-12-14');
    expect(addWorkingDays('2026-12-11', 2)).toBe('2026-12-15');
    expect(addWorkingDays('2026-12-11', 3)).toBe('2026-12-17');
    expect(addWorkingDays('2026-12-11', 5)).toBe('2026-12-21');
  });

  it('crosses Nauryz 2026 (off 21-25 March)', () => {
    expect(addWorkingDays('2026-03-20', 1)).toBe('2026-03-26');
    expect(addWorkingDays('2026-03-19', 2)).toBe('2026-03-26');
  });

  it('uses a transferred working Sunday (5 January 2025)', () => {
    expect(addWorkingDays('2024-12-31', 1)).toBe('2025-01-05');
  });

  it('n = 0 gives the date itself if working, else the next working day', () => {
    expect(addWorkingDays('2026-12-11', 0)).toBe('2026-12-11');
    expect(addWorkingDays('2026-12-12', 0)).toBe('2026-12-14');
    expect(addWorkingDays('2026-03-21', 0)).toBe('2026-03-26');
  });

  it('counts from a day off the same way as from the working day before it', () => {
    expect(addWorkingDays('2026-12-12', 1)).toBe('2026-12-14');
    expect(addWorkingDays('2026-12-16', 1)).toBe('2026-12-17');
  });

  it('rejects negative or fractional n', () => {
    expect(() => addWorkingDays('2026-12-11', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-12-11', 1.5)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-02-30' as IsoDate, 1)).toThrow(RangeError);
  });
});

describe('nextWorkingDay / previousWorkingDay', () => {
  it('is strictly after / before', () => {
    expect(nextWorkingDay('2026-12-11')).toBe('2026-12-14');
    expect(nextWorkingDay('2026-12-14')).toBe('2026-12-15');
    expect(nextWorkingDay('2026-12-31')).toBe('2027-01-05'); // 1 Jan, weekend, 4 Jan substitute
    expect(cal.previousWorkingDay('2026-03-26')).toBe('2026-03-20');
    expect(cal.previousWorkingDay('2025-01-06')).toBe('2025-01-05');
  });
});

describe('workingDaysBetween counts (a, b]', () => {
  it('matches addWorkingDays', () => {
    expect(workingDaysBetween('2026-12-11', '2026-12-21')).toBe(5);
    const starts: IsoDate[] = ['2026-12-11', '2026-12-12', '2026-03-20', '2024-12-31', '2026-01-01'];
    for (const d of starts) {
      for (const n of [1, 2, 3, 5, 10, 20])
        expect(workingDaysBetween(d, addWorkingDays(d, n)), `${d}+${n}`).toBe(n);
    }
  });

  it('is antisymmetric and zero on the same day', () => {
    expect(workingDaysBetween('2026-12-21', '2026-12-11')).toBe(-5);
    expect(workingDaysBetween('2026-12-11', '2026-12-11')).toBe(0);
    expect(workingDaysBetween('2026-12-12', '2026-12-12')).toBe(0);
    expect(workingDaysBetween('2026-12-11', '2026-12-14')).toBe(1); // Friday → Monday
    expect(workingDaysBetween('2026-12-14', '2026-12-11')).toBe(-1);
    expect(workingDaysBetween('2026-12-12', '2026-12-13')).toBe(0); // weekend only
    expect(workingDaysBetween('2026-12-13', '2026-12-12')).toBe(0);
    for (const [a, b] of [
      ['2026-03-01', '2026-04-01'],
      ['2025-12-25', '2026-01-10'],
    ] as [IsoDate, IsoDate][]) {
      expect(workingDaysBetween(a, b)).toBe(-workingDaysBetween(b, a));
    }
  });

  it('counts a whole year', () => {
    // 261 weekdays in 2026 minus 14 weekday holidays (see holidays.test.ts).
    expect(workingDaysBetween('2025-12-31', '2026-12-31')).toBe(247);
  });
});

describe('workingDaysInRange lists [from, to]', () => {
  it('includes both ends when working', () => {
    expect(workingDaysInRange('2026-03-20', '2026-03-27')).toEqual([
      '2026-03-20',
      '2026-03-26',
      '2026-03-27',
    ]);
    expect(workingDaysInRange('2026-12-14', '2026-12-14')).toEqual(['2026-12-14']);
    expect(workingDaysInRange('2026-12-12', '2026-12-13')).toEqual([]);
    expect(workingDaysInRange('2026-12-14', '2026-12-11')).toEqual([]);
  });
});
