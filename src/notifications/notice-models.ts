import { type Connection, type InferSchemaType, type Model, Schema } from 'mongoose';

/**
 * A result notice and its delivery register. Delivery (queued, sent with message id and time,
 * undeliverable with the reason) is read from the outbox item; what only this notice knows
 * (acknowledgement, refusal, the appeal window) is kept here.
 */
const noticeSchema = new Schema(
  {
    /** `result360`, `quarter`, ...: what the notice reports. */
    kind: { type: String, required: true },
    campaignId: { type: String, required: true },
    employeeId: { type: Schema.Types.ObjectId, required: true, index: true },
    organisationCode: { type: String, default: null },
    methodologyId: { type: String, default: null },
    /** The form whose route the notice follows when it is not the methodology's (Chapter 6 KPI). */
    routeFormId: { type: String, default: null },
    /** The outbox idempotency key: `<kind>:<campaignId>:<employeeId>`. */
    outboxKey: { type: String, required: true, unique: true },
    outboxItemId: { type: Schema.Types.ObjectId, default: null, index: true },
    /** When the notice was recorded and queued (the app's clock). */
    queuedAt: { type: Date, default: null },
    /** Set when no message could be queued (the employee has no linked Telegram account). */
    notQueuedReason: { type: String, default: null },
    acknowledgedAt: { type: Date, default: null },
    /** Last day to disagree (Almaty calendar date), fixed at acknowledgement. */
    appealUntil: { type: String, default: null },
    /** Kentau variant: the employee refused to acknowledge. */
    refusedAt: { type: Date, default: null },
    refusalAct: {
      type: new Schema(
        {
          witnesses: { type: [String], required: true },
          registeredBy: { type: Number, required: true },
          registeredAt: { type: Date, required: true },
        },
        { _id: false },
      ),
      default: null,
    },
    /** Almaty date on which HR was told the notice was not acknowledged in time (once per notice). */
    overdueAlertedOn: { type: String, default: null, index: true },
  },
  { timestamps: true },
);
noticeSchema.index({ kind: 1, campaignId: 1, employeeId: 1 }, { unique: true });

export const APPEAL_STATES = ['open', 'decided'] as const;

/** A disagreement with a notice: a request for a calibration session. One per notice. */
const appealSchema = new Schema(
  {
    noticeId: { type: Schema.Types.ObjectId, required: true, unique: true },
    employeeId: { type: Schema.Types.ObjectId, required: true },
    organisationCode: { type: String, default: null },
    kind: { type: String, required: true },
    campaignId: { type: String, required: true },
    statement: { type: String, required: true },
    filedAt: { type: Date, required: true },
    filedOn: { type: String, required: true },
    /** Last day for the authorised person's decision (Almaty calendar date). */
    decisionBy: { type: String, required: true },
    /** Last day to hold the calibration session. */
    sessionBy: { type: String, required: true },
    state: { type: String, enum: APPEAL_STATES, default: 'open', index: true },
  },
  { timestamps: true },
);

/**
 * A paper kept with a notice's case, as generated: the refusal act in each language. Re-filing the
 * same paper replaces it.
 */
const filedDocumentSchema = new Schema(
  {
    noticeId: { type: Schema.Types.ObjectId, required: true },
    organisationCode: { type: String, default: null },
    /** A documents kind: `refusalAct`. */
    kind: { type: String, required: true },
    lang: { type: String, required: true },
    fileName: { type: String, required: true },
    data: { type: Buffer, required: true },
  },
  { timestamps: true },
);
filedDocumentSchema.index({ noticeId: 1, kind: 1, lang: 1 }, { unique: true });

export type NoticeDoc = InferSchemaType<typeof noticeSchema>;
const filedDocumentModel = (connection: Connection) => connection.model('FiledDocument', filedDocumentSchema);
export type AppealDoc = InferSchemaType<typeof appealSchema>;

export interface NoticeModels {
  Notice: Model<NoticeDoc>;
  Appeal: Model<AppealDoc>;
  FiledDocument: ReturnType<typeof filedDocumentModel>;
}

export function createNoticeModels(connection: Connection): NoticeModels {
  return {
    Notice: connection.model('Notice', noticeSchema),
    Appeal: connection.model('Appeal', appealSchema),
    FiledDocument: filedDocumentModel(connection),
  };
}
