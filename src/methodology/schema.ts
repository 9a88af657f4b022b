import { z } from 'zod';

// Methodology files are data (src/methodology/data/*.json): texts in kk and ru, numbers and rules
// that the bot and the scoring engine read. This schema is the contract for those files.
// The shared shapes (Localized, BandRule, ScoreScale, SanctionCap, KpiRangeRow, FulfilledCountRule) are
// defined once in src/evaluation/scoring/types.ts; the assertions at the end keep these schemas in step.

export type {
  BandId,
  BandRule,
  FulfilledCountRule,
  KpiRangeRow,
  Lang,
  Localized,
  SanctionCap,
  ScoreScale,
} from '../evaluation/scoring/types.ts';

import type {
  BandId,
  BandRule,
  FulfilledCountRule,
  KpiRangeRow,
  Localized,
  SanctionCap,
  ScoreScale,
} from '../evaluation/scoring/types.ts';

const nonEmpty = z.string().trim().min(1);

export const localizedSchema = z.strictObject({ kk: nonEmpty, ru: nonEmpty });

const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected a date as YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'Not a real calendar date');

/** Lower-case slug used for ids of methodologies, forms, parameters, competencies, questions. */
const idSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'Expected a lower-case id (a-z, 0-9, -)');

/**
 * Corps "B" category code or pattern, Latin letters: C-1, C-O-1, D-3, E-2, E-R-1;
 * `E-*` = every E category; `*` = every category.
 */
export const categoryPatternSchema = z
  .string()
  .regex(/^(\*|[A-G](-[A-Z])?-(\d{1,2}|\*))$/, 'Expected a category code like C-1, C-O-1, E-2, E-* or *');

const workingDays = z.int().min(1).max(60);
const score = z.number().min(0).max(5);

export const bandIdSchema = z.enum(['effective', 'proper', 'satisfactory', 'unsatisfactory']);

export const bandRuleSchema = z.strictObject({
  id: bandIdSchema,
  min: score,
  label: localizedSchema,
});

export const scoreScaleSchema = z.strictObject({
  min: z.number().refine((v) => v === 0 || v === 1, 'Scale min must be 0 or 1'),
  max: z.number().refine((v) => v === 5, 'Scale max must be 5'),
  decimals: z.boolean(),
});

export const sanctionCapSchema = z.strictObject({
  sanction: z.enum(['warning', 'reprimand', 'severeReprimand', 'other']),
  maxScore: score,
  label: localizedSchema,
});

export const kpiRangeRowSchema = z.strictObject({
  fromPercent: z.number().min(0),
  toPercent: z.number().min(0).nullable(),
  minScore: score,
  maxScore: score,
});

export const fulfilledCountRuleSchema = z.strictObject({
  total: z.int().min(1).max(10),
  bands: z.array(z.strictObject({ minFulfilled: z.int().min(0), band: bandIdSchema })).min(1),
});

/** Who an evaluation form applies to. head: true = heads only, false = non-heads only, null = both. */
export const audienceSchema = z.strictObject({
  categories: z.array(categoryPatternSchema).min(1),
  head: z.boolean().nullable(),
  note: localizedSchema.optional(),
});

/**
 * Deadline of an evaluation: the given day of the month after the evaluated period (quarter or year).
 * shiftIfNonWorking: false = the date stands even on a weekend/holiday (no seed says to shift it).
 */
export const deadlineRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('dayOfMonthAfterPeriod'),
    day: z.int().min(1).max(31),
    shiftIfNonWorking: z.boolean(),
  }),
]);

const evaluatorSchema = z.enum(['directSuperior', 'higherSuperior', 'unitHead', 'appointingOfficial']);

export const evaluatorRuleSchema = z.strictObject({
  audience: audienceSchema,
  evaluator: evaluatorSchema,
});

export const rankingParameterSchema = z.strictObject({
  id: idSchema,
  title: localizedSchema,
  criteria: localizedSchema,
  sanctionCaps: z.array(sanctionCapSchema).min(1).optional(),
});

export const rankingFormSchema = z.strictObject({
  id: idSchema,
  title: localizedSchema,
  audience: audienceSchema,
  intro: localizedSchema.optional(),
  parameters: z.array(rankingParameterSchema).min(1),
  scale: scoreScaleSchema,
  /** Final score of the sheet = sum of parameter scores / number of parameters. */
  aggregation: z.literal('mean'),
  justification: z.enum(['required', 'optional', 'none']),
  justificationLabel: localizedSchema.optional(),
  period: z.literal('quarter'),
  deadline: deadlineRuleSchema,
  evaluators: z.array(evaluatorRuleSchema).min(1).optional(),
  notes: z.array(localizedSchema).optional(),
});

export const rankingMethodSchema = z.strictObject({
  title: localizedSchema,
  forms: z.array(rankingFormSchema).min(1),
});

