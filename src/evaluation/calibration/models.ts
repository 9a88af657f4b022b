import { type Connection, type InferSchemaType, type Model, Schema } from 'mongoose';

/**
 * The steps of a calibration case: the authorised person decides (hold a session or refuse), the members
 * vote at the session, the result goes to the employee, HR files the protocol.
 */
export const CASE_STATES = ['awaitingDecision', 'refused', 'scheduled', 'decided'] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const VOTES = ['keep', 'up', 'down'] as const;
export type Vote = (typeof VOTES)[number];

export const MEMBER_ROLES = ['member', 'evaluator', 'hrHead'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

const memberSchema = new Schema(
  {
    employeeId: { type: Schema.Types.ObjectId, required: true },
    /** Why the person sits: named by the authorised person, or included by the methodology (Justice). */
    role: { type: String, enum: MEMBER_ROLES, required: true },
    vote: { type: String, enum: [...VOTES, null], default: null },
    /** The score proposed with "up" or "down". */
    score: { type: Number, default: null },
    votedAt: { type: Date, default: null },
  },
  { _id: false },
);

/** One calibration case per application (Appeal): decision, session, votes, result and protocol. */
const calibrationCaseSchema = new Schema(
  {
    appealId: { type: Schema.Types.ObjectId, required: true, unique: true },
    noticeId: { type: Schema.Types.ObjectId, required: true },
    employeeId: { type: Schema.Types.ObjectId, required: true, index: true },
    organisationCode: { type: String, required: true },
    methodologyId: { type: String, required: true },
    /** The notice's campaign and kind: which result is disputed. */
    campaignId: { type: String, required: true },
    noticeKind: { type: String, required: true },
    /** The disputed result: the sheet, its evaluator, its score. */
    sheetId: { type: Schema.Types.ObjectId, default: null },
    evaluatorId: { type: Schema.Types.ObjectId, default: null },
    period: { type: String, default: null },
    score: { type: Number, default: null },
    band: { type: String, default: null },
    filedOn: { type: String, required: true },
    /** The authorised persons of the body the application was routed to. */
    routedTo: { type: [Schema.Types.ObjectId], default: [] },
    decisionBy: { type: String, required: true },
    sessionBy: { type: String, required: true },
    state: { type: String, enum: CASE_STATES, default: 'awaitingDecision', index: true },
    decidedBy: { type: Schema.Types.ObjectId, default: null },
    decidedOn: { type: String, default: null },
    refusalReason: { type: String, default: null },
    /** What the authorised person is composing, before confirming. */
    draft: {
      type: new Schema(
        {
          by: { type: Schema.Types.ObjectId, required: true },
          memberIds: { type: [Schema.Types.ObjectId], default: [] },
          sessionOn: { type: String, default: null },
        },
        { _id: false },
      ),
      default: null,
    },
    sessionOn: { type: String, default: null },
    members: { type: [memberSchema], default: [] },
    arguments: {
      type: new Schema(
        { evaluator: { type: String, default: null }, employee: { type: String, default: null } },
        { _id: false },
      ),
      default: () => ({}),
    },
    outcome: {
      type: new Schema(
        {
          result: { type: String, enum: ['kept', 'corrected'], required: true },
          score: { type: Number, required: true },
          band: { type: String, required: true },
          on: { type: String, required: true },
        },
        { _id: false },
      ),
      default: null,
    },
    /** The protocol as rendered at the decision, in both languages, kept with the case. */
    protocol: {
      type: new Schema(
        {
          kk: { type: Buffer, required: true },
          ru: { type: Buffer, required: true },
          fileBy: { type: String, default: null },
          filedAt: { type: Date, default: null },
        },
        { _id: false },
      ),
      default: null,
    },
  },
  { timestamps: true },
);
calibrationCaseSchema.index({ organisationCode: 1, state: 1 });
calibrationCaseSchema.index({ 'members.employeeId': 1 });

export type CalibrationCaseDoc = InferSchemaType<typeof calibrationCaseSchema>;

export interface CalibrationModels {
  CalibrationCase: Model<CalibrationCaseDoc>;
}

export function createCalibrationModels(connection: Connection): CalibrationModels {
  return {
    CalibrationCase: connection.model(
      'CalibrationCase',
      calibrationCaseSchema,
    ) as unknown as Model<CalibrationCaseDoc>,
  };
}
