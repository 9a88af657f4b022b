// Public holidays (days off) as the date-holidays package computes them for KZ, keyed by Almaty calendar date.
import Holidays from 'date-holidays';
import { ALMATY_TIME_ZONE, almatyDateOf, type IsoDate, yearOf } from './iso-date.ts';

export interface PackageHoliday {
  date: IsoDate;
  /** Stable code, e.g. 'nauryz' or 'nauryz.substitute'. */
  code: string;
  substitute: boolean;
}

export const KURBAN_AIT_CODE = 'kurban_ait';

// Keyed by the package's English names, which are stable; anything new falls back to a slug.
const CODES: Record<string, string> = {
  "New Year's Day": 'new_year',
  'Orthodox Christmas': 'orthodox_christmas',
  "International Women's Day": 'womens_day',
  'Constitution Day': 'constitution_day',
  Nauryz: 'nauryz',
  "People's Unity Day": 'unity_day',
  'Defender of the Fatherland Day': 'defender_day',
  'Victory Day': 'victory_day',
  'Capital City Day': 'capital_day',
  'Eid al-Adha': KURBAN_AIT_CODE,
  "First President's Day": 'first_president_day',
  'Independence Day': 'independence_day',
  'Republic Day': 'republic_day',
};

export function holidayCode(englishName: string, substitute: boolean): string {
  const base = englishName.replace(/\s*\(.*\)\s*$/, '');
  const code =
    CODES[base] ??
    base
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_|_$/g, '');
  return substitute ? `${code}.substitute` : code;
}

let holidays: Holidays | undefined;
const cache = new Map<number, ReadonlyMap<IsoDate, PackageHoliday>>();

function fetchYear(year: number) {
  holidays ??= new Holidays('KZ', { languages: ['en'], timezone: ALMATY_TIME_ZONE });
  return holidays.getHolidays(year, 'en');
}

/**
 * Days off from the package whose Almaty calendar date lies in `year`. An entry's calendar date is taken at the
 * midpoint of its span: ordinary days run midnight to midnight, but Kurban ait runs 18:00 the evening before to
 * 18:00, and its start instant would land on the wrong day.
 */
export function packageHolidays(year: number): ReadonlyMap<IsoDate, PackageHoliday> {
  const cached = cache.get(year);
  if (cached) return cached;
  const byDate = new Map<IsoDate, PackageHoliday>();
  // Neighbouring years too, in case an entry (or its substitute) crosses New Year.
  for (const y of [year - 1, year, year + 1]) {
    for (const h of fetchYear(y)) {
      if (h.type !== 'public') continue;
      const date = almatyDateOf(new Date((h.start.getTime() + h.end.getTime()) / 2));
      if (yearOf(date) !== year) continue;
      const substitute = h.substitute === true;
      const existing = byDate.get(date);
      // Two entries on one date (a substitute landing on a holiday): keep the real holiday's code.
      if (existing && !existing.substitute) continue;
      byDate.set(date, { date, code: holidayCode(h.name, substitute), substitute });
    }
  }
  cache.set(year, byDate);
  return byDate;
}
