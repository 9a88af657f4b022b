import { createHash } from 'node:crypto';
import { almatyDateOf } from '../../calendar/index.ts';
import { overdueState } from '../../evaluation/ranking/overdue.ts';
import { formatDate, periodWords } from '../../i18n/format.ts';
import type { AppServices } from '../../services.ts';
import { taskKey } from '../../tasks/kinds.ts';
import { enqueueTask } from '../../tasks/queue.ts';
import { alertHr } from '../hr-alerts.ts';
import { forEachItem } from '../scheduler.ts';

/** Lines per HR alert message: a body of 1,500 staff is listed in several messages, each within Telegram's limit. */
const LINES_PER_ALERT = 30;

/**
 * Daily, for open ranking/KPI campaigns: once every sheet's deadline has passed the campaign closes
 * itself (the same `ranking.finalise` task as HR's button). Sheets still unfilled are first listed to
 * HR, who may extend them or record "not evaluated" with a reason; what is still undecided
 * HR_DECISION_WORKING_DAYS after the last deadline is recorded "not filled" when the task runs.
 * Returns how many campaigns were handed to the task.
 */
export async function closeRankingAtDeadline(services: AppServices): Promise<number> {
  const { models } = services;
  const today = almatyDateOf(services.now());
  const open = await models.RankingCampaign.find({ state: 'open' }).sort({ _id: 1 }).lean();
  let finalised = 0;
  await forEachItem(
    services.logger,
    'rankingDeadline',
    open,
    (c) => String(c._id),
    async (campaign) => {
      const id = String(campaign._id);
      const state = await overdueState(models, id, today);
      if (state.unfilled.length > 0) await alertUnfilled(services, campaign, state);
      if (!state.allPassed) return;
      if (state.unfilled.length > 0 && today <= state.decideBy!) return;
      await enqueueTask(
        models,
        {
          key: taskKey.finaliseRanking(id),
          kind: 'ranking.finalise',
          payload: { campaignId: id },
          organisationCode: campaign.organisationCode,
        },
        services.now(),
      );
      finalised++;
    },
  ).finally(() => services.wakeTasks());
  return finalised;
}

/** One list per set of overdue sheets (a changed set, after an extension say, is listed again). */
async function alertUnfilled(
  services: AppServices,
  campaign: { _id: unknown; period: string; organisationCode: string },
  state: Awaited<ReturnType<typeof overdueState>>,
): Promise<void> {
  const { models } = services;
  const people = await models.Employee.find(
    { _id: { $in: state.unfilled.map((s) => s.employeeId) } },
    { fullName: 1, personnelNumber: 1 },
  ).lean();
  const byId = new Map(people.map((p) => [String(p._id), p]));
  const digest = createHash('sha256')
    .update(state.unfilled.map((s) => `${String(s._id)}@${s.deadline}`).join(','))
    .digest('hex')
    .slice(0, 16);
  const pages = Math.ceil(state.unfilled.length / LINES_PER_ALERT);
  for (let page = 0; page < pages; page++) {
    const slice = state.unfilled.slice(page * LINES_PER_ALERT, (page + 1) * LINES_PER_ALERT);
    await alertHr(services, {
      key: `rkOverdue:${String(campaign._id)}:${digest}:${page}`,
      organisationCode: campaign.organisationCode,
      render: (t) =>
        [
          t('ranking:overdue.title', {
            ...periodWords(t, campaign.period),
            count: state.unfilled.length,
            page: page + 1,
            pages,
          }),
          ...slice.map((s) => {
            const person = byId.get(String(s.employeeId));
            return t('ranking:overdue.line', {
              name: person?.fullName ?? '—',
              number: person?.personnelNumber ?? '—',
              deadline: formatDate(s.deadline),
            });
          }),
          '',
          t('ranking:overdue.choices', {
            decideBy: formatDate(state.decideBy!),
            ...periodWords(t, campaign.period),
          }),
        ].join('\n'),
    });
  }
}
