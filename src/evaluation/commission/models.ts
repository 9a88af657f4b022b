import { type Connection, type InferSchemaType, Schema } from 'mongoose';

export const COMMISSION_ROLES = ['chair', 'member', 'secretary'] as const;
export type CommissionRole = (typeof COMMISSION_ROLES)[number];

const memberSchema = new Schema(
  {
    employeeId: { type: Schema.Types.ObjectId, required: true },
    role: { type: String, enum: COMMISSION_ROLES, required: true },
  },
  { _id: false },
);

/**
 * A body's Commission as the authorised person's order composes it (seed 000 paragraph 58): the chair,
 * the members, the secretary, and the authorised person who approves the results. HR records it from
 * the order; a new order replaces it. Meetings keep their own copy of the members.
 */
const compositionSchema = new Schema(
  {
    organisationCode: { type: String, required: true, unique: true },
    orderNumber: { type: String, default: null },
    orderDate: { type: String, default: null },
    members: { type: [memberSchema], default: [] },
    authorisedPersonId: { type: Schema.Types.ObjectId, default: null },
    recordedBy: { type: Number, required: true },
    recordedAt: { type: Date, required: true },
  },
  { timestamps: true },
);

export const CASE_STATES = ['awaitingHr', 'passed', 'decided', 'approved'] as const;

const voteSchema = new Schema(
  {
    memberId: { type: Schema.Types.ObjectId, required: true },
    vote: { type: String, enum: ['approve', 'revise'], required: true },
    /** With a vote to revise: the number of KPIs fulfilled the member proposes. */
    revisedTo: { type: Number, default: null },
    at: { type: Date, required: true },
  },
  { _id: false },
);

/**
 * One agreed Chapter 6 sheet on its way through the Commission: HR passes it within the route's working
 * days, the members vote on it at the meeting (one vote each, pushed atomically), the decision is
 * recorded, and the authorised person's approval releases the result to the employee.
 */
const caseSchema = new Schema(
  {
    sheetId: { type: Schema.Types.ObjectId, required: true, unique: true },
    campaignId: { type: Schema.Types.ObjectId, required: true },
    organisationCode: { type: String, required: true },
    employeeId: { type: Schema.Types.ObjectId, required: true },
    methodologyId: { type: String, required: true },
    period: { type: String, required: true },
    /** The day the superior agreed (Almaty date). */
    agreedOn: { type: String, required: true },
    /** Last day for HR to pass it to the Commission; null when the data sets no term. */
    passBy: { type: String, default: null },
    state: { type: String, enum: CASE_STATES, default: 'awaitingHr', index: true },
    meetingId: { type: Schema.Types.ObjectId, default: null, index: true },
    passedOn: { type: String, default: null },
    passedBy: { type: Number, default: null },
    /** Almaty date on which HR was told the passing is late (once per case). */
    lateAlertedOn: { type: String, default: null },
    votes: { type: [voteSchema], default: [] },
    decision: {
      type: new Schema(
        {
          outcome: { type: String, enum: ['approve', 'revise'], required: true },
          approve: { type: Number, required: true },
          revise: { type: Number, required: true },
          chairCasting: { type: Boolean, default: false },
          revisedTo: { type: Number, default: null },
          revisedBand: { type: String, default: null },
        },
        { _id: false },
      ),
      default: null,
    },
  },
  { timestamps: true },
);
caseSchema.index({ organisationCode: 1, state: 1, agreedOn: 1 });

export const MEETING_STATES = ['scheduled', 'decided', 'approved'] as const;

/** A Commission meeting: the members as composed that day, its cases, the decision and the approval. */
const meetingSchema = new Schema(
  {
    organisationCode: { type: String, required: true },
    methodologyId: { type: String, required: true },
    period: { type: String, required: true },
    meetingOn: { type: String, required: true },
    /** The day the members are told (the route's working days before the meeting). */
    noticeOn: { type: String, required: true },
    notifiedAt: { type: Date, default: null },
    members: { type: [memberSchema], default: [] },
    authorisedPersonId: { type: Schema.Types.ObjectId, default: null },
    state: { type: String, enum: MEETING_STATES, default: 'scheduled', index: true },
    /** Voting members who took part (voted on at least one case), fixed when the vote is closed. */
    presentIds: { type: [Schema.Types.ObjectId], default: [] },
    decidedOn: { type: String, default: null },
    approvedOn: { type: String, default: null },
    approvedAt: { type: Date, default: null },
    /** The signed-off protocol in both languages, kept with the case. */
    protocol: {
      type: new Schema({ kk: Buffer, ru: Buffer, generatedAt: Date }, { _id: false }),
      default: null,
    },
    createdBy: { type: Number, required: true },
  },
  { timestamps: true },
);
meetingSchema.index({ state: 1, noticeOn: 1 });

const otherChannelSchema = new Schema(
  {
    noticeId: { type: Schema.Types.ObjectId, required: true, unique: true },
    organisationCode: { type: String, default: null },
    channel: { type: String, required: true },
    deliveredOn: { type: String, required: true },
    recordedBy: { type: Number, required: true },
    recordedAt: { type: Date, required: true },
  },
  { timestamps: true },
);

export type CommissionCompositionDoc = InferSchemaType<typeof compositionSchema>;
export type CommissionCaseDoc = InferSchemaType<typeof caseSchema>;
export type CommissionMeetingDoc = InferSchemaType<typeof meetingSchema>;
export type CommissionModels = ReturnType<typeof createCommissionModels>;

export function createCommissionModels(connection: Connection) {
  return {
    CommissionComposition: connection.model('CommissionComposition', compositionSchema),
    CommissionCase: connection.model('CommissionCase', caseSchema),
    CommissionMeeting: connection.model('CommissionMeeting', meetingSchema),
    /** Kentau: how and when HR delivered a refused result through another recorded channel. */
    OtherChannelDelivery: connection.model('OtherChannelDelivery', otherChannelSchema),
  };
}
