import type { Types } from 'mongoose';
import { addWorkingDays, almatyDateOf } from '../../calendar/index.ts';
import type { Models } from '../../db/models.ts';
import type { Sheet } from './sheet.ts';

/**
 * The superior who reviews an evaluator's sheet (Chapter 6): the evaluator's direct superior from the
 * roster, else the head of the unit above the evaluator's.
 */
export async function reviewerOf(
  models: Models,
  evaluatorId: Types.ObjectId,
): Promise<Types.ObjectId | null> {
  const evaluator = await models.Employee.findById(evaluatorId).lean();
  if (!evaluator) return null;
  const { organisationCode } = evaluator;
  if (evaluator.supervisorNumber) {
    const superior = await models.Employee.findOne({
      organisationCode,
      personnelNumber: evaluator.supervisorNumber,
    }).lean();
    if (superior && !superior._id.equals(evaluatorId)) return superior._id;
  }
  let unitCode: string | null | undefined = evaluator.unitCode;
  for (let depth = 0; unitCode && depth < 20; depth++) {
    const head = await models.Employee.findOne({
      organisationCode,
      unitCode,
      isHead: true,
      _id: { $ne: evaluatorId },
    }).lean();
    if (head) return head._id;
    const unit: { parentCode?: string | null } | null = await models.Unit.findOne({
      organisationCode,
      code: unitCode,
    }).lean();
    unitCode = unit?.parentCode;
  }
  return null;
}

/** The reviewer agrees: the sheet's result is final and goes to HR for the commission. */
export async function agreeSheet(
  models: Models,
  sheetId: string,
  reviewerId: Types.ObjectId,
  now: Date,
): Promise<Sheet | null> {
  return models.RankingSheet.findOneAndUpdate(
    { _id: sheetId, status: 'underReview', 'review.reviewerId': reviewerId },
    { $set: { status: 'agreed', 'review.agreedAt': now } },
    { returnDocument: 'after' },
  );
}

/** The sheet if it waits for this reviewer's decision (agree, or send back with a comment). */
export async function sheetUnderReviewBy(
  models: Models,
  sheetId: string,
  reviewerId: Types.ObjectId,
): Promise<Sheet | null> {
  return models.RankingSheet.findOne({
    _id: sheetId,
    status: 'underReview',
    'review.reviewerId': reviewerId,
  });
}

/**
 * Sends the sheet back with the comment: the evaluator corrects it from the summary and resubmits
 * within the methodology's working days (2 in Chapter 6).
 */
export async function returnSheet(
  models: Models,
  sheet: Sheet,
  input: {
    reviewerId: Types.ObjectId;
    comment: string;
    workingDays: number;
    summaryStep: number;
    now: Date;
  },
): Promise<Sheet | null> {
  const dueBy = addWorkingDays(almatyDateOf(input.now), input.workingDays);
  return models.RankingSheet.findOneAndUpdate(
    { _id: sheet._id, status: 'underReview', 'review.reviewerId': input.reviewerId },
    {
      $set: {
        status: 'returned',
        step: input.summaryStep,
        returnToSummary: false,
        'review.comment': input.comment,
        'review.dueBy': dueBy,
      },
      $inc: { 'review.rounds': 1 },
    },
    { returnDocument: 'after' },
  );
}
