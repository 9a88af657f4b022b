import { addDays, addYears, type IsoDate, lastDayOfMonth } from '../calendar/iso-date.ts';

/** The last day of an evaluated period: `2026` → 2026-12-31, `2026-Q3` → 2026-09-30. */
export function periodEnd(period: string | number): IsoDate {
  const [yearText, quarter] = String(period).split('-Q');
  const year = Number(yearText);
  return quarter ? lastDayOfMonth(year, Number(quarter) * 3) : lastDayOfMonth(year, 12);
}

/**
 * Documents are kept `years` after the end of the period they are about; the first day they may be
 * deleted is the day after that (a 2022 campaign kept 3 years goes on 2026-01-01).
 */
export function deletableFrom(period: string | number, years: number): IsoDate {
  return addDays(addYears(periodEnd(period), years), 1);
}