export const kpiRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('percentRange'), table: z.array(kpiRangeRowSchema).min(1) }),
  z.strictObject({ kind: z.literal('fulfilledCount'), rule: fulfilledCountRuleSchema }),
]);

/** A KPI procedure limited to a group of employees (e.g. the Chapter 6 leave group of 2021-2022). */
export const kpiScopeSchema = z.strictObject({
  id: idSchema,
  description: localizedSchema,
  statusesFrom: isoDateSchema,
  statusesTo: isoDateSchema,
  statuses: z.array(z.enum(['leave', 'sickLeave'])).min(1),
  validUntil: isoDateSchema.optional(),
});

export const kpiMethodSchema = z.strictObject({
  title: localizedSchema,
  audiences: z.array(audienceSchema).min(1),
  scope: kpiScopeSchema.optional(),
  count: z.strictObject({ min: z.int().min(1), max: z.int().min(1) }),
  rule: kpiRuleSchema,
  /** Final KPI score = sum of KPI scores / number of KPIs (percentRange); band from the count (fulfilledCount). */
  final: z.enum(['sumDivCount', 'bandFromFulfilledCount']),
  period: z.enum(['quarter', 'year']),
  deadline: deadlineRuleSchema,
  /** KPIs are set in the personal work plan within N working days of the period start (or appointment). */
  settingWorkingDays: workingDays.optional(),
  /** A KPI counts as fulfilled only when all its planned values are fully met. */
  fulfilledMeansAllIndicatorsMet: z.boolean().optional(),
  notes: z.array(localizedSchema).optional(),
});

export const questionSchema = z.strictObject({
  id: idSchema,
  text: localizedSchema,
  /** The same statement for the self-assessment: first person, or addressed to "you". */
  selfText: localizedSchema,
});

export const competencySchema = z.strictObject({
  id: idSchema,
  title: localizedSchema,
  questions: z.array(questionSchema).min(1),
  /** Behavioural indicators of ineffective conduct (Kentau table), shown as guidance, not asked. */
  ineffectiveIndicators: z.array(localizedSchema).optional(),
});

export const competencySetSchema = z.strictObject({
  id: idSchema,
  title: localizedSchema,
  audience: audienceSchema,
  competencies: z.array(competencySchema).min(1),
});

export const answerStepSchema = z.strictObject({
  value: z.number().min(0).max(5),
  label: localizedSchema,
  /** The label cut to fit an answer button; the full label goes into the question's legend. */
  short: localizedSchema.optional(),
});

export const survey360MethodSchema = z.strictObject({
  title: localizedSchema,
  intro: localizedSchema.optional(),
  competencySets: z.array(competencySetSchema).min(1),
  /** Cross-checked by the loader for every competency of every set. */
  questionsPerCompetency: z.strictObject({ min: z.int().min(1), max: z.int().min(1) }),
  answerScale: z.strictObject({
    steps: z.array(answerStepSchema).length(5),
    /** true = the seed names the five answers but not their points; 1..5 is our default. */
    pointsAreDefault: z.boolean(),
    note: z.string().optional(),
  }),
  respondents: z.strictObject({ min: z.int().min(1), max: z.int().min(1) }),
  selfAssessment: z.strictObject({ asked: z.boolean(), countsInResult: z.boolean() }),
  anonymous: z.boolean(),
  frequency: z.literal('year'),
  deadline: deadlineRuleSchema,
});

export const methodsSchema = z
  .strictObject({
    ranking: rankingMethodSchema.optional(),
    kpi: kpiMethodSchema.optional(),
    survey360: survey360MethodSchema.optional(),
  })
  .refine((m) => m.ranking || m.kpi || m.survey360, 'At least one evaluation method is required');

export const actSchema = z.strictObject({
  body: localizedSchema,
  date: isoDateSchema,
  number: nonEmpty,
  title: localizedSchema.optional(),
});

export const deadlinesSchema = z.strictObject({
  /** Annual final score formed no later than this date of the next year (Justice: 30 January). */
  annualFinal: z.strictObject({ month: z.int().min(1).max(12), day: z.int().min(1).max(31) }).optional(),
  /** The evaluated person is told the evaluation is coming by this day of the month after the quarter. */
  notices: z
    .strictObject({ headsByDay: z.int().min(1).max(31), staffByDay: z.int().min(1).max(31) })
    .optional(),
  /** Absent when results reach the employee directly in the information system (Justice). */
  acquaintanceWorkingDays: workingDays.optional(),
  appealWorkingDays: workingDays.optional(),
  calibrationDecisionWorkingDays: workingDays.optional(),
  calibrationSessionWorkingDays: workingDays.optional(),
  calibrationProtocolWorkingDays: workingDays.optional(),
  commissionAppealWorkingDays: workingDays.optional(),
  retentionYears: z.int().min(1).max(75),
});

