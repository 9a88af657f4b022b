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

/**
 * Who an evaluation form applies to. head: true = heads only, false = non-heads only, null = both, where a
 * head is whoever the methodology's `heads` definition names (not the roster's flag alone).
 */
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

/**
 * The seed's definition of a head of a structural unit or state body: a list of
 * categories, each either a head by category alone or only when the roster marks the person as the head
 * of a unit (001 line 48: D-3 as heads of structural units, D-O-1, E-1, E-2).
 */
export const headsSchema = z.strictObject({
  categories: z
    .array(z.strictObject({ category: categoryPatternSchema, onlyWhenUnitHead: z.boolean() }))
    .min(1),
  definition: localizedSchema,
});

/** Dates a methodology (or one of its procedures) may be used for; checked by validityOn. */
export const validitySchema = z.strictObject({
  /** Applies to periods starting on or after this date (Justice: legal relations from 2025-07-01). */
  appliesFrom: isoDateSchema.optional(),
  /** In force until this date inclusive (Köksu Chapter 6: 2023-08-31). */
  validUntil: isoDateSchema.optional(),
  /** Repealed by this act: no period ending on or after its date is evaluated under it. */
  repealed: z.strictObject({ date: isoDateSchema, number: nonEmpty, body: localizedSchema }).optional(),
  note: z.string().optional(),
});

/** Who must set what the seed leaves open: the authorised person, the HR head, or the body's own act. */
export const setBySchema = z.enum(['authorisedPerson', 'hrHead', 'organisation']);

/**
 * A rule or term the seed does not give. It is written out, never left to a code default: the bot shows
 * it as "not set" and names who must set it; `why` cites the seed.
 */
export const notSetSchema = z.strictObject({ notSet: z.literal(true), setBy: setBySchema, why: nonEmpty });

const orNotSet = <T extends z.ZodType>(value: T) => z.union([value, notSetSchema]);

/** A term in working days, or explicitly not set. */
export const termSchema = orNotSet(workingDays);

/** What follows a result under the Almaty city / Justice methodologies: a calibration session on request. */
export const calibrationRouteSchema = z.strictObject({
  kind: z.literal('calibrationSession'),
  /** HR acquaints the employee with the result within N working days after the evaluation. */
  acquaintanceWorkingDays: termSchema,
  /** The employee may apply within N working days of receiving the result (the day of delivery). */
  applicationWorkingDays: termSchema,
  /** The application goes to the official who appoints and dismisses (the authorised person). */
  applicationTo: z.literal('authorisedPerson'),
  /** The authorised person decides and approves the membership within N working days of the application. */
  decisionWorkingDays: termSchema,
  /** The session is held within N working days of the application. */
  sessionWorkingDays: termSchema,
  members: z.strictObject({
    min: orNotSet(z.int().min(1)),
    odd: orNotSet(z.boolean()),
    /** Never members of the session on this case. */
    excluded: z.array(z.enum(['appellant', 'appellantEvaluator'])),
    /** Always members (Justice: the other evaluators and the HR head). */
    included: z.array(z.enum(['otherEvaluators', 'hrHead'])),
  }),
  decision: z.literal('majority'),
  /** The session keeps the score or corrects it, up or down. */
  correction: z.literal('upOrDown'),
  /** HR files the signed protocol within N working days of signing. */
  protocolWorkingDays: termSchema,
  /** The evaluator then holds a feedback meeting (achievements, skills, career). */
  feedbackMeeting: z.boolean(),
  /** The session's decision may be appealed under the Administrative Procedure Code (information only). */
  furtherAppeal: z.literal('administrativeProcedureCode'),
});

/** Channels the seeds allow for acquainting someone who cannot be reached directly (000 lines 172-177). */
const recordedChannelSchema = z.enum([
  'registeredLetter',
  'telephonogram',
  'telegram',
  'sms',
  'email',
  'otherRecorded',
  'intranet',
  'hrDatabase',
  'documentFlow',
]);

