import { type Connection, type InferSchemaType, type Model, Schema } from 'mongoose';

/**
 * What an account's next message is taken as, when the bot waits for one: one record per account,
 * so a message always goes to exactly one flow. Starting a flow that waits replaces the record, the
 * flow's end or /cancel removes it, and after `until` it no longer takes anything.
 */
export const AWAITING_KINDS = [
  /** The ranking or KPI sheet on screen: a score, a justification or a KPI value at `step`. */
  'sheet',
  /** The superior's comment on sending a sheet back for correction. */
  'reviewComment',
  /** The statement of a disagreement with a result notice; `draft` holds it while it is confirmed. */
  'appealStatement',
  /** HR's roster file for /import; the document is the organisation imported into. */
  'rosterFile',
  /** The higher superior's comment on sending a KPI plan version back; the document is the version. */
  'kpiPlanComment',
  /** HR's file of KPI actual values; the document is `organisation|period`. */
  'kpiActualsFile',
  /**
   * Typed input on a calibration case (the document): the refusal's reason, the members, the session's
   * date, a member's corrected score, a written argument; `step` says which.
   */
  'calibration',
] as const;
export type AwaitingKind = (typeof AWAITING_KINDS)[number];

const HOUR_MS = 3_600_000;
/** How long each kind waits: a day for people's answers, an hour for an upload started on purpose. */
export const AWAITING_LIFETIME_MS: Readonly<Record<AwaitingKind, number>> = {
  sheet: 24 * HOUR_MS,
  reviewComment: 24 * HOUR_MS,
  appealStatement: 24 * HOUR_MS,
  rosterFile: HOUR_MS,
  kpiPlanComment: 24 * HOUR_MS,
  kpiActualsFile: HOUR_MS,
  calibration: 24 * HOUR_MS,
};

const awaitingInputSchema = new Schema(
  {
    telegramId: { type: Number, required: true, unique: true },
    kind: { type: String, enum: AWAITING_KINDS, required: true },
    /** The sheet, notice or organisation the input is for. */
    documentId: { type: String, required: true },
    step: { type: Number, default: null },
    draft: { type: String, default: null },
    until: { type: Date, required: true },
  },
  { timestamps: false },
);
// MongoDB removes records some time after they end; reads check `until` themselves.
awaitingInputSchema.index({ until: 1 }, { expireAfterSeconds: 0 });

export type AwaitingInputDoc = InferSchemaType<typeof awaitingInputSchema>;

export function createAwaitingInputModels(connection: Connection) {
  return {
    AwaitingInput: connection.model('AwaitingInput', awaitingInputSchema) as Model<AwaitingInputDoc>,
  };
}
export type AwaitingInputModels = ReturnType<typeof createAwaitingInputModels>;

/** What the bot waits for from an account. */
export interface AwaitingInput {
  kind: AwaitingKind;
  documentId: string;
  step: number | null;
  draft: string | null;
  until: Date;
}

/** Which record a change is meant for: a flow that has moved on must not touch its successor's. */
export interface AwaitingFor {
  kind: AwaitingKind;
  documentId: string;
}

const asInput = (doc: AwaitingInputDoc): AwaitingInput => ({
  kind: doc.kind as AwaitingKind,
  documentId: doc.documentId,
  step: doc.step ?? null,
  draft: doc.draft ?? null,
  until: doc.until,
});

const isDuplicateKey = (error: unknown) => (error as { code?: number } | null)?.code === 11000;

/** Starts waiting: replaces whatever the account waited for before. */
export async function awaitInput(
  models: AwaitingInputModels,
  telegramId: number,
  input: AwaitingFor & { step?: number },
  now: Date,
): Promise<AwaitingInput> {
  const set = {
    kind: input.kind,
    documentId: input.documentId,
    step: input.step ?? null,
    draft: null,
    until: new Date(now.getTime() + AWAITING_LIFETIME_MS[input.kind]),
  };
  const write = () =>
    models.AwaitingInput.findOneAndUpdate(
      { telegramId },
      { $set: set },
      { upsert: true, returnDocument: 'after' },
    ).lean<AwaitingInputDoc>();
  // Two first upserts at once: one inserts, the other meets the unique key and then updates.
  const doc = await write().catch((error: unknown) => {
    if (isDuplicateKey(error)) return write();
    throw error;
  });
  return asInput(doc!);
}

export type AwaitingState = { awaiting: AwaitingInput; expired: boolean } | null;

/** What the account waits for, and whether that wait is over. */
export async function awaitingInputOf(
  models: AwaitingInputModels,
  telegramId: number,
  now: Date,
): Promise<AwaitingState> {
  const doc = await models.AwaitingInput.findOne({ telegramId }).lean<AwaitingInputDoc>();
  if (!doc) return null;
  return { awaiting: asInput(doc), expired: doc.until.getTime() <= now.getTime() };
}

/**
 * Stops waiting and returns what was awaited; with `expected`, only if the account still waits for
 * that (so at most one caller wins a race, and a finished flow never ends its successor).
 */
export async function stopAwaiting(
  models: AwaitingInputModels,
  telegramId: number,
  expected?: Pick<AwaitingFor, 'kind'> & Partial<AwaitingFor>,
): Promise<AwaitingInput | null> {
  const doc = await models.AwaitingInput.findOneAndDelete({
    telegramId,
    ...(expected ? { kind: expected.kind } : {}),
    ...(expected?.documentId ? { documentId: expected.documentId } : {}),
  }).lean<AwaitingInputDoc>();
  return doc ? asInput(doc) : null;
}

/** Keeps typed text for confirmation (an appeal statement); null when the account waits for something else. */
export async function holdDraft(
  models: AwaitingInputModels,
  telegramId: number,
  expected: AwaitingFor,
  draft: string,
  now: Date,
): Promise<AwaitingInput | null> {
  const doc = await models.AwaitingInput.findOneAndUpdate(
    { telegramId, kind: expected.kind, documentId: expected.documentId, until: { $gt: now } },
    { $set: { draft } },
    { returnDocument: 'after' },
  ).lean<AwaitingInputDoc>();
  return doc ? asInput(doc) : null;
}
