// Small, general deadline helpers over the working-day calendar. Every function takes an optional calendar
// (default: bundled corrections only) so HR overrides from the database can be passed through.
import { type Calendar, defaultCalendar } from './calendar.ts';
import {
  addDays,
  addMonths,
  addYears,
  compareIsoDates,
  daysBetween,
  daysInMonth,
  type IsoDate,
  isoDate,
  lastDayOfMonth,
  parts,
} from './iso-date.ts';

export type PeriodKind = 'quarter' | 'year';

export interface Period {
  kind: PeriodKind;
  start: IsoDate;
  end: IsoDate;
  /** '2026-Q3' for a quarter, '2026' for a year. */
  label: string;
}

export function periodOf(kind: PeriodKind, date: IsoDate): Period {
  const { year, month } = parts(date);
  if (kind === 'year') {
    return { kind, start: isoDate(year, 1, 1), end: isoDate(year, 12, 31), label: String(year) };
  }
  const quarter = Math.floor((month - 1) / 3) + 1;
  const firstMonth = quarter * 3 - 2;
  return {
    kind,
    start: isoDate(year, firstMonth, 1),
    end: lastDayOfMonth(year, firstMonth + 2),
    label: `${year}-Q${quarter}`,
  };
}

/**
 * Day `day` of the month after the one containing `periodEnd` (the 20th after Q3 → 20 October). A day the
 * month lacks becomes its last day. With shiftIfNonWorking, a non-working date moves forward to the next
 * working day: the general rule that a term ending on a day off ends on the next working day.
 */
export function dayOfMonthAfterPeriod(
  periodEnd: IsoDate,
  day: number,
  shiftIfNonWorking: boolean,
  calendar: Calendar = defaultCalendar,
): IsoDate {
  const { year, month } = parts(addMonths(isoDate(parts(periodEnd).year, parts(periodEnd).month, 1), 1));
  const date = isoDate(year, month, clampDay(year, month, day));
  return shiftIfNonWorking ? onOrAfterWorkingDay(date, calendar) : date;
}

/**
 * A fixed date in the year after `year` (the annual score by 30 January: fixedDateAfterYear(2026, 1, 30)
 * → 2027-01-30). Not shifted unless asked; shifting moves forward, as in dayOfMonthAfterPeriod.
 */
export function fixedDateAfterYear(
  year: number,
  month: number,
  day: number,
  shiftIfNonWorking = false,
  calendar: Calendar = defaultCalendar,
): IsoDate {
  const date = isoDate(year + 1, month, clampDay(year + 1, month, day));
  return shiftIfNonWorking ? onOrAfterWorkingDay(date, calendar) : date;
}

/**
 * Last day to notify people "by the Nth" of the month after the period (5th, 10th). A notice must reach
 * people on a working day no later than the Nth, so a non-working Nth moves back to the previous working day
 * (unlike a term for the employee, which moves forward).
 */
export function noticeDeadline(
  periodEnd: IsoDate,
  day: number,
  calendar: Calendar = defaultCalendar,
): IsoDate {
  const date = dayOfMonthAfterPeriod(periodEnd, day, false, calendar);
  return calendar.isWorkingDay(date) ? date : calendar.previousWorkingDay(date);
}

/** Last day to acquaint the employee with the result: `workingDays` working days after `from`. */
export function acquaintanceDeadline(
  from: IsoDate,
  workingDays: number,
  calendar: Calendar = defaultCalendar,
): IsoDate {
  return calendar.addWorkingDays(from, workingDays);
}

/** Last day to appeal: `workingDays` working days after the day of acquaintance. */
export function appealDeadline(
  acquaintedOn: IsoDate,
  workingDays: number,
  calendar: Calendar = defaultCalendar,
): IsoDate {
  return calendar.addWorkingDays(acquaintedOn, workingDays);
}

/** Last day to decide on a calibration request: `workingDays` working days after the request. */
export function calibrationDecisionDeadline(
  requestDate: IsoDate,
  workingDays: number,
  calendar: Calendar = defaultCalendar,
): IsoDate {
  return calendar.addWorkingDays(requestDate, workingDays);
}

/** Last day to hold the calibration session: `workingDays` working days after the request. */
export function calibrationSessionDeadline(
  requestDate: IsoDate,
  workingDays: number,
  calendar: Calendar = defaultCalendar,
): IsoDate {
  return calendar.addWorkingDays(requestDate, workingDays);
}

/** Calendar days in position up to and including periodEnd; the day of appointment counts. 0 if appointed later. */
export function daysInPosition(appointedOn: IsoDate, periodEnd: IsoDate): number {
  return Math.max(0, daysBetween(appointedOn, periodEnd) + 1);
}

/**
 * Whole months in position by the end of periodEnd, counting the day of appointment. A month from 10 September
 * is complete at the end of 9 October; when the same date next month does not exist, at the end of that month
 * (from 31 August: end of 30 September; from 31 January: end of February).
 */
export function monthsInPosition(appointedOn: IsoDate, periodEnd: IsoDate): number {
  const dayAfterEnd = addDays(periodEnd, 1);
  if (compareIsoDates(appointedOn, dayAfterEnd) >= 0) return 0;
  const a = parts(appointedOn);
  const e = parts(dayAfterEnd);
  let months = (e.year - a.year) * 12 + (e.month - a.month);
  if (compareIsoDates(monthAnniversary(appointedOn, months), dayAfterEnd) > 0) months--;
  return Math.max(0, months);
}

/** The same date m months on; the 1st of the month after, when that month is too short. */
function monthAnniversary(date: IsoDate, m: number): IsoDate {
  const target = addMonths(date, m);
  return parts(target).day < parts(date).day ? addDays(target, 1) : target;
}

/** Appointed 20 days or 3 weeks before the quarter ends → false; appointed on the quarter's first day → true. */
export function isAtLeastOneMonthInPosition(appointedOn: IsoDate, periodEnd: IsoDate): boolean {
  return monthsInPosition(appointedOn, periodEnd) >= 1;
}

/** Keep records until this date (29 February + 3 years → 28 February). */
export function retentionUntil(date: IsoDate, years = 3): IsoDate {
  return addYears(date, years);
}

function clampDay(year: number, month: number, day: number): number {
  if (!Number.isInteger(day) || day < 1 || day > 31) throw new RangeError(`Invalid day of month: ${day}`);
  return Math.min(day, daysInMonth(year, month));
}

function onOrAfterWorkingDay(date: IsoDate, calendar: Calendar): IsoDate {
  return calendar.isWorkingDay(date) ? date : calendar.nextWorkingDay(date);
}
