import { Types } from 'mongoose';
import { addWorkingDays, almatyDateOf } from '../../calendar/index.ts';
import type { Models } from '../../db/models.ts';
import { OrgChart } from '../../people/org-chart.ts';
import type { Sheet } from './sheet.ts';

/**
 * The superior who reviews an evaluator's sheet (Chapter 6: the higher superior): the evaluator's
 * direct superior in the org chart (the roster's supervisor, else the head of the unit above).
 */
export async function reviewerOf(
  models: Models,
  evaluatorId: Types.ObjectId,
): Promise<Types.ObjectId | null> {
  const evaluator = await models.Employee.findById(evaluatorId, { organisationCode: 1 }).lean();
  if (!evaluator) return null;
  const { organisationCode } = evaluator;
  const fields = { personnelNumber: 1, unitCode: 1, isHead: 1, supervisorNumber: 1, status: 1 };
  const staff = await models.Employee.find({ organisationCode }, fields).sort({ personnelNumber: 1 }).lean();
  const units = await models.Unit.find({ organisationCode }, { code: 1, parentCode: 1 }).lean();
  const members = staff.map((e) => ({
    id: String(e._id),
    personnelNumber: e.personnelNumber,
    unitCode: e.unitCode,
    isHead: e.isHead ?? false,
    supervisorNumber: e.supervisorNumber ?? null,
    status: e.status ?? 'active',
  }));
  const chart = new OrgChart(
    members,
    units.map((u) => ({ code: u.code, parentCode: u.parentCode ?? null })),
  );
  const self = members.find((m) => m.id === String(evaluatorId));
  const superior = self && chart.directSuperiorOf(self);
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
    { $set: { status: 'agreed', 'review.agreedAt': now, 'review.awaitingComment': false } },
    { returnDocument: 'after' },
  );
}

/** "Send back for correction": the reviewer's next text message is the comment. */
export async function askReturnComment(
  models: Models,
  sheetId: string,
  reviewerId: Types.ObjectId,
): Promise<Sheet | null> {
  return models.RankingSheet.findOneAndUpdate(
    { _id: sheetId, status: 'underReview', 'review.reviewerId': reviewerId },
    { $set: { 'review.awaitingComment': true } },
    { returnDocument: 'after' },
  );
}

/** The sheet waiting for this reviewer's comment, if any. */
export async function sheetAwaitingComment(
  models: Models,
  reviewerId: Types.ObjectId,
): Promise<Sheet | null> {
  return models.RankingSheet.findOne({
    status: 'underReview',
    'review.reviewerId': reviewerId,
    'review.awaitingComment': true,
  }).sort({ updatedAt: -1 });
}

/**
 * Sends the sheet back with the comment: the evaluator corrects it from the summary and resubmits
 * within the route's working days (2 in Chapter 6).
 */
export async function returnSheet(
  models: Models,
  sheet: Sheet,
  input: { comment: string; workingDays: number | null; summaryStep: number; now: Date },
): Promise<Sheet | null> {
  // No term in the data: the sheet is due again without a date of its own (the view shows the deadline).
  const dueBy =
    input.workingDays === null ? null : addWorkingDays(almatyDateOf(input.now), input.workingDays);
  return models.RankingSheet.findOneAndUpdate(
    { _id: sheet._id, status: 'underReview', 'review.awaitingComment': true },
    {
      $set: {
        status: 'returned',
        step: input.summaryStep,
        returnToSummary: false,
        'review.awaitingComment': false,
        'review.comment': input.comment,
        'review.dueBy': dueBy,
      },
      $inc: { 'review.rounds': 1 },
    },
    { returnDocument: 'after' },
  );
}
