import type { KpiPlanVersionDoc } from '../../src/evaluation/kpi-plan/models.ts';
import { formatNumber } from '../../src/i18n/format.ts';
import type { Translate } from '../../src/i18n/index.ts';

type PlanKpis = KpiPlanVersionDoc['kpis'];

/** The plan's KPIs, one line each (Chapter 6 plans have titles only). */
export function planLines(t: Translate, kpis: PlanKpis): string[] {
  return kpis.map((kpi, i) => {
    const index = i + 1;
    if (kpi.planned === null || kpi.planned === undefined)
      return t('kpi:approval.kpiTitleOnly', { index, title: kpi.title });
    return t(kpi.lowerIsBetter ? 'kpi:approval.kpiLineLower' : 'kpi:approval.kpiLine', {
      index,
      title: kpi.title,
      planned: formatNumber(kpi.planned),
      unit: kpi.unit ?? '',
    });
  });
}

/** `/kpiplan 3001 2026 3` or `/myplan 2026 3`: how the drafter sends a corrected version. */
export function resubmitCommand(as: 'hr' | 'head', personnelNumber: string, period: string): string {
  const words = period.replace('-Q', ' ');
  return as === 'hr' ? `/kpiplan ${personnelNumber} ${words}` : `/myplan ${words}`;
}
