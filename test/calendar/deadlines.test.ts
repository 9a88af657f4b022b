import { describe, expect, it } from 'vitest';
import {
  acquaintanceDeadline,
  appealDeadline,
  calibrationDecisionDeadline,
  calibrationSessionDeadline,
  createCalendar,
  dayOfMonthAfterPeriod,
  daysInPosition,
  fixedDateAfterYear,
  isAtLeastOneMonthInPosition,
  monthsInPosition,
  noticeDeadline,
  periodOf,
  retentionUntil,
} from '../../src/calendar/index.ts';

describe('periodOf', () => {
  it('quarters and years', () => {
    expect(periodOf('quarter', '2026-08-15')).toEqual({
      kind: 'quarter',
      start: '2026-07-01',
      end: '2026-09-30',
      label: '2026-Q3',
    });
    expect(periodOf('quarter', '2026-01-01').label).toBe('2026-Q1');
    expect(periodOf('quarter', '2026-03-31').end).toBe('2026-03-31');
    expect(periodOf('quarter', '2026-04-01')).toMatchObject({
      start: '2026-04-01',
      end: '2026-06-30',
      label: '2026-Q2',
    });
    expect(periodOf('quarter', '2026-12-31')).toMatchObject({
      start: '2026-10-01',
      end: '2026-12-31',
      label: '2026-Q4',
    });
    expect(periodOf('year', '2026-05-05')).toEqual({
      kind: 'year',
      start: '2026-01-01',
      end: '2026-12-31',
      label: '2026',
    });
  });
});

describe('deadlines after each quarter of 2026', () => {
  // quarter end, 10th (shifted), 20th (shifted), notice by the 5th (moved back to a working day)
  const table = [
    ['2026-03-31', '2026-04-10', '2026-04-20', '2026-04-03'], // 5 April is a Sunday
    ['2026-06-30', '2026-07-10', '2026-07-20', '2026-07-03'], // 5 July is a Sunday
    ['2026-09-30', '2026-10-12', '2026-10-20', '2026-10-05'], // 10 October is a Saturday
    ['2026-12-31', '2027-01-11', '2027-01-20', '2027-01-05'], // 10 January 2027 is a Sunday
  ] as const;

  it.each(table)('quarter ending %s', (end, tenth, twentieth, fifth) => {
    expect(dayOfMonthAfterPeriod(end, 10, true)).toBe(tenth);
    expect(dayOfMonthAfterPeriod(end, 20, true)).toBe(twentieth);
    expect(noticeDeadline(end, 5)).toBe(fifth);
    expect(periodOf('quarter', end).end).toBe(end);
  });

  it('unshifted dates stay on the calendar day', () => {
    expect(dayOfMonthAfterPeriod('2026-09-30', 10, false)).toBe('2026-10-10');
    expect(dayOfMonthAfterPeriod('2026-12-31', 10, false)).toBe('2027-01-10');
    expect(dayOfMonthAfterPeriod('2026-01-31', 31, false)).toBe('2026-02-28'); // clamped
    expect(() => dayOfMonthAfterPeriod('2026-01-31', 0, false)).toThrow(RangeError);
  });

  it('notice by the 10th', () => {
    expect(noticeDeadline('2026-09-30', 10)).toBe('2026-10-09'); // Saturday 10th → Friday 9th
    expect(noticeDeadline('2026-06-30', 10)).toBe('2026-07-10');
  });

  it('the annual score is due by 30 January of the next year', () => {
    expect(fixedDateAfterYear(2026, 1, 30)).toBe('2027-01-30');
    expect(fixedDateAfterYear(2026, 1, 30, true)).toBe('2027-02-01'); // 30 January 2027 is a Saturday
    expect(fixedDateAfterYear(2025, 1, 30)).toBe('2026-01-30');
  });

  it('follows a calendar passed in (HR overrides)', () => {
    const hr = createCalendar({ extraDaysOff: [{ date: '2026-10-20', reason: 'test' }] });
    expect(dayOfMonthAfterPeriod('2026-09-30', 20, true, hr)).toBe('2026-10-21');
  });
});

describe('working-day terms', () => {
  it('acquaintance within 2 working days', () => {
    expect(acquaintanceDeadline('2026-12-15', 2)).toBe('2026-12-18'); // 16 Dec is a holiday
    expect(acquaintanceDeadline('2026-12-11', 2)).toBe('2026-12-15');
  });

  it('appeal within 5 working days of acquaintance', () => {
    expect(appealDeadline('2026-12-11', 5)).toBe('2026-12-21');
    expect(appealDeadline('2026-12-11', 3)).toBe('2026-12-17');
  });

  it('calibration decision in 3 and session in 10 working days, across Nauryz 2026', () => {
    expect(calibrationDecisionDeadline('2026-03-20', 3)).toBe('2026-03-30');
    expect(calibrationSessionDeadline('2026-03-20', 10)).toBe('2026-04-08');
  });
});

describe('time in position', () => {
  it('appointed 20 days or 3 weeks before the quarter ends: less than a month', () => {
    expect(daysInPosition('2026-09-10', '2026-09-30')).toBe(21);
    expect(isAtLeastOneMonthInPosition('2026-09-10', '2026-09-30')).toBe(false);
    expect(isAtLeastOneMonthInPosition('2026-09-09', '2026-09-30')).toBe(false);
  });

  it('a whole month counts from the day of appointment', () => {
    expect(isAtLeastOneMonthInPosition('2026-09-01', '2026-09-30')).toBe(true);
    expect(isAtLeastOneMonthInPosition('2026-08-31', '2026-09-30')).toBe(true);
    expect(monthsInPosition('2026-08-31', '2026-09-29')).toBe(0);
    expect(monthsInPosition('2026-01-31', '2026-02-27')).toBe(0);
    expect(monthsInPosition('2026-01-31', '2026-02-28')).toBe(1);
    expect(monthsInPosition('2026-01-28', '2026-02-27')).toBe(1);
    expect(monthsInPosition('2026-01-31', '2026-03-29')).toBe(1);
    expect(monthsInPosition('2026-01-31', '2026-03-30')).toBe(2); // the second month ends the day before 31 March
    expect(monthsInPosition('2026-09-10', '2026-10-09')).toBe(1);
    expect(monthsInPosition('2026-09-10', '2026-10-08')).toBe(0);
    expect(monthsInPosition('2026-07-01', '2026-09-30')).toBe(3);
    expect(monthsInPosition('2025-10-15', '2026-12-31')).toBe(14);
  });

  it('is zero when appointed after the period', () => {
    expect(daysInPosition('2026-10-01', '2026-09-30')).toBe(0);
    expect(monthsInPosition('2026-10-01', '2026-09-30')).toBe(0);
    expect(daysInPosition('2026-09-30', '2026-09-30')).toBe(1);
  });
});

describe('retentionUntil', () => {
  it('adds whole years', () => {
    expect(retentionUntil('2026-12-21')).toBe('2029-12-21');
    expect(retentionUntil('2024-02-29')).toBe('2027-02-28');
    expect(retentionUntil('2026-12-21', 5)).toBe('2031-12-21');
  });
});
