import type { Types } from 'mongoose';
import { addWorkingDays, type IsoDate } from '../../calendar/index.ts';
import type { Models } from '../../db/models.ts';
import { EDITABLE_STATUSES } from './models.ts';

/** Working days HR has, after a campaign's last deadline, to extend or excuse unfilled sheets. */
export const HR_DECISION_WORKING_DAYS = 3;

/** Why a sheet is "not evaluated" when its deadline passed and nobody decided otherwise. */
export const NOT_FILLED_REASON = 'notFilled';
/** HR recorded "not evaluated" with its own words (reasonNote). */
export const HR_DECISION_REASON = 'hrDecision';

export interface OverdueState {
  /** Every sheet's deadline has passed (today is after the latest one). */
  allPassed: boolean;
  latestDeadline: IsoDate | null;
  /** Sheets still fillable whose deadline has passed. */
  unfilled: { _id: Types.ObjectId; employeeId: Types.ObjectId; deadline: string }[];
  /** The last day HR can decide on unfilled sheets before the campaign closes by itself. */
  decideBy: IsoDate | null;
}

/** Where an open campaign stands against its sheets' deadlines on `today`. */
export async function overdueState(
  models: Models,
  campaignId: Types.ObjectId | string,
  today: IsoDate,
): Promise<OverdueState> {
  const sheets = await models.RankingSheet.find({ campaignId }, { status: 1, deadline: 1, employeeId: 1 })
    .sort({ _id: 1 })
    .lean();
  // A sheet without a deadline yet (its head is away; due after the return) keeps the campaign open.
  const waiting = sheets.some((s) => !s.deadline);
  const dated = sheets.flatMap((s) => (s.deadline ? [{ ...s, deadline: s.deadline as IsoDate }] : []));
  const latest = dated.reduce<IsoDate | null>(
    (m, s) => (m === null || s.deadline > m ? s.deadline : m),
    null,
  );
  const unfilled = dated
    .filter((s) => EDITABLE_STATUSES.includes(s.status) && s.deadline < today)
    .map((s) => ({ _id: s._id, employeeId: s.employeeId, deadline: s.deadline }));
  return {
    allPassed: !waiting && latest !== null && latest < today,
    latestDeadline: latest,
    unfilled,
    decideBy: latest ? addWorkingDays(latest, HR_DECISION_WORKING_DAYS) : null,
  };
}

/** HR gives an unfilled sheet of an open campaign a new deadline. False when the sheet is not fillable. */
export async function extendSheet(
  models: Models,
  sheetId: Types.ObjectId | string,
  deadline: IsoDate,
): Promise<boolean> {
  const result = await models.RankingSheet.updateOne(
    { _id: sheetId, status: { $in: EDITABLE_STATUSES } },
    { $set: { deadline } },
  );
  return result.modifiedCount === 1;
}

/** HR records an unfilled sheet "not evaluated" with its reason. False when the sheet is not fillable. */
export async function recordNotEvaluated(
  models: Models,
  sheetId: Types.ObjectId | string,
  note: string,
): Promise<boolean> {
  const result = await models.RankingSheet.updateOne(
    { _id: sheetId, status: { $in: EDITABLE_STATUSES } },
    {
      $set: {
        status: 'notEvaluated',
        participation: 'notEvaluated',
        reason: HR_DECISION_REASON,
        reasonNote: note,
      },
    },
  );
  return result.modifiedCount === 1;
}

/**
 * At finalisation, sheets nobody filled or excused become "not evaluated: not filled by the deadline",
 * so every evaluatee ends with a result or a stated reason.
 */
export async function markUnfilledNotEvaluated(
  models: Models,
  campaignId: Types.ObjectId | string,
): Promise<number> {
  const result = await models.RankingSheet.updateMany(
    { campaignId, status: { $in: EDITABLE_STATUSES } },
    { $set: { status: 'notEvaluated', participation: 'notEvaluated', reason: NOT_FILLED_REASON } },
  );
  return result.modifiedCount;
}
