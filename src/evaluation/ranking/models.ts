import { type Connection, type InferSchemaType, Schema } from 'mongoose';
import { invalidatesCache } from '../../cache/stamps.ts';

export const SHEET_STATUSES = [
  /** Not opened yet. */
  'pending',
  'inProgress',
  /** Submitted; final unless the methodology has the superior's review. */
  'submitted',
  /** Waiting for the evaluator's superior (Chapter 6). */
  'underReview',
  /** Sent back by the superior for correction. */
  'returned',
  /** Agreed by the superior; goes to HR for the commission. */
  'agreed',
  /** Not evaluated this period (reason on the sheet). */
  'notEvaluated',
] as const;
export type SheetStatus = (typeof SHEET_STATUSES)[number];
/** Statuses in which the evaluator may still answer. */
export const EDITABLE_STATUSES: readonly SheetStatus[] = ['pending', 'inProgress', 'returned'];
/** Statuses that carry a final result. */
export const FINAL_STATUSES: readonly SheetStatus[] = ['submitted', 'agreed'];

/** One evaluation period (a quarter, or a year for Chapter 6 KPI) of one organisation. */
const campaignSchema = new Schema(
  {
    organisationCode: { type: String, required: true },
    methodologyId: { type: String, required: true },
    periodKind: { type: String, enum: ['quarter', 'year'], required: true },
    /** '2026-Q3' or '2026'. */
    period: { type: String, required: true },
    year: { type: Number, required: true },
    start: { type: String, required: true },
    end: { type: String, required: true },
    state: { type: String, enum: ['open', 'closed'], default: 'open' },
    /** When HR finalised the campaign (sheets closed, result notices sent). */
    closedAt: { type: Date, default: null },
    createdBy: { type: Number, required: true },
    /**
     * False from the campaign's creation until all its sheets are written: a creation cut off in
     * between (a crash) is finished by the next one. Campaigns written before the field: absent.
     */
    sheetsWritten: { type: Boolean },
  },
  { timestamps: true },
);
campaignSchema.index({ organisationCode: 1, period: 1 }, { unique: true });

const kpiItemSchema = new Schema(
  {
    title: { type: String, required: true },
    unit: { type: String, default: '' },
    planned: { type: Number, default: null },
    lowerIsBetter: { type: Boolean, default: false },
    actual: { type: Number, default: null },
    percent: { type: Number, default: null },
    minScore: { type: Number, default: null },
    maxScore: { type: Number, default: null },
    score: { type: Number, default: null },
    fulfilled: { type: Boolean, default: null },
    /** The actual value is HR's pre-computed one from the approved plan: the evaluator does not type it. */
    actualFromHr: { type: Boolean, default: false },
  },
  { _id: false },
);

/**
 * One evaluation sheet: the evaluatee, the evaluator, and every answer as it is given, so the flow
 * resumes from here after a restart. `step` is the question on screen (see steps.ts).
 */
