import type { KpiMethod } from '../../methodology/index.ts';

export interface PlannedKpi {
  title: string;
  unit: string;
  planned: number | null;
  lowerIsBetter: boolean;
}

export type KpiPlanProblem =
  | { code: 'count'; min: number; max: number; have: number }
  | { code: 'badLine'; line: number }
  | { code: 'badPlanned'; line: number };

const NUMBER = /^\+?\d+(?:[.,]\d+)?$/;
/** Marks of a "lower is better" indicator in the plan's 4th column. */
const LOWER_MARKS = new Set(['↓', 'lower', 'v']);

/**
 * Parses the lines of a work plan, one KPI per line: `title; unit; planned value; ↓` (the 4th column
 * marks "lower is better"). Chapter 6 plans (fulfilled or not) need only the title. Pure.
 */
export function parseKpiPlan(
  lines: readonly string[],
  method: KpiMethod,
): { ok: true; kpis: PlannedKpi[] } | { ok: false; problems: KpiPlanProblem[] } {
  const problems: KpiPlanProblem[] = [];
  const kpis: PlannedKpi[] = [];
  const needsPlanned = method.rule.kind === 'percentRange';
  lines.forEach((raw, index) => {
    const line = index + 1;
    const [title = '', unit = '', planned = '', mark = ''] = raw.split(';').map((p) => p.trim());
    if (!title) {
      problems.push({ code: 'badLine', line });
      return;
    }
    if ((needsPlanned || planned) && !NUMBER.test(planned)) {
      problems.push({ code: 'badPlanned', line });
      return;
    }
    kpis.push({
      title,
      unit,
      planned: planned ? Number(planned.replace(',', '.')) : null,
      lowerIsBetter: LOWER_MARKS.has(mark.toLowerCase()),
    });
  });
  if (problems.length === 0 && (kpis.length < method.count.min || kpis.length > method.count.max))
    problems.push({ code: 'count', min: method.count.min, max: method.count.max, have: kpis.length });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, kpis };
}