/** What follows a result under Chapter 6 (000, 004) and Kentau (003): the evaluation commission. */
export const commissionRouteSchema = z.strictObject({
  kind: z.literal('commission'),
  /** The evaluator's superior agrees or sends the sheet back; a returned sheet is resubmitted within N. */
  superiorReview: z.strictObject({ correctionWorkingDays: termSchema }).nullable(),
  /** HR passes the signed sheet to the commission within N working days. */
  toCommissionWorkingDays: termSchema,
  /** Those who evaluate are told the meeting at least N working days before. */
  meetingNoticeWorkingDays: termSchema,
  members: z.strictObject({
    min: orNotSet(z.int().min(1)),
    odd: orNotSet(z.boolean()),
    composedBy: z.literal('authorisedPerson'),
  }),
  quorum: orNotSet(z.literal('2/3')),
  vote: orNotSet(z.literal('open')),
  decision: orNotSet(z.literal('majority')),
  chairCastingVote: orNotSet(z.boolean()),
  /** The secretary (an HR employee) does not vote. */
  secretaryVotes: orNotSet(z.boolean()),
  /** The commission approves the results or revises them (the protocol's "corrected" column). */
  outcomes: orNotSet(z.array(z.enum(['approve', 'revise'])).min(1)),
  /** The results are approved by the authorised person and recorded in the protocol. */
  approvedBy: orNotSet(z.literal('authorisedPerson')),
  /** Only after the approval is the employee acquainted. */
  acquaintance: z.strictObject({
    workingDays: termSchema,
    written: z.boolean(),
    channels: z.array(recordedChannelSchema),
    /** On refusal an act is signed by the HR officer and this many other employees; null = no such act. */
    refusalActWitnesses: z.int().min(1).nullable(),
    /** After a refusal the result goes out through one of these (Kentau: intranet, HR database, EDMS). */
    afterRefusal: z.array(recordedChannelSchema),
  }),
  /** Appeal of the commission's decision to the civil-service agency, from the day of the decision. */
  appeal: orNotSet(
    z.strictObject({
      to: z.literal('civilServiceAgency'),
      workingDays: workingDays,
      from: z.literal('commissionDecision'),
    }),
  ),
  /** The courts remain open (information only: the bot cannot file there). */
  courts: orNotSet(z.boolean()),
});

export const routeSchema = z.discriminatedUnion('kind', [calibrationRouteSchema, commissionRouteSchema]);

/** How widely someone in a role may see results (the access function interprets it). */
export const viewScopeSchema = z.enum([
  'ownResults',
  'sheetsTheyFilled',
  'organisationResults',
  'casesTheySitOnDuringTheCase',
  'casesRoutedToThem',
  'progressAndDelivery',
  'nothing',
]);

/** Who may see results (001 line 138; 002 line 105 adds "official necessity"). */
export const confidentialitySchema = z.strictObject({
  /** 001 line 102: strictly confidential; 002 line 105: confidential. */
  classification: z.enum(['strictlyConfidential', 'confidential']),
  viewers: z.strictObject({
    evaluatee: viewScopeSchema,
    evaluator: viewScopeSchema,
    hrHead: viewScopeSchema,
    /** Members of a calibration session or commission. */
    caseMember: viewScopeSchema,
    /** The official who decides on an application or approves the commission's results. */
    authorisedPerson: viewScopeSchema,
    /** HR officers other than the head: they run campaigns. */
    hrOfficer: viewScopeSchema,
    /** Bot administrators from the configuration. */
    admin: viewScopeSchema,
  }),
  /** Disclosures the seed allows beyond the viewers (Justice: for official necessity). */
  exceptions: z.array(z.enum(['officialNecessity', 'accessToInformationLaw'])),
});

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
});