const sheetSchema = new Schema(
  {
    campaignId: { type: Schema.Types.ObjectId, required: true },
    organisationCode: { type: String, required: true },
    period: { type: String, required: true },
    year: { type: Number, required: true },
    employeeId: { type: Schema.Types.ObjectId, required: true },
    unitCode: { type: String, required: true },
    kind: { type: String, enum: ['ranking', 'kpi'], required: true },
    formId: { type: String, required: true },
    evaluatorId: { type: Schema.Types.ObjectId, default: null },
    /** The evaluator this sheet was planned for, when HR set a substitute. */
    substituteFor: { type: Schema.Types.ObjectId, default: null },
    evaluatorAbsent: { type: Boolean, default: false },
    participation: { type: String, enum: ['full', 'withoutParticipation', 'notEvaluated'], required: true },
    reason: { type: String, default: null },
    /** HR's own words when HR recorded the sheet "not evaluated" after its deadline (reason `hrDecision`). */
    reasonNote: { type: String, default: null },
    workedDays: { type: Number, default: null },
    /** Null only while an absent head's return is not recorded (the KPI sheet is due after the return). */
    deadline: { type: String, default: null },
    /** The deadline counts from the evaluatee's return to work (001: the KPI of an absent head). */
    dueAfterReturn: { type: Boolean, default: false },
    status: { type: String, enum: SHEET_STATUSES, default: 'pending' },
    step: { type: Number, default: 0 },
    returnToSummary: { type: Boolean, default: false },
    scores: { type: Schema.Types.Mixed, default: () => ({}) },
    justifications: { type: Schema.Types.Mixed, default: () => ({}) },
    /** null = not asked yet, 'none', or a sanction code. */
    sanction: { type: String, default: null },
    kpis: { type: [kpiItemSchema], default: [] },
    result: {
      type: new Schema(
        { average: { type: Number, default: null }, band: String, fulfilledCount: Number },
        { _id: false },
      ),
      default: null,
    },
    submittedAt: { type: Date, default: null },
    review: {
      type: new Schema(
        {
          reviewerId: Schema.Types.ObjectId,
          comment: { type: String, default: null },
          dueBy: { type: String, default: null },
          rounds: { type: Number, default: 0 },
          agreedAt: { type: Date, default: null },
        },
        { _id: false },
      ),
      default: null,
    },
  },
  { timestamps: true, minimize: false },
);
sheetSchema.index({ campaignId: 1, employeeId: 1, kind: 1 }, { unique: true });
sheetSchema.index({ evaluatorId: 1, status: 1 });
sheetSchema.index({ employeeId: 1, year: 1 });

/**
 * A head's individual work plan for a period as approved by the higher superior: the KPIs the evaluator
 * scores (its versions and their decisions: src/evaluation/kpi-plan/). HR adds the actual values it
 * pre-computes; the evaluator sees them on the KPI sheet.
 */
const kpiPlanSchema = new Schema(
  {
    organisationCode: { type: String, required: true },
    employeeId: { type: Schema.Types.ObjectId, required: true },
    period: { type: String, required: true },
    kpis: {
      type: [
        new Schema(
          {
            title: { type: String, required: true },
            unit: { type: String, default: '' },
            planned: { type: Number, default: null },
            lowerIsBetter: { type: Boolean, default: false },
            /** HR's pre-computed actual value (null until HR enters it). */
            actual: { type: Number, default: null },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    /** Telegram id of who drafted the version in force. */
    recordedBy: { type: Number, required: true },
    /** The approved version in force (KpiPlanVersion.version). */
    version: { type: Number, default: 1 },
    approvedBy: { type: Schema.Types.ObjectId, default: null },
    approvedAt: { type: Date, default: null },
    actualsRecordedBy: { type: Number, default: null },
    actualsRecordedAt: { type: Date, default: null },
  },
  { timestamps: true },
);
kpiPlanSchema.index({ employeeId: 1, period: 1 }, { unique: true });

/** An absence HR records (leave, sick leave...): it reduces the working days worked in the period. */
const absenceSchema = new Schema(
  {
    organisationCode: { type: String, required: true },
    employeeId: { type: Schema.Types.ObjectId, required: true },
    from: { type: String, required: true },
    to: { type: String, required: true },
    recordedBy: { type: Number, required: true },
  },
  { timestamps: true },
);
absenceSchema.index({ employeeId: 1, from: 1, to: 1 }, { unique: true });

// Ranking campaigns are cached (src/cache): writes here make them stale.
invalidatesCache(campaignSchema, 'ranking');

export type RankingCampaignDoc = InferSchemaType<typeof campaignSchema>;
export type RankingSheetDoc = InferSchemaType<typeof sheetSchema>;
export type KpiPlanDoc = InferSchemaType<typeof kpiPlanSchema>;
export type KpiItem = InferSchemaType<typeof kpiItemSchema>;

export type RankingModels = ReturnType<typeof createRankingModels>;

export function createRankingModels(connection: Connection) {
  return {
    RankingCampaign: connection.model('RankingCampaign', campaignSchema),
    RankingSheet: connection.model('RankingSheet', sheetSchema),
    KpiPlan: connection.model('KpiPlan', kpiPlanSchema),
    StaffAbsence: connection.model('StaffAbsence', absenceSchema),
  };
}
