import { describe, expect, it } from 'vitest';
import {
  addDays,
  defaultCalendar as cal,
  type IsoDate,
  isoDate,
  isWeekend,
} from '../../src/calendar/index.ts';
import { packageHolidays } from '../../src/calendar/package-holidays.ts';

const YEARS = [2024, 2025, 2026, 2027];

function daysOfYear(year: number): IsoDate[] {
  const days: IsoDate[] = [];
  for (let d = isoDate(year, 1, 1); d <= isoDate(year, 12, 31); d = addDays(d, 1)) days.push(d);
  return days;
}

// Checked by hand against the rules (weekend holidays move to the next working day, 7 Jan and Kurban ait
// never move) and the government's day swaps. Every weekday that is off, per year.
const WEEKDAYS_OFF: Record<number, string[]> = {
  2024: [
    '01-01',
    '01-02',
    '03-08',
    '03-21',
    '03-22',
    '03-25',
    '05-01',
    '05-07',
    '05-09',
    '07-08',
    '08-30',
    '10-25',
    '12-16',
  ],
  2025: [
    '01-01',
    '01-02',
    '01-03',
    '01-07',
    '03-10',
    '03-21',
    '03-24',
    '03-25',
    '05-01',
    '05-07',
    '05-09',
    '06-06',
    '07-07',
    '09-01',
    '10-27',
    '12-16',
  ],
  2026: [
    '01-01',
    '01-02',
    '01-07',
    '03-09',
    '03-23',
    '03-24',
    '03-25',
    '05-01',
    '05-07',
    '05-11',
    '05-27',
    '07-06',
    '10-26',
    '12-16',
  ],
  2027: [
    '01-01',
    '01-04',
    '01-07',
    '03-08',
    '03-15',
    '03-22',
    '03-23',
    '03-24',
    '05-03',
    '05-07',
    '05-10',
    '07-06',
    '10-25',
    '12-16',
  ],
};
const WORKING_WEEKENDS: Record<number, string[]> = { 2024: [], 2025: ['01-05'], 2026: [], 2027: [] };

describe('days off 2024-2027, complete', () => {
  for (const year of YEARS) {
    it(`${year}: exactly these weekdays are off, and every weekend is off but the decreed working days`, () => {
      const days = daysOfYear(year);
      const weekdaysOff = days.filter((d) => !isWeekend(d) && cal.isDayOff(d)).map((d) => d.slice(5));
      const workingWeekends = days.filter((d) => isWeekend(d) && cal.isWorkingDay(d)).map((d) => d.slice(5));
      expect(weekdaysOff).toEqual(WEEKDAYS_OFF[year]);
      expect(workingWeekends).toEqual(WORKING_WEEKENDS[year]);
    });
  }
});

describe('fixed holidays', () => {
  it.each(YEARS)('Nauryz 21-23 March %i', (year) => {
    for (const day of [21, 22, 23]) {
      const d = isoDate(year, 3, day);
      expect(cal.isDayOff(d)).toBe(true);
      expect(cal.holidayName(d)).toBe('nauryz');
    }
  });

  it.each(YEARS)('New Year 1-2 January, Orthodox Christmas 7 January, 25 October, 16 December %i', (year) => {
    expect(cal.holidayName(isoDate(year, 1, 1))).toBe('new_year');
    expect(cal.holidayName(isoDate(year, 1, 2))).toBe('new_year');
    expect(cal.holidayName(isoDate(year, 1, 7))).toBe('orthodox_christmas');
    expect(cal.holidayName(isoDate(year, 10, 25))).toBe('republic_day');
    expect(cal.holidayName(isoDate(year, 12, 16))).toBe('independence_day');
  });

  it('7 January is never moved: Sunday 7 January 2024 gives no Monday off', () => {
    expect(cal.isDayOff('2024-01-07')).toBe(true);
    expect(cal.isWorkingDay('2024-01-08')).toBe(true);
    expect(cal.isWorkingDay('2023-01-09')).toBe(true); // 7 January 2023 was a Saturday
  });

  it('weekend holidays move to the next working day', () => {
    expect(cal.holidayName('2026-10-26')).toBe('republic_day.substitute'); // 25 Oct 2026 is a Sunday
    expect(cal.holidayName('2025-03-10')).toBe('womens_day.substitute');
    expect(cal.holidayName('2027-01-04')).toBe('new_year.substitute');
    expect(cal.holidayName('2024-03-25')).toBe('nauryz.substitute');
  });

  it('17 December and 1 December stopped being holidays after 2021', () => {
    expect(cal.holidayName('2021-12-17')).toBe('independence_day');
    expect(cal.holidayName('2021-12-01')).toBe('first_president_day');
    expect(cal.isWorkingDay('2026-12-17')).toBe(true);
    expect(cal.isWorkingDay('2026-12-01')).toBe(true);
  });

  it('weekends are days off with no holiday name', () => {
    expect(cal.isDayOff('2026-11-21')).toBe(true);
    expect(cal.isDayOff('2026-11-22')).toBe(true);
    expect(cal.holidayName('2026-11-21')).toBeNull();
    expect(cal.dayInfo('2026-11-22')).toEqual({
      date: '2026-11-22',
      working: false,
      code: null,
      source: 'weekend',
    });
    expect(cal.dayInfo('2026-11-23')).toEqual({
      date: '2026-11-23',
      working: true,
      code: null,
      source: 'weekday',
    });
  });
});

describe('Kurban ait', () => {
  it('is a day off on its calendar date in Almaty, though the package entry starts at 18:00 the day before', () => {
    expect(cal.holidayName('2025-06-06')).toBe('kurban_ait');
    expect(cal.isWorkingDay('2025-06-05')).toBe(true);
    expect(cal.holidayName('2026-05-27')).toBe('kurban_ait');
    expect(cal.isWorkingDay('2026-05-26')).toBe(true);
    expect(packageHolidays(2026).has('2026-05-26')).toBe(false);
    expect(packageHolidays(2020).get('2020-07-31')?.code).toBe('kurban_ait'); // computed at UTC+6
  });

  it('2024 is 16 June (the announced 17 June was corrected), and is never moved', () => {
    expect(cal.holidayName('2024-06-16')).toBe('kurban_ait');
    expect(cal.isWorkingDay('2024-06-17')).toBe(true);
    expect(cal.holidayName('2027-05-16')).toBe('kurban_ait'); // a Sunday, not moved
    expect(cal.isWorkingDay('2027-05-17')).toBe(true);
  });
});

describe('Constitution Day', () => {
  it('30 August until 2025', () => {
    expect(cal.holidayName('2024-08-30')).toBe('constitution_day');
    expect(cal.holidayName('2025-09-01')).toBe('constitution_day.substitute'); // 30 Aug 2025 was a Saturday
  });

  it('no Constitution Day in 2026: 16 March 2026 worked, 30-31 August 2026 no holiday (decision, see README)', () => {
    expect(cal.isWorkingDay('2026-03-16')).toBe(true);
    expect(cal.holidayName('2026-03-16')).toBeNull();
    expect(cal.holidayName('2026-03-15')).toBeNull(); // just a Sunday
    expect(cal.isDayOff('2026-03-15')).toBe(true);
    expect(cal.isWorkingDay('2026-08-31')).toBe(true);
  });

  it('15 March from 2027', () => {
    expect(cal.holidayName('2027-03-15')).toBe('constitution_day');
    expect(cal.isWorkingDay('2027-08-30')).toBe(true);
  });
});
