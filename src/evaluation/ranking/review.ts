import { Types } from 'mongoose';
import { addWorkingDays, almatyDateOf } from '../../calendar/index.ts';
import type { Models } from '../../db/models.ts';
import { orgChartAround } from '../../people/org-chart-of.ts';
import type { Sheet } from './sheet.ts';

/**
 * The superior who reviews an evaluator's sheet (Chapter 6: the higher superior): the evaluator's
 * direct superior in the org chart (the roster's supervisor, else the head of the unit above).
 */
export async function reviewerOf(
  models: Models,
  evaluatorId: Types.ObjectId,
): Promise<Types.ObjectId | null> {
  const around = await orgChartAround(models, evaluatorId);
  if (!around) return null;
  const superior = around.chart.directSuperiorOf(around.self);
  return superior ? new Types.ObjectId(superior.id) : null;
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
 * within the route's working days (2 in Chapter 6).
 */
export async function returnSheet(
  models: Models,
  sheet: Sheet,
  input: {
    reviewerId: Types.ObjectId;
    comment: string;
    workingDays: number | null;
    summaryStep: number;
    now: Date;
  },
): Promise<Sheet | null> {
  // No term in the data: the sheet is due again without a date of its own (the view shows the deadline).
  const dueBy =
    input.workingDays === null ? null : addWorkingDays(almatyDateOf(input.now), input.workingDays);
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
