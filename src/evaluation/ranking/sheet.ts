import type { HydratedDocument, Types } from 'mongoose';
import type { Models } from '../../db/models.ts';
import {
  getMethodology,
  type KpiMethod,
  kpiMethodOf,
  type Methodology,
  type RankingForm,
  routeOf,
  termDays,
} from '../../methodology/index.ts';
import { answerAt, type Expected, expectedFilter, type FormStore, moveTo } from '../questions/engine.ts';
import {
  type BandId,
  capFor,
  checkKpiScore,
  checkParameterScore,
  fulfilledCountBand,
  kpiAllowedRange,
  kpiPercent,
  parseScoreInput,
  type Sanction,
  type SanctionCap,
  scoreKpiSheet,
  scoreRankingSheet,
} from '../scoring/index.ts';
import { EDITABLE_STATUSES, type KpiItem, type RankingSheetDoc } from './models.ts';
import { kpiSteps, rankingSteps, type Step, stepGroups } from './steps.ts';

export type Sheet = HydratedDocument<RankingSheetDoc>;

/** A sheet with what it is filled against: the methodology form or KPI method, and its questions. */
export interface SheetView {
  sheet: Sheet;
  methodology: Methodology;
  form: RankingForm | null;
  kpiMethod: KpiMethod | null;
  steps: Step[];
}

export const SANCTION_CHOICES = ['none', 'warning', 'reprimand', 'severeReprimand', 'other'] as const;
export type SanctionChoice = (typeof SANCTION_CHOICES)[number];

export async function loadSheet(models: Models, sheetId: Types.ObjectId | string): Promise<SheetView | null> {
  const sheet = await models.RankingSheet.findById(sheetId).catch(() => null);
  return sheet ? viewOf(models, sheet) : null;
}

export async function viewOf(models: Models, sheet: Sheet): Promise<SheetView | null> {
  const campaign = await models.RankingCampaign.findById(sheet.campaignId).lean();
  const methodology = campaign ? getMethodology(campaign.methodologyId) : undefined;
  if (!methodology) return null;
  if (sheet.kind === 'ranking') {
    const form = methodology.methods.ranking?.forms.find((f) => f.id === sheet.formId);
    return form ? { sheet, methodology, form, kpiMethod: null, steps: rankingSteps(form) } : null;
  }
  const kpiMethod = kpiMethodOf(methodology, sheet.formId);
  if (!kpiMethod) return null;
  return { sheet, methodology, form: null, kpiMethod, steps: kpiSteps(kpiMethod, sheet.kpis) };
}

export const scoresOf = (sheet: Sheet) => (sheet.scores ?? {}) as Record<string, number>;
export const justificationsOf = (sheet: Sheet) => (sheet.justifications ?? {}) as Record<string, string>;

/** The sanction cap on a parameter, given the sanction answered on the sheet. */
export function capOn(view: SheetView, param: number): SanctionCap | null {
  const parameter = view.form?.parameters[param];
  const sanction = view.sheet.sanction;
  if (!parameter?.sanctionCaps || !sanction || sanction === 'none') return null;
  return capFor(sanction as Sanction, parameter.sanctionCaps);
}

/** Why an answer is refused; the numbers let the message say what is allowed. */
export type AnswerProblem =
  | { code: 'notANumber' | 'outOfRange' | 'decimalsNotAllowed' | 'tooManyDecimals'; min: number; max: number }
  | { code: 'aboveSanctionCap'; maxScore: number; sanction: Sanction }
  | { code: 'outsideKpiRange'; minScore: number; maxScore: number; percent: number }
  | { code: 'negativeValue' | 'notAValue' | 'justificationRequired' | 'tooLong' | 'useButtons' };

export type AnswerInput =
  | { kind: 'text'; text: string }
  | { kind: 'value'; value: number }
  | { kind: 'skip' }
  | { kind: 'sanction'; value: SanctionChoice }
  | { kind: 'fulfilled'; value: boolean };

const MAX_TEXT = 1000;
const NUMBER = /^\+?(?:\d+(?:[.,]\d*)?|[.,]\d+)$/;

