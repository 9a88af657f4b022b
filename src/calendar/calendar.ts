// The Kazakhstan working-day calendar: five-day week (Saturday and Sunday off), public holidays from the
// date-holidays package, then corrections from the bundled data file and any caller layers.
import { addDays, compareIsoDates, type IsoDate, isWeekend, parts, yearOf } from './iso-date.ts';
import {
  bundledOverrides,
  type CalendarOverrides,
  type ResolvedOverrides,
  resolveOverrides,
} from './overrides.ts';
import { KURBAN_AIT_CODE, type PackageHoliday, packageHolidays } from './package-holidays.ts';

export type DaySource = 'weekday' | 'weekend' | 'holiday' | 'override';

export interface DayInfo {
  date: IsoDate;
  working: boolean;
  /** Holiday code when the day is off for a reason other than the weekend; otherwise null. */
  code: string | null;
  /** What decided: a plain weekday or weekend, a package holiday, or an override entry. */
  source: DaySource;
}

export interface Calendar {
  dayInfo(date: IsoDate): DayInfo;
  isWorkingDay(date: IsoDate): boolean;
  isDayOff(date: IsoDate): boolean;
  /** Holiday code ('nauryz', 'nauryz.substitute', 'kurban_ait', 'transferred_day_off', ...) or null. */
  holidayName(date: IsoDate): string | null;
  /** The first working day strictly after `date`. */
  nextWorkingDay(date: IsoDate): IsoDate;
  /** The last working day strictly before `date`. */
  previousWorkingDay(date: IsoDate): IsoDate;
  /**
   * The n-th working day after `date`, not counting `date` itself (n ≥ 0, integer).
   * n = 0 returns `date` when it is a working day, else the next working day.
   */
  addWorkingDays(date: IsoDate, n: number): IsoDate;
  /**
   * Working days in the half-open range (a, b]: a excluded, b included. Negative (the count over (b, a])
   * when b is before a, so workingDaysBetween(a, b) === -workingDaysBetween(b, a). Matches addWorkingDays:
   * workingDaysBetween(d, addWorkingDays(d, n)) === n for n ≥ 1.
   */
  workingDaysBetween(a: IsoDate, b: IsoDate): number;
  /** Working days in the closed range [from, to], in order; empty when to is before from. */
  workingDaysInRange(from: IsoDate, to: IsoDate): IsoDate[];
}

// Far beyond any real gap between working days; stops a corrupt override file from looping forever.
const MAX_SEARCH_DAYS = 366;

export function createCalendar(...extra: CalendarOverrides[]): Calendar {
  const overrides = resolveOverrides([bundledOverrides, ...extra]);
  const holidaysByYear = new Map<number, ReadonlyMap<IsoDate, PackageHoliday>>();

  function holidaysOf(year: number): ReadonlyMap<IsoDate, PackageHoliday> {
    let map = holidaysByYear.get(year);
    if (!map) {
      map = applyKurbanAit(packageHolidays(year), overrides, year);
      holidaysByYear.set(year, map);
    }
    return map;
  }

  function dayInfo(date: IsoDate): DayInfo {
    parts(date); // validates
    const override = overrides.days.get(date);
    if (override?.kind === 'off') return { date, working: false, code: override.code, source: 'override' };
    if (override?.kind === 'working') return { date, working: true, code: null, source: 'override' };
    if (!override) {
      const holiday = holidaysOf(yearOf(date)).get(date);
      if (holiday) return { date, working: false, code: holiday.code, source: 'holiday' };
    }
    if (isWeekend(date)) return { date, working: false, code: null, source: 'weekend' };
    return { date, working: true, code: null, source: override ? 'override' : 'weekday' };
  }

  const isWorkingDay = (date: IsoDate) => dayInfo(date).working;

  function step(date: IsoDate, direction: 1 | -1): IsoDate {
    let d = date;
    for (let i = 0; i < MAX_SEARCH_DAYS; i++) {
      d = addDays(d, direction);
      if (isWorkingDay(d)) return d;
    }
    throw new Error(`No working day within ${MAX_SEARCH_DAYS} days of ${date}`);
  }

  function countExclusiveInclusive(from: IsoDate, to: IsoDate): number {
    let count = 0;
    for (let d = addDays(from, 1); compareIsoDates(d, to) <= 0; d = addDays(d, 1)) {
      if (isWorkingDay(d)) count++;
    }
    return count;
  }

  return {
    dayInfo,
    isWorkingDay,
    isDayOff: (date) => !isWorkingDay(date),
    holidayName(date) {
      const info = dayInfo(date);
      return info.working ? null : info.code;
    },
    nextWorkingDay: (date) => step(date, 1),
    previousWorkingDay: (date) => step(date, -1),
    addWorkingDays(date, n) {
      if (!Number.isInteger(n) || n < 0)
        throw new RangeError(`addWorkingDays needs an integer n ≥ 0, got ${n}`);
      if (n === 0) return isWorkingDay(date) ? date : step(date, 1);
      let d = date;
      for (let i = 0; i < n; i++) d = step(d, 1);
      return d;
    },
    workingDaysBetween(a, b) {
      const order = compareIsoDates(a, b);
      if (order === 0) {
        parts(a);
        return 0;
      }
      return order < 0 ? countExclusiveInclusive(a, b) : 0 - countExclusiveInclusive(b, a); // 0 - 0 is +0, not -0
    },
    workingDaysInRange(from, to) {
      parts(from);
      const days: IsoDate[] = [];
      for (let d = from; compareIsoDates(d, to) <= 0; d = addDays(d, 1)) {
        if (isWorkingDay(d)) days.push(d);
      }
      return days;
    },
  };
}

function applyKurbanAit(
  fromPackage: ReadonlyMap<IsoDate, PackageHoliday>,
  overrides: ResolvedOverrides,
  year: number,
): ReadonlyMap<IsoDate, PackageHoliday> {
  const official = overrides.kurbanAit.get(year);
  if (!official) return fromPackage;
  const map = new Map([...fromPackage].filter(([, h]) => h.code !== KURBAN_AIT_CODE));
  if (!map.has(official)) map.set(official, { date: official, code: KURBAN_AIT_CODE, substitute: false });
  return map;
}

/** The calendar with the bundled corrections only. */
export const defaultCalendar: Calendar = createCalendar();
