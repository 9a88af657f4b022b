/**
 * What `/scores` was asked: whose results (a personnel number, or the caller's own) and which year (or
 * the latest results). Personnel numbers may look like years, so a lone four-digit year is read as a
 * year, and a number can always be marked with № or # («/scores №2025»).
 */
export type ScoresRequest =
  | {
      personnelNumber: string | null;
      year: number | null;
      /** A lone year that could also be a personnel number: the caller may have meant that person. */
      alsoNumber: string | null;
    }
  | { problem: 'usage' };

const MARKED_NUMBER = /^[№#](\S+)$/;
const FIRST_YEAR = 2000;

export function parseScoresRequest(text: string, currentYear: number): ScoresRequest {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  const asYear = (token: string) => {
    if (!/^\d{4}$/.test(token)) return null;
    const year = Number(token);
    return year >= FIRST_YEAR && year <= currentYear + 1 ? year : null;
  };
  const asNumber = (token: string) => MARKED_NUMBER.exec(token)?.[1] ?? token;
  const [first, second, ...rest] = tokens;
  if (!first) return { personnelNumber: null, year: null, alsoNumber: null };
  if (rest.length > 0) return { problem: 'usage' };
  if (second === undefined) {
    const year = MARKED_NUMBER.test(first) ? null : asYear(first);
    return year === null
      ? { personnelNumber: asNumber(first), year: null, alsoNumber: null }
      : { personnelNumber: null, year, alsoNumber: first };
  }
  const year = asYear(second);
  return year === null ? { problem: 'usage' } : { personnelNumber: asNumber(first), year, alsoNumber: null };
}
