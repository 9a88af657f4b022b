export { type Calendar, createCalendar, type DayInfo, type DaySource, defaultCalendar } from './calendar.ts';
export * from './deadlines.ts';
export {
  ALMATY_TIME_ZONE,
  addDays,
  addMonths,
  addYears,
  almatyDateOf,
  almatyInstant,
  asIsoDate,
  compareIsoDates,
  dayOfWeek,
  daysBetween,
  type IsoDate,
  isIsoDate,
  isoDate,
  isWeekend,
} from './iso-date.ts';
export { type CalendarOverrides, calendarOverridesSchema, parseOverrides } from './overrides.ts';

import { defaultCalendar } from './calendar.ts';
import type { IsoDate } from './iso-date.ts';

// Free functions over the default calendar, for callers that need no HR overrides.
export const isWorkingDay = (date: IsoDate): boolean => defaultCalendar.isWorkingDay(date);
export const isDayOff = (date: IsoDate): boolean => defaultCalendar.isDayOff(date);
export const holidayName = (date: IsoDate): string | null => defaultCalendar.holidayName(date);
export const nextWorkingDay = (date: IsoDate): IsoDate => defaultCalendar.nextWorkingDay(date);
export const previousWorkingDay = (date: IsoDate): IsoDate => defaultCalendar.previousWorkingDay(date);
export const addWorkingDays = (date: IsoDate, n: number): IsoDate => defaultCalendar.addWorkingDays(date, n);
export const workingDaysBetween = (a: IsoDate, b: IsoDate): number =>
  defaultCalendar.workingDaysBetween(a, b);
export const workingDaysInRange = (from: IsoDate, to: IsoDate): IsoDate[] =>
  defaultCalendar.workingDaysInRange(from, to);
