import { describe, expect, it } from 'vitest';
import bundled from '../../src/calendar/data/kz-calendar-overrides.json' with { type: 'json' };
import {
  addDays,
  defaultCalendar as cal,
  createCalendar,
  type IsoDate,
  isoDate,
  isWeekend,
  parseOverrides,
} from '../../src/calendar/index.ts';
import { packageHolidays } from '../../src/calendar/package-holidays.ts';

describe('bundled corrections to the package', () => {
  it('chained substitute days the package misses', () => {
    // The package puts these substitutes on a day that is already a holiday, and drops the day off.
    expect(packageHolidays(2026).has('2026-03-25')).toBe(false);
    expect(cal.holidayName('2020-03-25')).toBe('nauryz.substitute');
    expect(cal.holidayName('2021-03-24')).toBe('nauryz.substitute');
    expect(cal.holidayName('2022-05-10')).toBe('defender_day.substitute');
    expect(cal.holidayName('2026-03-25')).toBe('nauryz.substitute');
    expect(cal.holidayName('2027-03-24')).toBe('nauryz.substitute');
    expect(cal.isWorkingDay('2026-03-26')).toBe(true);
    expect(cal.isWorkingDay('2027-03-25')).toBe(true);
  });

  it('2023 transfer: Saturday 1 July worked, Friday 7 July off', () => {
    expect(cal.isWorkingDay('2023-07-01')).toBe(true);
    expect(cal.isDayOff('2023-07-07')).toBe(true);
    expect(cal.holidayName('2023-07-07')).toBe('transferred_day_off');
    expect(cal.holidayName('2023-07-06')).toBe('capital_day');
  });

  it('2025 transfer: Friday 3 January off, Sunday 5 January worked', () => {
    expect(cal.isDayOff('2025-01-03')).toBe(true);
    expect(cal.holidayName('2025-01-03')).toBe('transferred_day_off');
    expect(cal.isWorkingDay('2025-01-05')).toBe(true);
    expect(cal.dayInfo('2025-01-05').source).toBe('override');
    expect(cal.isDayOff('2025-01-04')).toBe(true);
  });

  it('every entry in the data file takes effect', () => {
    for (const e of bundled.extraDaysOff) expect(cal.isDayOff(e.date as IsoDate), e.date).toBe(true);
    for (const e of bundled.notDaysOff) expect(cal.holidayName(e.date as IsoDate), e.date).toBeNull();
    for (const t of bundled.transfers) {
      expect(cal.isWorkingDay(t.workingDay as IsoDate), t.workingDay).toBe(true);
      expect(cal.isDayOff(t.dayOff as IsoDate), t.dayOff).toBe(true);
    }
    for (const date of Object.values(bundled.kurbanAit))
      expect(cal.holidayName(date as IsoDate)).toBe('kurban_ait');
  });

  // Independent statement of the rule: a movable holiday on a weekend moves to the next weekday that is
  // neither a holiday nor already taken by an earlier move. Catches package collisions the data file misses.
  it.each([2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028, 2029, 2030, 2031])(
    '%i: substitute days follow the chaining rule',
    (year) => {
      const base = [...packageHolidays(year).values()].filter(
        (h) => !h.substitute && cal.holidayName(h.date) === h.code,
      );
      const taken = new Set<IsoDate>(base.map((h) => h.date));
      const expected: IsoDate[] = [];
      for (const h of base.sort((a, b) => a.date.localeCompare(b.date))) {
        if (!isWeekend(h.date) || h.code === 'orthodox_christmas' || h.code === 'kurban_ait') continue;
        let d = addDays(h.date, 1);
        while (isWeekend(d) || taken.has(d)) d = addDays(d, 1);
        taken.add(d);
        expected.push(d);
      }
      const actual: IsoDate[] = [];
      for (let d = isoDate(year, 1, 1); d <= isoDate(year, 12, 31); d = addDays(d, 1)) {
        if (cal.holidayName(d)?.endsWith('.substitute')) actual.push(d);
      }
      expect(actual).toEqual(expected.filter((d) => d.startsWith(`${year}-`)));
    },
  );
});

