import type { Translate } from './index.ts';

/**
 * How a period is named in a sentence. `name` stands alone ("Period: ...", a list line); `for` is the
 * "for which period" phrase a sentence is built around (ru "za ... kvartal", "po itogam ... goda";
 * kk "... boiynsha"). The words live in locales, common:period.
 */
export type PeriodForm = 'name' | 'for';

const QUARTER = /^(\d{4})-Q([1-4])$/;
const YEAR = /^(\d{4})$/;

/**
 * '2026-Q3' → the third quarter of 2026 in words; '2026' (a year's evaluation) → "the results of
 * 2026". The stored code itself never reaches a person; anything that is not a period code comes
 * back unchanged.
 */
export function formatPeriod(t: Translate, code: string, form: PeriodForm = 'name'): string {
  const quarter = QUARTER.exec(code);
  if (quarter)
    return t(form === 'for' ? 'common:period.forQuarter' : 'common:period.quarter', {
      year: quarter[1],
      quarter: quarter[2],
    });
  const year = YEAR.exec(code);
  if (year) return t(form === 'for' ? 'common:period.forYear' : 'common:period.year', { year: year[1] });
  return code;
}

/**
 * Both forms for a template: `{{period}}` where the period stands alone, `{{forPeriod}}` where the
 * sentence is about it. Pass them together so a template may use either.
 */
export function periodWords(t: Translate, code: string): { period: string; forPeriod: string } {
  return { period: formatPeriod(t, code), forPeriod: formatPeriod(t, code, 'for') };
}
