import { type Connection, type InferSchemaType, Schema } from 'mongoose';

export const PLAN_VERSION_STATES = [
  /** Waiting for the higher superior's decision. */
  'submitted',
  /** Sent back by the higher superior with a comment; a new version is drafted to replace it. */
  'returned',
  /** Approved: the version in force (copied into KpiPlan) until a newer version is approved. */
  'approved',
  /** Was in force; a newer approved version replaced it. */
  'superseded',
  /** Replaced by a newer draft before any decision. */
  'withdrawn',
] as const;
export type PlanVersionState = (typeof PLAN_VERSION_STATES)[number];

/**
 * One version of a head's individual work plan for a period, as drafted (by HR or the head) and decided
 * by the higher superior. Versions are never edited after the decision: a change is a new version, in
 * force only once it is approved (001 Appendix 1, approved by the higher superior; line 170: KPIs
 * change only by a new approval). At most one version of a plan waits for a decision (partial unique index).
 */
const planVersionSchema = new Schema(
  {
    organisationCode: { type: String, required: true },
    employeeId: { type: Schema.Types.ObjectId, required: true },
    period: { type: String, required: true },
    version: { type: Number, required: true },
    kpis: {
      type: [
        new Schema(
          {
            title: { type: String, required: true },
            unit: { type: String, default: '' },
            planned: { type: Number, default: null },
            lowerIsBetter: { type: Boolean, default: false },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    state: { type: String, enum: PLAN_VERSION_STATES, default: 'submitted' },
    /** Who drafted it: HR of the body or the head for their own plan. */
    draftedBy: {
      type: new Schema(
        {
          telegramId: { type: Number, required: true },
          employeeId: { type: Schema.Types.ObjectId, default: null },
          as: { type: String, enum: ['hr', 'head'], required: true },
          /** The drafter's language at submission: the decision is told in it. */
          language: { type: String, default: null },
        },
        { _id: false },
      ),
      required: true,
    },
    /** The higher superior asked to approve it (org chart at submission; checked again on the decision). */
    approverId: { type: Schema.Types.ObjectId, required: true },
    decidedAt: { type: Date, default: null },
    /** The higher superior's reason for sending the version back. */
    comment: { type: String, default: null },
  },
  { timestamps: true },
);
planVersionSchema.index({ employeeId: 1, period: 1, version: 1 }, { unique: true });
planVersionSchema.index(
  { employeeId: 1, period: 1 },
  { unique: true, partialFilterExpression: { state: 'submitted' }, name: 'one_submitted_version' },
);
planVersionSchema.index({ approverId: 1, state: 1 });

export type KpiPlanVersionDoc = InferSchemaType<typeof planVersionSchema>;

export function createKpiPlanModels(connection: Connection) {
  return { KpiPlanVersion: connection.model('KpiPlanVersion', planVersionSchema) };
}
export type KpiPlanModels = ReturnType<typeof createKpiPlanModels>;