/** The update an accepted answer makes, or why it is refused (pure). */
export function interpret(
  view: SheetView,
  input: AnswerInput,
): { ok: true; set: Record<string, unknown>; unset?: string[] } | { ok: false; problem: AnswerProblem } {
  const step = view.steps[view.sheet.step];
  if (!step) return { ok: false, problem: { code: 'useButtons' } };
  switch (step.kind) {
    case 'score': {
      const form = view.form!;
      const parameter = form.parameters[step.param]!;
      let value: number;
      if (input.kind === 'text') {
        const parsed = parseScoreInput(input.text, form.scale);
        if (!parsed.ok)
          return { ok: false, problem: { code: parsed.code, min: form.scale.min, max: form.scale.max } };
        value = parsed.value;
      } else if (input.kind === 'value') value = input.value;
      else return { ok: false, problem: { code: 'useButtons' } };
      const check = checkParameterScore(value, form.scale, capOn(view, step.param));
      if (!check.ok) {
        const { ok: _ok, ...problem } = check;
        return { ok: false, problem };
      }
      return { ok: true, set: { [`scores.${parameter.id}`]: value } };
    }
    case 'justify': {
      const parameter = view.form!.parameters[step.param]!;
      if (input.kind === 'skip') {
        if (view.form!.justification === 'required')
          return { ok: false, problem: { code: 'justificationRequired' } };
        return { ok: true, set: {}, unset: [`justifications.${parameter.id}`] };
      }
      if (input.kind !== 'text') return { ok: false, problem: { code: 'useButtons' } };
      const text = input.text.trim();
      if (text.length === 0) return { ok: false, problem: { code: 'justificationRequired' } };
      if (text.length > MAX_TEXT) return { ok: false, problem: { code: 'tooLong' } };
      return { ok: true, set: { [`justifications.${parameter.id}`]: text } };
    }
    case 'sanction': {
      if (input.kind !== 'sanction') return { ok: false, problem: { code: 'useButtons' } };
      const set: Record<string, unknown> = { sanction: input.value };
      const unset: string[] = [];
      // A stricter sanction chosen after the score: the score above the new cap must be given again.
      const parameter = view.form!.parameters[step.param]!;
      const score = scoresOf(view.sheet)[parameter.id];
      const cap =
        input.value === 'none' ? null : capFor(input.value as Sanction, parameter.sanctionCaps ?? []);
      if (score !== undefined && cap && score > cap.maxScore) unset.push(`scores.${parameter.id}`);
      return { ok: true, set, unset };
    }
    case 'actual': {
      if (input.kind !== 'text') return { ok: false, problem: { code: 'useButtons' } };
      const text = input.text.trim();
      if (text.startsWith('-')) return { ok: false, problem: { code: 'negativeValue' } };
      if (!NUMBER.test(text)) return { ok: false, problem: { code: 'notAValue' } };
      const actual = Number(text.replace(',', '.'));
      const kpi = view.sheet.kpis[step.param]!;
      const percent = kpiPercent({
        planned: kpi.planned ?? 0,
        actual,
        lowerIsBetter: kpi.lowerIsBetter ?? false,
      });
      if (!percent.ok) return { ok: false, problem: { code: 'negativeValue' } };
      const table = view.kpiMethod?.rule.kind === 'percentRange' ? view.kpiMethod.rule.table : undefined;
      const range = kpiAllowedRange(percent.percent, table);
      const prefix = `kpis.${step.param}`;
      const set: Record<string, unknown> = {
        [`${prefix}.actual`]: actual,
        [`${prefix}.percent`]: percent.percent,
        [`${prefix}.minScore`]: range.minScore,
        [`${prefix}.maxScore`]: range.maxScore,
      };
      // A score outside the new range is dropped; a single-point range is the score.
      const score = kpi.score;
      if (range.minScore === range.maxScore) set[`${prefix}.score`] = range.minScore;
      else if (score !== null && score !== undefined && !checkKpiScore(score, range).ok)
        set[`${prefix}.score`] = null;
      return { ok: true, set };
    }
    case 'kpiScore': {
      const kpi = view.sheet.kpis[step.param]!;
      const range = { minScore: kpi.minScore ?? 0, maxScore: kpi.maxScore ?? 5 };
      let value: number;
      if (input.kind === 'text') {
        const parsed = parseScoreInput(input.text, { min: 0, max: 5, decimals: true });
        if (!parsed.ok && parsed.code !== 'outOfRange')
          return { ok: false, problem: { code: parsed.code, min: 0, max: 5 } };
        value = parsed.ok ? parsed.value : Number(input.text.trim().replace(',', '.'));
      } else if (input.kind === 'value') value = input.value;
      else return { ok: false, problem: { code: 'useButtons' } };
      const check = checkKpiScore(value, range);
      if (!check.ok) {
        if (check.code === 'outsideKpiRange')
          return { ok: false, problem: { ...check, code: 'outsideKpiRange', percent: kpi.percent ?? 0 } };
        return { ok: false, problem: { code: check.code, min: range.minScore, max: range.maxScore } };
      }
      return { ok: true, set: { [`kpis.${step.param}.score`]: value } };
    }
    case 'fulfilled': {
      if (input.kind !== 'fulfilled') return { ok: false, problem: { code: 'useButtons' } };
      return { ok: true, set: { [`kpis.${step.param}.fulfilled`]: input.value } };
    }
  }
}

