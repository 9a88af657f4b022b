import type { Period } from '../../src/calendar/index.ts';
import { takePeriod } from '../../src/evaluation/ranking/campaign.ts';

/**
 * The shape HR's KPI commands share: `<personnel number> <year> [quarter]` on the first line, then one
 * item per line. Null when any part is missing or something is left over (the caller shows its usage).
 */
export function personPeriodLines(match: string): { number: string; period: Period; lines: string[] } | null {
  const [first = '', ...rest] = match.split('\n');
  const [number, ...periodArgs] = first.trim().split(/\s+/);
  const { period, rest: extra } = takePeriod(periodArgs);
  const lines = rest.map((l) => l.trim()).filter(Boolean);
  if (!number || !period || extra.length > 0 || lines.length === 0) return null;
  return { number, period, lines };
}
