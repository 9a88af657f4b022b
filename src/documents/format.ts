import { formatDate, formatScore } from '../i18n/format.ts';
import type { Translate } from '../i18n/index.ts';

// Number, date and period wording of the documents. Scores and dates come from src/i18n/format.ts;
// period words are kept here until the shared formatting layer provides them.

export { formatDate, formatScore };

/** '2026-Q3' → a quarter, '2026' → a year; anything else is a programming error. */
export type PeriodRef =
  | { kind: 'quarter'; year: number; quarter: 1 | 2 | 3 | 4 }
  | { kind: 'year'; year: number };

const PERIOD_CODE = /^(\d{4})(?:-Q([1-4]))?$/;

export function parsePeriod(code: string): PeriodRef {
  const match = PERIOD_CODE.exec(code);
  if (!match) throw new RangeError(`documents: not a period code: ${code}`);
  const year = Number(match[1]);
  return match[2]
    ? { kind: 'quarter', year, quarter: Number(match[2]) as 1 | 2 | 3 | 4 }
    : { kind: 'year', year };
}

/** A quarter or a year in words, from the locale (documents:period): never the code itself. */
export function formatPeriod(code: string, t: Translate): string {
  const period = parsePeriod(code);
  return period.kind === 'quarter'
    ? t('documents:period.quarter', { year: period.year, quarter: period.quarter })
    : t('documents:period.year', { year: period.year });
}

/** A decimal with a decimal comma, as typed (12.5 → 12,5); null → the empty-cell dash. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return String(value).replace('.', ',');
}

/**
 * A KPI percent with two decimals, truncated (never rounded up into the next row of the table):
 * 99.9955 → 99,99.
 */
export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const text = String(Math.abs(value));
  const sign = value < 0 ? '-' : '';
  if (text.includes('e')) return `${sign}${Math.abs(value) < 1 ? '0,00' : text}`;
  const [whole = '0', fraction = ''] = text.split('.');
  return `${sign}${whole},${fraction.padEnd(2, '0').slice(0, 2)}`;
}

/** A score or the empty-cell dash. */
export function formatScoreOrDash(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : formatScore(value);
}
