import {
  attachMessage,
  type DraftStep,
  openDraft,
  recordAnswer,
  submitDraft,
} from '../../src/evaluation/survey360/answering.ts';
import type { World } from './world.ts';

/**
 * Every questionnaire about `targetNumber` answered and submitted through the answering engine (the
 * buttons are covered by survey360.test.ts): `points` for every question.
 */
export async function submitAllAbout(world: World, targetNumber: string, points: number): Promise<number> {
  const { models } = world.app.services;
  const deps = world.app.services;
  const employee = await models.Employee.findOne({ personnelNumber: targetNumber }).lean();
  const target = await models.SurveyTarget.findOne({ employeeId: employee!._id }).lean();
  const assignments = await models.SurveyAssignment.find({ targetId: target!._id }).sort({ _id: 1 }).lean();
  let submitted = 0;
  for (const assignment of assignments) {
    const opened = await openDraft(deps, String(assignment._id), assignment.respondentId);
    if (!opened.ok) throw new Error(`questionnaire not open: ${opened.reason}`);
    // The questionnaire lives in a message, as when it is opened from the list; taps name it.
    await attachMessage(deps, opened.draft, 1);
    const tap = { draftId: String(opened.draft._id), respondentId: assignment.respondentId, messageId: 1 };
    let step: DraftStep | null = null;
    for (let position = 0; position < opened.questionnaire.slots.length; position++) {
      step = await recordAnswer(deps, tap, position, points);
      if (!step) throw new Error(`answer ${position} not recorded`);
    }
    if (!step) throw new Error('no questions');
    if ((await submitDraft(deps, step)) !== 'submitted') throw new Error('not submitted');
    submitted++;
  }
  return submitted;
}
