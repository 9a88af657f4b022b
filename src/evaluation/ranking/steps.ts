import type { KpiMethod, RankingForm } from '../../methodology/index.ts';
import { positionAfter } from '../questions/positions.ts';

/**
 * The questions of a sheet, in order. The sheet's `step` is an index into this list; `steps.length`
 * is the summary. Ranking: for each parameter its score, then its justification (unless the form has
 * none); the disciplinary-sanction question comes right before the first parameter with sanction caps.
 * KPI (percent table): per KPI the actual value, then the score inside the allowed range; the actual
 * value is not asked where HR entered it (the KPI's `actualFromHr`).
 * KPI (fulfilled count, Chapter 6): per KPI fulfilled or not.
 */
export type Step =
  | { kind: 'sanction'; param: number }
  | { kind: 'score'; param: number }
  | { kind: 'justify'; param: number }
  | { kind: 'actual'; param: number }
  | { kind: 'kpiScore'; param: number }
  | { kind: 'fulfilled'; param: number };

export function rankingSteps(form: RankingForm): Step[] {
  const steps: Step[] = [];
  form.parameters.forEach((parameter, param) => {
    if (parameter.sanctionCaps && !steps.some((s) => s.kind === 'sanction'))
      steps.push({ kind: 'sanction', param });
    steps.push({ kind: 'score', param });
    if (form.justification !== 'none') steps.push({ kind: 'justify', param });
  });
  return steps;
}

export function kpiSteps(
  method: KpiMethod,
  kpis: number | readonly { actualFromHr?: boolean | null }[],
): Step[] {
  const steps: Step[] = [];
  const items =
    typeof kpis === 'number' ? Array.from({ length: kpis }, () => ({ actualFromHr: false })) : kpis;
  items.forEach((kpi, param) => {
    if (method.rule.kind === 'fulfilledCount') steps.push({ kind: 'fulfilled', param });
    else if (kpi.actualFromHr) steps.push({ kind: 'kpiScore', param });
    else steps.push({ kind: 'actual', param }, { kind: 'kpiScore', param });
  });
  return steps;
}

/**
 * Where to go after answering `step`. Normally the next step; after a "change" from the summary, back to
 * the summary once the changed parameter (score and its justification) is done. The sanction question
 * is a group of its own; the actual value goes with its KPI score.
 */
export function stepAfter(steps: readonly Step[], step: number, returnToSummary: boolean): number {
  return positionAfter(stepGroups(steps), step, returnToSummary);
}

/** The engine's groups: a parameter's score and justification, a KPI's value and score; the sanction alone. */
export const stepGroups = (steps: readonly Step[]) =>
  steps.map((step) => (step.kind === 'sanction' ? 'sanction' : step.param));

/** The first step of the parameter (what "change" jumps to); the sanction step for the sanction. */
export function firstStepOf(steps: readonly Step[], param: number, kind?: Step['kind']): number {
  return steps.findIndex((s) => s.param === param && (kind === undefined || s.kind === kind));
}
