// Numbers as Kazakh and Russian documents write them: a decimal comma, no thousands separator
// (personnel numbers, years and counts must read exactly as typed).

/** Drops binary floating-point noise (0.1 + 0.2 → 0.3) before a value is cut or printed. */
const clean = (value: number) => Number(value.toPrecision(12));

const withComma = (text: string) => text.replace('.', ',');

/** A plain value as entered (planned and actual KPI values, a score typed by hand): 12,5; 4; 0,25. */
export function formatNumber(value: number): string {
  return withComma(String(clean(value)));
}

/** Scores with two decimals and a decimal comma (4,25; 5,00), as in the methodologies. */
export function formatScore(value: number): string {
  return withComma((Math.round(clean(value) * 100) / 100).toFixed(2));
}

/**
 * A percent with two decimals, cut, never rounded up (99,999 → 99,99), so a KPI just short of
 * its plan never reads as 100,00. Without the percent sign: the message template carries it.
 */
export function formatPercent(value: number): string {
  return withComma((Math.trunc(clean(value * 100)) / 100).toFixed(2));
}
