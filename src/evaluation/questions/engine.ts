import { type Group, positionsAfter } from './positions.ts';

/**
 * The one engine of question-by-question forms (360 questionnaires, ranking and KPI sheets): every
 * move is a single-document update whose filter holds the owner, the live message (where the form
 * keeps one) and the position the tap was made on. A double tap, a tap on an old message or on an
 * old question, or someone else's button then matches nothing and changes nothing; there is no read
 * before the write, so an answer costs one command.
 */

/** How a form's document names its fields. */
export interface FormFields {
  owner: string;
  position: string;
  /** True while a group opened from the review is being changed. */
  returning: string;
  /** The message the form lives in, when taps on any other message must be stale. */
  liveMessage?: string;
}

/** The document and the position a tap expects, and who may make it. */
export interface Expected {
  id: unknown;
  owner: unknown;
  position: number;
  /** The message tapped; required when the form has a live message. */
  messageId?: number | null;
  /** Anything else the document must still satisfy (e.g. an editable status). */
  where?: Record<string, unknown>;
}

export interface Change {
  set?: Record<string, unknown>;
  unset?: readonly string[];
}

/** Runs one atomic update and returns the document after it, or null when the filter matched nothing. */
export type ApplyUpdate<T> = (
  filter: Record<string, unknown>,
  update: { $set: Record<string, unknown>; $unset?: Record<string, 1> },
) => Promise<T | null>;

export interface FormStore<T> {
  fields: FormFields;
  apply: ApplyUpdate<T>;
}

/**
 * The filter of a tap: this document, this owner, this message, this position (without a position:
 * the form as it is on the tapped message, for a tap that only shows a screen).
 */
export function expectedFilter(
  fields: FormFields,
  expected: Omit<Expected, 'position'> & { position?: number },
): Record<string, unknown> {
  return {
    _id: expected.id,
    [fields.owner]: expected.owner,
    ...(expected.position === undefined ? {} : { [fields.position]: expected.position }),
    ...(fields.liveMessage ? { [fields.liveMessage]: expected.messageId ?? -1 } : {}),
    ...expected.where,
  };
}

function update(change: Change, set: Record<string, unknown>) {
  const unset = Object.fromEntries((change.unset ?? []).map((path) => [path, 1 as const]));
  return {
    $set: { ...change.set, ...set },
    ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}),
  };
}

/**
 * Records an answer at the expected position and moves on. Where the next position depends on
 * whether a group is being changed from the review, the update names that in its filter too: one
 * command in order, a second only when the first found the form returning to the review.
 * `next` forces the position (an answer that invalidated the one after it asks that one again).
 */
export async function answerAt<T>(
  store: FormStore<T>,
  groups: readonly Group[],
  expected: Expected,
  change: Change,
  next?: number,
): Promise<T | null> {
  const { fields } = store;
  const review = groups.length;
  const filter = expectedFilter(fields, expected);
  const to = (position: number) => ({
    [fields.position]: position,
    ...(position >= review ? { [fields.returning]: false } : {}),
  });
  if (next !== undefined) return store.apply(filter, update(change, to(next)));
  const { onward, returning } = positionsAfter(groups, expected.position);
  if (onward === returning) return store.apply(filter, update(change, to(onward)));
  return (
    (await store.apply({ ...filter, [fields.returning]: { $ne: true } }, update(change, to(onward)))) ??
    store.apply({ ...filter, [fields.returning]: true }, update(change, to(returning)))
  );
}

/**
 * Moves from the expected position to another (back, change from the review, on to the review);
 * `returning` says whether answers now go back to the review (unchanged when omitted).
 */
export function moveTo<T>(
  store: FormStore<T>,
  expected: Expected,
  to: number,
  options: { returning?: boolean; set?: Record<string, unknown> } = {},
): Promise<T | null> {
  const { fields } = store;
  return store.apply(expectedFilter(fields, expected), {
    $set: {
      ...options.set,
      [fields.position]: to,
      ...(options.returning === undefined ? {} : { [fields.returning]: options.returning }),
    },
  });
}