export const eligibilitySchema = z.strictObject({
  minMonthsInPosition: z.int().min(0).max(12),
  minWorkedWorkingDays: z.int().min(1).max(66).optional(),
  evaluatedWithoutParticipation: z.array(
    z.enum(['leave', 'sickLeave', 'businessTrip', 'training', 'dismissed']),
  ),
  kpiWithinWorkingDaysAfterReturn: workingDays.optional(),
  noKpiIfLessThanMonthsRemain: z.int().min(1).max(12).optional(),
});

export const reviewSchema = z.strictObject({
  superiorReview: z
    .strictObject({
      enabled: z.boolean(),
      correctionWorkingDays: workingDays,
      /** HR forwards the signed sheet to the commission within N working days. */
      toCommissionWorkingDays: workingDays.optional(),
    })
    .optional(),
  commission: z
    .strictObject({
      minMembers: z.int().min(1),
      odd: z.boolean(),
      quorum: z.literal('2/3'),
      vote: z.literal('open'),
      decision: z.literal('majority'),
      chairCastingVote: z.boolean(),
      secretaryVotes: z.boolean(),
      /** Evaluators are told the schedule at least N working days before. */
      noticeWorkingDays: workingDays.optional(),
    })
    .optional(),
  calibration: z
    .strictObject({
      minMembers: z.int().min(1).optional(),
      odd: z.boolean(),
      decision: z.literal('majority'),
      excludesEvaluatorAndAppellant: z.boolean(),
    })
    .optional(),
  acquaintance: z
    .strictObject({
      written: z.boolean(),
      /** On refusal an act is signed by the HR officer and this many other employees. */
      refusalActWitnesses: z.int().min(1).optional(),
    })
    .optional(),
});

export const methodologySchema = z.strictObject({
  $schema: z.string().optional(),
  id: idSchema,
  title: localizedSchema,
  /** The state body whose employees are evaluated. */
  organization: localizedSchema,
  approvingAct: actSchema,
  amendingActs: z.array(actSchema).optional(),
  validity: z
    .strictObject({
      appliesFrom: isoDateSchema.optional(),
      repealed: z.strictObject({ date: isoDateSchema, number: nonEmpty, body: localizedSchema }).optional(),
      note: z.string().optional(),
    })
    .optional(),
  methods: methodsSchema,
  bands: z.array(bandRuleSchema).min(1),
  rounding: z.strictObject({ decimals: z.literal(2), mode: z.literal('halfUp') }),
  deadlines: deadlinesSchema,
  eligibility: eligibilitySchema,
  review: reviewSchema.optional(),
  /** What the file fills in beyond the seed text (plain English or kk/ru). */
  assumptions: z.array(z.union([z.string().min(1), localizedSchema])),
  /** OCR repairs and reading notes. */
  notes: z.array(z.string().min(1)).optional(),
});

export type Audience = z.infer<typeof audienceSchema>;
export type DeadlineRule = z.infer<typeof deadlineRuleSchema>;
export type EvaluatorRule = z.infer<typeof evaluatorRuleSchema>;
export type RankingParameter = z.infer<typeof rankingParameterSchema>;
export type RankingForm = z.infer<typeof rankingFormSchema>;
export type RankingMethod = z.infer<typeof rankingMethodSchema>;
export type KpiRule = z.infer<typeof kpiRuleSchema>;
export type KpiMethod = z.infer<typeof kpiMethodSchema>;
export type Question = z.infer<typeof questionSchema>;
export type Competency = z.infer<typeof competencySchema>;
export type CompetencySet = z.infer<typeof competencySetSchema>;
export type Survey360Method = z.infer<typeof survey360MethodSchema>;
export type Methods = z.infer<typeof methodsSchema>;
export type Act = z.infer<typeof actSchema>;
export type Deadlines = z.infer<typeof deadlinesSchema>;
export type Eligibility = z.infer<typeof eligibilitySchema>;
export type Review = z.infer<typeof reviewSchema>;
export type Methodology = z.infer<typeof methodologySchema>;
export type MethodKind = keyof Methods;

// Compile-time guard: the zod schemas must stay assignable to the shared hand-written shapes.
type Assert<T extends true> = T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type _SharedShapesMatch = [
  Assert<Same<z.infer<typeof localizedSchema>, Localized>>,
  Assert<Same<z.infer<typeof bandIdSchema>, BandId>>,
  Assert<z.infer<typeof bandRuleSchema> extends BandRule ? true : false>,
  Assert<z.infer<typeof scoreScaleSchema> extends ScoreScale ? true : false>,
  Assert<Same<z.infer<typeof sanctionCapSchema>, SanctionCap>>,
  Assert<Same<z.infer<typeof kpiRangeRowSchema>, KpiRangeRow>>,
  Assert<Same<z.infer<typeof fulfilledCountRuleSchema>, FulfilledCountRule>>,
];
