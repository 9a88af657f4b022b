import {
  formatDate,
  formatPercent as formatPercentShared,
  formatScore,
  formatNumber as formatShared,
} from '../i18n/format.ts';

// The documents print numbers, dates and periods through the shared formatting layer (src/i18n); what
// is added here is the empty-cell dash of a table.

export { formatPeriod } from '../i18n/format.ts';
export { formatDate, formatScore };

const DASH = '—';
const known = (value: number | null | undefined): value is number =>
  value !== null && value !== undefined && Number.isFinite(value);

/** A value as typed, with a decimal comma (12,5); a missing one is the empty-cell dash. */
export function formatNumber(value: number | null | undefined): string {
  return known(value) ? formatShared(value) : DASH;
}

/** A KPI percent with two decimals, cut, never rounded up into the next row (99,99); or the dash. */
export function formatPercent(value: number | null | undefined): string {
  return known(value) ? formatPercentShared(value) : DASH;
}

/** A score with two decimals, or the dash. */
export function formatScoreOrDash(value: number | null | undefined): string {
  return known(value) ? formatScore(value) : DASH;
}
