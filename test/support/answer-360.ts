import type { Types } from 'mongoose';
import { openDraft, recordAnswer, submitDraft } from '../../src/evaluation/survey360/answering.ts';
import type { World } from './world.ts';

/**
 * Every questionnaire about `targetNumber` answered and submitted through the answering engine (the
 * buttons are covered by survey360.test.ts): `points` for every question.
 */
export async function submitAllAbout(world: World, targetNumber: string, points: number): Promise<number> {
  const { models, answerVault } = world.app.services;
  const deps = { models, answerVault };
  const employee = await models.Employee.findOne({ personnelNumber: targetNumber }).lean();
  const target = await models.SurveyTarget.findOne({ employeeId: employee!._id }).lean();
  const assignments = await models.SurveyAssignment.find({ targetId: target!._id }).sort({ _id: 1 }).lean();
  let submitted = 0;
  for (const assignment of assignments) {
    const opened = await openDraft(deps, String(assignment._id), assignment.respondentId as Types.ObjectId);
    if (!opened.ok) throw new Error(`questionnaire not open: ${opened.reason}`);
    let step = { draft: opened.draft, questionnaire: opened.questionnaire };
    for (let position = 0; position < step.questionnaire.slots.length; position++) {
      const draft = await recordAnswer(deps, step, position, points);
      if (!draft) throw new Error(`answer ${position} not recorded`);
      step = { ...step, draft };
    }
    if ((await submitDraft(deps, step)) !== 'submitted') throw new Error('not submitted');
    submitted++;
  }
  return submitted;
}
