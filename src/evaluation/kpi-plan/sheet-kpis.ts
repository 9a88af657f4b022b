import type { KpiMethod } from '../../methodology/index.ts';
import { kpiAllowedRange, kpiPercent } from '../scoring/index.ts';

export interface PlanKpi {
  title: string;
  unit?: string | null;
  planned?: number | null;
  lowerIsBetter?: boolean | null;
  actual?: number | null;
}

/** A KPI as a sheet holds it (the fields of the sheet's KPI item). */
export interface SheetKpi {
  title: string;
  unit: string;
  planned: number | null;
  lowerIsBetter: boolean;
  actual: number | null;
  percent: number | null;
  minScore: number | null;
  maxScore: number | null;
  score: number | null;
  fulfilled: boolean | null;
  actualFromHr: boolean;
}

/**
 * The KPI items a sheet takes from the approved plan (pure). Where HR has entered the actual value, the
 * percent and the allowed range are already computed from it (the evaluator chooses the score only); a
 * single-point range is the score. `previous` keeps a score already given that is still allowed.
 */
export function sheetKpisOf(
  kpis: readonly PlanKpi[],
  method: KpiMethod,
  previous: readonly { score?: number | null }[] = [],
): SheetKpi[] {
  const table = method.rule.kind === 'percentRange' ? method.rule.table : null;
  return kpis.map((kpi, index) => {
    const item: SheetKpi = {
      title: kpi.title,
      unit: kpi.unit ?? '',
      planned: kpi.planned ?? null,
      lowerIsBetter: kpi.lowerIsBetter ?? false,
      actual: null,
      percent: null,
      minScore: null,
      maxScore: null,
      score: null,
      fulfilled: null,
      actualFromHr: false,
    };
    const actual = kpi.actual ?? null;
    if (!table || actual === null) return item;
    const percent = kpiPercent({ planned: item.planned ?? 0, actual, lowerIsBetter: item.lowerIsBetter });
    if (!percent.ok) return item;
    const range = kpiAllowedRange(percent.percent, table);
    const kept = previous[index]?.score ?? null;
    const score =
      range.minScore === range.maxScore
        ? range.minScore
        : kept !== null && kept >= range.minScore && kept <= range.maxScore
          ? kept
          : null;
    return { ...item, actual, percent: percent.percent, ...range, score, actualFromHr: true };
  });
}