export type StepOutcome = { ok: true; view: SheetView } | { ok: false; problem: AnswerProblem } | null;

/** A sheet is its evaluator's while it is editable; there is no live message (each button names its step). */
function sheetStore(models: Models): FormStore<Sheet> {
  return {
    fields: { owner: 'evaluatorId', position: 'step', returning: 'returnToSummary' },
    apply: (filter, update) =>
      models.RankingSheet.findOneAndUpdate(filter, update, { returnDocument: 'after' }),
  };
}

const expectedAt = (view: SheetView, step: number): Expected => ({
  id: view.sheet._id,
  owner: view.sheet.evaluatorId,
  position: step,
  where: { status: { $in: EDITABLE_STATUSES } },
});

/**
 * Applies an answer to the question at `expectedStep`. The expected step and an editable status are in
 * the update's filter, so a double tap or a tap on an old question changes nothing (null).
 */
export async function answerStep(
  models: Models,
  view: SheetView,
  expectedStep: number,
  input: AnswerInput,
): Promise<StepOutcome> {
  if (view.sheet.step !== expectedStep || !EDITABLE_STATUSES.includes(view.sheet.status)) return null;
  const outcome = interpret(view, input);
  if (!outcome.ok) return outcome;
  const current = view.steps[expectedStep]!;
  // A sanction that removed the capped score, or an actual value that dropped the KPI score: ask it again.
  const askNextAgain =
    (current.kind === 'sanction' && outcome.unset?.length) ||
    (current.kind === 'actual' && outcome.set[`kpis.${current.param}.score`] === null);
  const updated = await answerAt(
    sheetStore(models),
    stepGroups(view.steps),
    expectedAt(view, expectedStep),
    {
      set: { ...outcome.set, status: view.sheet.status === 'pending' ? 'inProgress' : view.sheet.status },
      unset: outcome.unset ?? [],
    },
    askNextAgain ? expectedStep + 1 : undefined,
  );
  return updated ? { ok: true, view: { ...view, sheet: updated } } : null;
}

/** Moves from `from` to `to` (back, change) if the sheet is still at `from`. */
export async function moveStep(
  models: Models,
  view: SheetView,
  from: number,
  to: number,
  returnToSummary: boolean,
): Promise<SheetView | null> {
  if (to < 0 || to > view.steps.length) return null;
  const updated = await moveTo(sheetStore(models), expectedAt(view, from), to, {
    returning: returnToSummary,
  });
  return updated ? { ...view, sheet: updated } : null;
}

export type SheetResult = { average: number | null; band: BandId; fulfilledCount?: number };