export const kpiMethodSchema = z.strictObject({
  title: localizedSchema,
  audiences: z.array(audienceSchema).min(1),
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

/**
 * A KPI procedure of its own for a group of employees (Chapter 6 of 000/004): its scope, its own validity
 * and its own route after the result (the commission), apart from the methodology's.
 */
export const scopedKpiMethodSchema = kpiMethodSchema.extend({
  scope: kpiScopeSchema,
  validity: validitySchema.optional(),
  route: routeSchema,
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
  /**
   * Parts of this method the seed does not give and the file borrows (Kentau's indicator table used as a
   * 360 questionnaire): HR is shown them as assumptions.
   */
  assumed: z
    .array(z.enum(['answerScale', 'respondents', 'selfAssessment', 'anonymous', 'frequency', 'deadline']))
    .optional(),
});

export const methodsSchema = z
  .strictObject({
    ranking: rankingMethodSchema.optional(),
    kpi: kpiMethodSchema.optional(),
    /** The Chapter 6 KPI procedure (its sheets carry the scope id as their form id). */
    scopedKpi: scopedKpiMethodSchema.optional(),
    survey360: survey360MethodSchema.optional(),
  })
  .refine(
    (m) => m.ranking || m.kpi || m.scopedKpi || m.survey360,
    'At least one evaluation method is required',
  );

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
  retentionYears: z.int().min(1).max(75),
});

/** Who is evaluated, and how; every field is applied by the planners (ranking/KPI and 360). */
export const eligibilitySchema = z.strictObject({
  /** Less than this many whole months in the position by the period's end: not evaluated. */
  minMonthsInPosition: z.int().min(1).max(12),
  /** The period must hold at least this many working days actually worked (Justice: 15). */
  minWorkedWorkingDays: z.int().min(1).max(66).optional(),
  /** Statuses evaluated without the employee's participation on the normal deadline (no self-assessment). */
  evaluatedWithoutParticipation: z.array(
    z.enum(['leave', 'sickLeave', 'businessTrip', 'training', 'dismissed']),
  ),
  /** An absent head's KPI sheet is evaluated within N working days after the return (001 line 70). */
  kpiWithinWorkingDaysAfterReturn: workingDays.optional(),
  /** No KPI when fewer than N months remain from the appointment to the period's end (001 line 150). */
  noKpiIfLessThanMonthsRemain: z.int().min(1).max(12).optional(),
});

export const methodologySchema = z.strictObject({
  $schema: z.string().optional(),
  id: idSchema,
  title: localizedSchema,
  /** The state body whose employees are evaluated. */
  organization: localizedSchema,
  approvingAct: actSchema,
  amendingActs: z.array(actSchema).optional(),
  validity: validitySchema.optional(),
  /** Who counts as a head for the audiences (`head: true`). */
  heads: headsSchema,
  methods: methodsSchema,
  bands: z.array(bandRuleSchema).min(1),
  rounding: z.strictObject({ decimals: z.literal(2), mode: z.literal('halfUp') }),
  deadlines: deadlinesSchema,
  eligibility: eligibilitySchema,
  /** What follows a result (a scoped KPI procedure may have its own). */
  route: routeSchema,
  confidentiality: confidentialitySchema,
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
export type Heads = z.infer<typeof headsSchema>;
export type Validity = z.infer<typeof validitySchema>;
export type SetBy = z.infer<typeof setBySchema>;
export type NotSet = z.infer<typeof notSetSchema>;
export type Term = z.infer<typeof termSchema>;
export type CalibrationRoute = z.infer<typeof calibrationRouteSchema>;
export type CommissionRoute = z.infer<typeof commissionRouteSchema>;
export type Route = z.infer<typeof routeSchema>;
export type ViewScope = z.infer<typeof viewScopeSchema>;
export type Confidentiality = z.infer<typeof confidentialitySchema>;
export type ResultViewer = keyof Confidentiality['viewers'];
export type ScopedKpiMethod = z.infer<typeof scopedKpiMethodSchema>;
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
