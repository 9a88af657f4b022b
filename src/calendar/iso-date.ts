// Calendar dates as 'YYYY-MM-DD' strings. Arithmetic runs on UTC midnights, so no time zone can
// shift a date; the only time-zone-aware functions are almatyDateOf and almatyInstant.

export type IsoDate = `${number}-${number}-${number}`;

export const ALMATY_TIME_ZONE = 'Asia/Almaty';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** Validates and narrows a string; throws RangeError for anything that is not a real calendar date. */
export function asIsoDate(value: string): IsoDate {
  if (!isIsoDate(value)) throw new RangeError(`Not an ISO calendar date (YYYY-MM-DD): ${value}`);
  return value;
}

export function isoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` as IsoDate;
}

export function parts(date: IsoDate): { year: number; month: number; day: number } {
  const m = ISO_DATE.exec(date);
  if (!m || !isIsoDate(date)) throw new RangeError(`Not an ISO calendar date (YYYY-MM-DD): ${date}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

export function yearOf(date: IsoDate): number {
  return parts(date).year;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function toUtcMs(date: IsoDate): number {
  const { year, month, day } = parts(date);
  return Date.UTC(year, month - 1, day);
}

function fromUtcMs(ms: number): IsoDate {
  const d = new Date(ms);
  return isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/** Calendar days from a to b (b - a); negative when b is earlier. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((toUtcMs(b) - toUtcMs(a)) / DAY_MS);
}

/** Adds calendar months; a day that does not exist in the target month becomes its last day (31 Jan + 1 = 28/29 Feb). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const { year, month, day } = parts(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const mo = index - y * 12 + 1;
  return isoDate(y, mo, Math.min(day, daysInMonth(y, mo)));
}

export function addYears(date: IsoDate, years: number): IsoDate {
  return addMonths(date, years * 12);
}

/** 0 = Sunday ... 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return new Date(toUtcMs(date)).getUTCDay();
}

export function isWeekend(date: IsoDate): boolean {
  const dow = dayOfWeek(date);
  return dow === 0 || dow === 6;
}

export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function lastDayOfMonth(year: number, month: number): IsoDate {
  return isoDate(year, month, daysInMonth(year, month));
}

const almatyFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: ALMATY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function almatyWallClock(instant: Date): { date: IsoDate; hour: number; minute: number; second: number } {
  const p: Record<string, number> = {};
  for (const part of almatyFormat.formatToParts(instant)) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return {
    date: isoDate(p.year!, p.month!, p.day!),
    hour: p.hour!,
    minute: p.minute!,
    second: p.second!,
  };
}

/** The calendar date in Almaty at this instant (UTC+6 before 1 March 2024, UTC+5 since; Intl knows both). */
export function almatyDateOf(instant: Date): IsoDate {
  if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid Date');
  return almatyWallClock(instant).date;
}

/** Almaty's offset from UTC, in milliseconds, at this instant. */
function almatyOffsetMs(instantMs: number): number {
  const w = almatyWallClock(new Date(instantMs));
  const { year, month, day } = parts(w.date);
  const wallAsUtc = Date.UTC(year, month - 1, day, w.hour, w.minute, w.second);
  return wallAsUtc - Math.floor(instantMs / 1000) * 1000;
}

/**
 * The instant at which Almaty's wall clock shows `date hour:minute`. A wall time that happened twice
 * (29 Feb 2024 23:00-23:59, when clocks went back from UTC+6 to UTC+5) resolves to the earlier instant.
 */
export function almatyInstant(date: IsoDate, hour = 0, minute = 0): Date {
  if (
    !Number.isInteger(hour) ||
    hour < 0 ||
    hour > 23 ||
    !Number.isInteger(minute) ||
    minute < 0 ||
    minute > 59
  ) {
    throw new RangeError(`Invalid wall time ${hour}:${minute}`);
  }
  const { year, month, day } = parts(date);
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute);
  // Offsets in force a day either side cover any single offset change around this wall time.
  const offsets = new Set([almatyOffsetMs(wallAsUtc - DAY_MS), almatyOffsetMs(wallAsUtc + DAY_MS)]);
  const matches = [...offsets]
    .map((offset) => wallAsUtc - offset)
    .filter((ms) => {
      const w = almatyWallClock(new Date(ms));
      return w.date === date && w.hour === hour && w.minute === minute;
    })
    .sort((a, b) => a - b);
  // No match only inside a skipped hour (old DST springs forward): take the pre-change offset.
  return new Date(matches[0] ?? wallAsUtc - almatyOffsetMs(wallAsUtc - DAY_MS));
}
