import { callbacks } from '../../bot/callback-data.ts';
import { almatyDateOf } from '../../calendar/index.ts';
import { pendingRespondents } from '../../evaluation/survey360/campaign.ts';
import { formatDate } from '../../i18n/format.ts';
import type { AppServices } from '../../services.ts';
import type { Progress } from '../../tasks/progress.ts';
import { oneButton } from '../keyboard.ts';
import { notifyEmployee } from '../notify.ts';

/** One invitation per respondent and campaign (the key makes a repeat a no-op). */
export async function inviteRespondents(
  services: AppServices,
  campaignId: string,
  respondentIds: readonly string[],
  progress?: Progress,
) {
  const campaign = await services.models.SurveyCampaign.findById(campaignId).lean();
  const pending = await pendingRespondents(services.models, campaignId);
  let queued = 0;
  let notLinked = 0;
  for (const [index, respondentId] of respondentIds.entries()) {
    await progress?.(index, respondentIds.length);
    const outcome = await notifyEmployee(services, {
      key: `invite360:${campaignId}:${respondentId}`,
      kind: 'invite360',
      employeeId: respondentId,
      render: (t) => ({
        text: t('survey360:invitation', {
          year: campaign?.year,
          count: pending.get(respondentId) ?? 0,
          deadline: formatDate(campaign?.deadline ?? ''),
        }),
        reply_markup: oneButton(t('survey360:openButton'), callbacks.survey.listFromNotice.queued({})),
      }),
    });
    if (outcome === 'notLinked') notLinked++;
    else queued++;
  }
  return { queued, notLinked };
}

/**
 * Reminds every respondent with unfinished questionnaires (or only those of `among`, e.g. one unit's
 * staff), one reminder per person per day. The text carries no count: a count that drops by one
 * between two stored reminders would say who has just submitted (docs/anonymity.md).
 */
export async function remindPending(
  services: AppServices,
  campaignId: string,
  among?: ReadonlySet<string>,
  progress?: Progress,
): Promise<number> {
  const campaign = await services.models.SurveyCampaign.findById(campaignId).lean();
  if (campaign?.state !== 'launched') return 0;
  const today = almatyDateOf(services.now());
  let queued = 0;
  const respondents = [...(await pendingRespondents(services.models, campaignId)).keys()];
  for (const [index, respondentId] of respondents.entries()) {
    await progress?.(index, respondents.length);
    if (among && !among.has(respondentId)) continue;
    const outcome = await notifyEmployee(services, {
      key: `remind360:${campaignId}:${respondentId}:${today}`,
      kind: 'remind360',
      employeeId: respondentId,
      render: (t) => ({
        text: t('survey360:reminder', { deadline: formatDate(campaign.deadline) }),
        reply_markup: oneButton(t('survey360:openButton'), callbacks.survey.listFromNotice.queued({})),
      }),
    });
    if (outcome === 'queued') queued++;
  }
  return queued;
}
