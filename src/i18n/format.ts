/** 2026-01-10 → 10.01.2026, the way dates are written in Kazakh and Russian documents. */
export function formatDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${day}.${month}.${year}`;
}

/** Scores with two decimals and a decimal comma (4,25), as in the methodologies. */
export function formatScore(value: number): string {
  return value.toFixed(2).replace('.', ',');
}