/** The sheet's result from its answers, or null while something is missing or invalid (pure). */
export function resultOf(view: SheetView): SheetResult | null {
  const { sheet } = view;
  if (view.form) {
    const caps: Record<string, SanctionCap | null> = {};
    view.form.parameters.forEach((p, i) => {
      caps[p.id] = capOn(view, i);
    });
    if (view.steps.some((s) => s.kind === 'sanction') && !sheet.sanction) return null;
    const scored = scoreRankingSheet({
      parameterIds: view.form.parameters.map((p) => p.id),
      scores: scoresOf(sheet),
      scale: view.form.scale,
      sanctionCapsByParameter: caps,
      bands: view.methodology.bands,
    });
    if (!scored.ok) return null;
    if (view.form.justification === 'required') {
      const given = justificationsOf(sheet);
      if (view.form.parameters.some((p) => !given[p.id])) return null;
    }
    return { average: scored.average, band: scored.band };
  }
  const kpis = sheet.kpis as KpiItem[];
  if (kpis.length === 0) return null;
  if (view.kpiMethod?.rule.kind === 'fulfilledCount') {
    if (kpis.some((k) => k.fulfilled === null || k.fulfilled === undefined)) return null;
    const fulfilledCount = kpis.filter((k) => k.fulfilled).length;
    return {
      average: null,
      band: fulfilledCountBand(fulfilledCount, view.kpiMethod.rule.rule),
      fulfilledCount,
    };
  }
  if (kpis.some((k) => k.score === null || k.score === undefined)) return null;
  const scored = scoreKpiSheet(
    kpis.map((k) => k.score as number),
    view.methodology.bands,
  );
  return scored.ok ? { average: scored.average, band: scored.band } : null;
}

/** The superior's review of this sheet under its route (Chapter 6 KPI), or null when there is none. */
export function superiorReviewOf(view: SheetView) {
  const route = routeOf(view.methodology, view.sheet.formId);
  return view.sheet.kind === 'kpi' && route.kind === 'commission' ? route.superiorReview : null;
}

/** Working days to resubmit a sheet sent back for correction, or null when the route sets none. */
export function correctionWorkingDays(view: SheetView): number | null {
  const review = superiorReviewOf(view);
  return review ? termDays(review.correctionWorkingDays) : null;
}

/** True when the route sends the filled sheet to the evaluator's superior (Chapter 6 KPI). */
export function needsSuperiorReview(view: SheetView): boolean {
  return superiorReviewOf(view) !== null;
}

/**
 * Submits a complete sheet from the summary. Only one of two racing taps wins (status and step in the
 * filter); the result is stored on the sheet.
 */
export async function submitSheet(
  models: Models,
  view: SheetView,
  reviewerId: Types.ObjectId | null,
  now: Date,
): Promise<{ ok: true; view: SheetView; toReview: boolean } | { ok: false; reason: 'incomplete' | 'stale' }> {
  const result = resultOf(view);
  if (!result) return { ok: false, reason: 'incomplete' };
  const toReview = needsSuperiorReview(view) && reviewerId !== null;
  const previousRounds = view.sheet.review?.rounds ?? 0;
  const updated = await models.RankingSheet.findOneAndUpdate(
    {
      ...expectedFilter(sheetStore(models).fields, expectedAt(view, view.steps.length)),
      status: { $in: ['inProgress', 'returned'] },
    },
    {
      $set: {
        status: toReview ? 'underReview' : 'submitted',
        result,
        submittedAt: now,
        ...(toReview
          ? {
              review: {
                reviewerId,
                comment: view.sheet.review?.comment ?? null,
                dueBy: null,
                rounds: previousRounds,
                agreedAt: null,
              },
            }
          : {}),
      },
    },
    { returnDocument: 'after' },
  );
  return updated ? { ok: true, view: { ...view, sheet: updated }, toReview } : { ok: false, reason: 'stale' };
}

/** Who a sheet (or the sheet with this id) evaluates, as its screens and notices name them. */
export async function evaluateeOf(
  models: Models,
  sheet: Pick<Sheet, 'employeeId'> | string,
): Promise<{ fullName: string; position: string }> {
  const employeeId =
    typeof sheet === 'string'
      ? (await models.RankingSheet.findById(sheet, { employeeId: 1 }).lean())?.employeeId
      : sheet.employeeId;
  const employee = employeeId
    ? await models.Employee.findById(employeeId, { fullName: 1, position: 1 }).lean()
    : null;
  return { fullName: employee?.fullName ?? '', position: employee?.position ?? '' };
}