describe('caller overrides', () => {
  it('merge on top of the bundled file, a later layer winning', () => {
    const hr = createCalendar({
      extraDaysOff: [{ date: '2026-12-31', reason: 'Government decree (test)', code: 'government_day_off' }],
      notDaysOff: [{ date: '2026-03-25', reason: 'test: cancel a bundled entry' }],
      transfers: [{ workingDay: '2026-12-26', dayOff: '2026-12-28', decree: 'test decree' }],
    });
    expect(hr.holidayName('2026-12-31')).toBe('government_day_off');
    expect(hr.isWorkingDay('2026-03-25')).toBe(true);
    expect(hr.isWorkingDay('2026-12-26')).toBe(true);
    expect(hr.holidayName('2026-12-28')).toBe('transferred_day_off');
    // The default calendar is untouched.
    expect(cal.isWorkingDay('2026-12-31')).toBe(true);
    expect(cal.isDayOff('2026-03-25')).toBe(true);
    // Layers apply in order.
    const twice = createCalendar(
      { extraDaysOff: [{ date: '2026-11-24', reason: 'a' }] },
      { notDaysOff: [{ date: '2026-11-24', reason: 'b' }] },
    );
    expect(twice.isWorkingDay('2026-11-24')).toBe(true);
    expect(
      createCalendar({ extraDaysOff: [{ date: '2026-11-24', reason: 'a' }] }).holidayName('2026-11-24'),
    ).toBe('extra_day_off');
  });

  it('can set the official Kurban ait date for a year', () => {
    const moved = createCalendar({ kurbanAit: { '2024': '2024-06-17' } });
    expect(moved.holidayName('2024-06-17')).toBe('kurban_ait');
    expect(moved.holidayName('2024-06-16')).toBeNull(); // still a Sunday off, but no longer Kurban ait
    const in2026 = createCalendar({ kurbanAit: { '2026': '2026-05-28' } });
    expect(in2026.isWorkingDay('2026-05-27')).toBe(true);
    expect(in2026.isDayOff('2026-05-28')).toBe(true);
  });

  it('rejects malformed data with a clear message', () => {
    expect(() => parseOverrides({ extraDaysOff: [{ date: '2026-02-30', reason: 'x' }] })).toThrow(
      /YYYY-MM-DD/,
    );
    expect(() => parseOverrides({ extraDaysOff: [{ date: '2026-02-03' }] })).toThrow(/reason/);
    expect(() => parseOverrides({ kurbanAit: { '2026': '2027-05-16' } })).toThrow(/not in 2026/);
    expect(() => parseOverrides({ extraDays: [] })).toThrow(/extraDays/);
    expect(() =>
      parseOverrides({
        extraDaysOff: [{ date: '2026-11-24', reason: 'x' }],
        notDaysOff: [{ date: '2026-11-24', reason: 'y' }],
      }),
    ).toThrow(/both off and working: 2026-11-24/);
    expect(() => createCalendar({ notDaysOff: [{ date: 'soon', reason: 'x' }] })).toThrow(/layer 1/);
  });

  it('the bundled file itself is valid', () => {
    expect(() => parseOverrides(bundled)).not.toThrow();
  });
});

describe('package bug beyond 2027 found by the chaining rule', () => {
  it('Independence Day on Sunday 16 Dec 2029 moves to Monday 17, not Tuesday 18 (17 Dec is no holiday since 2022)', () => {
    expect(packageHolidays(2029).get('2029-12-18')?.code).toBe('independence_day.substitute');
    expect(cal.holidayName('2029-12-17')).toBe('independence_day.substitute');
    expect(cal.isWorkingDay('2029-12-18')).toBe(true);
  });
});
