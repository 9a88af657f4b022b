import { randomUUID } from 'node:crypto';
import { type Connection, type InferSchemaType, type Model, Schema } from 'mongoose';
import { invalidatesCache } from '../../cache/stamps.ts';

export const CAMPAIGN_STATES = ['draft', 'launched', 'closed'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

/** A yearly 360 campaign of one organisation under its methodology. */
const campaignSchema = new Schema(
  {
    organisationCode: { type: String, required: true },
    methodologyId: { type: String, required: true },
    year: { type: Number, required: true },
    state: { type: String, enum: CAMPAIGN_STATES, default: 'draft' },
    /** Last day to answer (Asia/Almaty calendar date). */
    deadline: { type: String, required: true },
    createdBy: { type: Number, required: true },
    /**
     * False from the campaign's creation until its evaluatees and respondents are all written: a
     * creation cut off in between (a crash) is written again by the next one, and cannot be launched.
     * Campaigns written before the field: absent.
     */
    targetsWritten: { type: Boolean },
  },
  { timestamps: true },
);
campaignSchema.index({ organisationCode: 1, year: 1 }, { unique: true });

/** One evaluatee in a campaign, or a staff member left out with the reason. */
const targetSchema = new Schema({
  campaignId: { type: Schema.Types.ObjectId, required: true },
  employeeId: { type: Schema.Types.ObjectId, required: true },
  competencySetId: { type: String, default: null },
  excludedReason: { type: String, default: null },
  /** Evaluated without participation (dismissed, on leave...): the reason; no self-assessment then. */
  withoutParticipation: { type: String, default: null },
  /** Filled at close: the computed result, or why there is none. */
  result: { type: Schema.Types.Mixed, default: null },
});
targetSchema.index({ campaignId: 1, employeeId: 1 }, { unique: true });

/**
 * Who is asked about whom. Once done, it says only "done": no time, no link to the answers.
 */
const assignmentSchema = new Schema({
  campaignId: { type: Schema.Types.ObjectId, required: true },
  targetId: { type: Schema.Types.ObjectId, required: true },
  respondentId: { type: Schema.Types.ObjectId, required: true },
  relation: { type: String, enum: ['supervisor', 'subordinate', 'peer', 'self'], required: true },
  done: { type: Boolean, default: false },
});
assignmentSchema.index({ targetId: 1, respondentId: 1 }, { unique: true });
assignmentSchema.index({ respondentId: 1, campaignId: 1 });

/**
 * A questionnaire in progress: the only place answers sit next to the respondent, and only sealed
 * (answers.ts opens them with the answers key, which is not in the database). No timestamps: a
 * per-person time next to the 360 flow would tell who answered when. Deleted at submission.
 */
const draftSchema = new Schema(
  {
    assignmentId: { type: Schema.Types.ObjectId, required: true, unique: true },
    respondentId: { type: Schema.Types.ObjectId, required: true },
    /** Index of the question on screen; equal to the question count = the review screen. */
    position: { type: Number, default: 0 },
    /** After "change" from the review, answering returns to the review instead of going on. */
    returnToReview: { type: Boolean, default: false },
    /** Question id → the answer sealed for this draft and question. */
    answers: { type: Schema.Types.Mixed, default: () => ({}) },
    introShown: { type: Boolean, default: false },
    /** Random; the sealed submission carries only its keyed fingerprint, so a repeated submit inserts once. */
    submissionToken: { type: String, default: () => randomUUID() },
    /** The questionnaire's live message: taps on any other message are stale. */
    messageId: { type: Number, default: null },
  },
  { timestamps: false, minimize: false },
);

/**
 * A submitted questionnaire waiting for its campaign to close, sealed whole (evaluatee, self or not,
 * answers). In clear only the campaign, a random id and a keyed fingerprint of the draft's token.
 */
const sealedResponseSchema = new Schema(
  {
    _id: { type: String, default: () => randomUUID() },
    campaignId: { type: Schema.Types.ObjectId, required: true, index: true },
    submissionMac: { type: String, required: true, unique: true },
    box: { type: String, required: true },
  },
  { timestamps: false, versionKey: false },
);

/**
 * A released questionnaire, written at the campaign's close in random order with a fresh random id.
 * Holds no respondent, no Telegram id, no time and nothing that matches its draft or its sealed form.
 */
const responseSchema = new Schema(
  {
    _id: { type: String, default: () => randomUUID() },
    campaignId: { type: Schema.Types.ObjectId, required: true },
    targetId: { type: Schema.Types.ObjectId, required: true },
    isSelf: { type: Boolean, required: true },
    answers: { type: Schema.Types.Mixed, required: true },
    /** Only while a release runs (a repeated release inserts nothing twice); removed when it ends. */
    releaseMac: { type: String, default: undefined },
  },
  { timestamps: false, versionKey: false },
);
responseSchema.index({ targetId: 1 });
responseSchema.index(
  { releaseMac: 1 },
  { unique: true, partialFilterExpression: { releaseMac: { $type: 'string' } } },
);

// Campaigns, evaluatees and assignments are cached (src/cache): writes here make them stale. An
// assignment's cached fields never change (its `done` is not cached): only its removal counts.
invalidatesCache(campaignSchema, 'survey360');
invalidatesCache(targetSchema, 'survey360');
invalidatesCache(assignmentSchema, 'survey360', { onlyDeletes: true });

export type CampaignDoc = InferSchemaType<typeof campaignSchema>;
export type TargetDoc = InferSchemaType<typeof targetSchema>;
export type AssignmentDoc = InferSchemaType<typeof assignmentSchema>;
export type DraftDoc = InferSchemaType<typeof draftSchema>;
export type SealedResponseDoc = InferSchemaType<typeof sealedResponseSchema>;
export type ResponseDoc = InferSchemaType<typeof responseSchema>;

export type Survey360Models = ReturnType<typeof createSurvey360Models>;

export function createSurvey360Models(connection: Connection) {
  return {
    SurveyCampaign: connection.model('SurveyCampaign', campaignSchema) as Model<CampaignDoc>,
    SurveyTarget: connection.model('SurveyTarget', targetSchema),
    SurveyAssignment: connection.model('SurveyAssignment', assignmentSchema),
    SurveyDraft: connection.model('SurveyDraft', draftSchema),
    SurveySealedResponse: connection.model('SurveySealedResponse', sealedResponseSchema),
    SurveyResponse: connection.model('SurveyResponse', responseSchema),
  };
}
