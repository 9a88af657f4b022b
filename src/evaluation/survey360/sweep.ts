import { type AnsweringDeps, answerContext, type SealedContent, sealedContext } from './answering.ts';
import { closeCampaign } from './results.ts';

export interface SweepReport {
  /** Drafts whose questionnaire was already submitted (a crash between the two steps): finished. */
  finished: number;
  /** Drafts that can no longer be submitted (assignment gone or done, campaign not launched): deleted. */
  deleted: number;
  /** Closed campaigns whose sealed questionnaires were left unreleased: released. */
  released: number;
}

/**
 * Removes what a crash or an old version may have left next to a respondent, at start-up and in the
 * daily job. A draft is the only document where a respondent and answers sit together, so none may
 * outlive the moment it stops being needed.
 */
export async function sweepSurvey360(deps: AnsweringDeps): Promise<SweepReport> {
  const { models, answerVault } = deps;
  const report: SweepReport = { finished: 0, deleted: 0, released: 0 };
  await upgradeUnsealedData(deps);
  const drafts = await models.SurveyDraft.find({}, { assignmentId: 1, submissionToken: 1 }).lean();
  if (drafts.length > 0) {
    const assignments = await models.SurveyAssignment.find(
      { _id: { $in: drafts.map((d) => d.assignmentId) } },
      { campaignId: 1, done: 1 },
    ).lean();
    const launched = new Set(
      (
        await models.SurveyCampaign.find(
          { _id: { $in: assignments.map((a) => a.campaignId) }, state: 'launched' },
          { _id: 1 },
        ).lean()
      ).map((c) => String(c._id)),
    );
    const byId = new Map(assignments.map((a) => [String(a._id), a]));
    for (const draft of drafts) {
      const assignment = byId.get(String(draft.assignmentId));
      const submitted = await models.SurveySealedResponse.exists({
        submissionMac: answerVault.mac('submission', draft.submissionToken),
      });
      if (submitted && assignment) {
        await models.SurveyAssignment.updateOne({ _id: assignment._id }, { $set: { done: true } });
        report.finished++;
      } else if (assignment && !assignment.done && launched.has(String(assignment.campaignId))) {
        continue;
      } else {
        report.deleted++;
      }
      await models.SurveyDraft.deleteOne({ _id: draft._id });
    }
  }
  const unreleased = await models.SurveySealedResponse.distinct('campaignId');
  for (const campaign of await models.SurveyCampaign.find(
    { _id: { $in: unreleased }, state: 'closed' },
    { _id: 1 },
  ).lean()) {
    await closeCampaign(deps, campaign._id);
    report.released++;
  }
  return report;
}

/**
 * Data written before answers were sealed: draft answers in clear are sealed; responses of campaigns
 * still running go back to sealed form (they are released in random order at close); the others lose
 * their submission token and day. Does nothing once done.
 */
async function upgradeUnsealedData(deps: AnsweringDeps): Promise<void> {
  const { models, answerVault } = deps;
  const drafts = models.SurveyDraft.collection;
  await drafts.updateMany(
    {
      $or: [
        { createdAt: { $exists: true } },
        { updatedAt: { $exists: true } },
        { chatId: { $exists: true } },
      ],
    },
    { $unset: { createdAt: '', updatedAt: '', chatId: '' } },
  );
  for (const draft of await models.SurveyDraft.find({}, { answers: 1 }).lean()) {
    const answers = (draft.answers ?? {}) as Record<string, unknown>;
    const clear = Object.entries(answers).filter(([, value]) => typeof value === 'number');
    if (clear.length === 0) continue;
    await models.SurveyDraft.updateOne(
      { _id: draft._id },
      {
        $set: Object.fromEntries(
          clear.map(([questionId, value]) => [
            `answers.${questionId}`,
            answerVault.seal(value, answerContext(draft._id, questionId)),
          ]),
        ),
      },
    );
  }
  const responses = models.SurveyResponse.collection;
  const old = await responses.find({ submissionToken: { $exists: true } }).toArray();
  if (old.length === 0) return;
  // The old unique index would refuse the second response without a token.
  await responses.dropIndex('submissionToken_1').catch(() => undefined);
  const launched = new Set(
    (await models.SurveyCampaign.find({ state: 'launched' }, { _id: 1 }).lean()).map((c) => String(c._id)),
  );
  for (const response of old) {
    if (launched.has(String(response.campaignId))) {
      const sealed = new models.SurveySealedResponse({
        campaignId: response.campaignId,
        submissionMac: answerVault.mac('submission', String(response.submissionToken)),
        box: '',
      });
      const content: SealedContent = {
        targetId: String(response.targetId),
        isSelf: Boolean(response.isSelf),
        answers: response.answers as Record<string, number>,
      };
      sealed.box = answerVault.seal(content, sealedContext(response.campaignId, sealed._id));
      await sealed.save().catch((error: { code?: number }) => {
        if (error.code !== 11000) throw error;
      });
      await responses.deleteOne({ _id: response._id });
    } else {
      await responses.updateOne({ _id: response._id }, { $unset: { submissionToken: '', submittedOn: '' } });
    }
  }
}
