import { mayView, survey360Document } from '../../evaluation/confidentiality.ts';
import { renderRadarPng } from '../../evaluation/radar/index.ts';
import { closeCampaign, type Result360 } from '../../evaluation/survey360/results.ts';
import { getMethodology } from '../../methodology/index.ts';
import { actorOfEmployee } from '../../people/access.ts';
import type { Language } from '../../people/models.ts';
import type { AppServices } from '../../services.ts';
import type { Progress } from '../../tasks/progress.ts';
import { sendResultNotice } from '../notices.ts';
import { notifyEmployee } from '../notify.ts';
import { resultCaption, resultText } from './survey360-text.ts';

interface ResultMaterials {
  employeeId: string;
  text: string;
  /** The radar chart, when there is a result to draw. */
  chart: Buffer | null;
  /** The result as the chart's caption (within Telegram's limit), when there is a chart. */
  caption: string | null;
}

/** Outbox and notice kind of a 360 result: one registered notice, the radar chart with its caption. */
export const RESULT360_NOTICE_KIND = 'result360';
/** Outbox kind of the information that a 360 evaluation gave no result (too few responses). */
export const RESULT360_INFO_KIND = 'result360info';

/** The result table and radar chart of one evaluatee, in one language. */
export async function resultMaterials(
  services: AppServices,
  targetId: string,
  lang: Language,
): Promise<ResultMaterials | null> {
  const { models } = services;
  const target = await models.SurveyTarget.findById(targetId).lean();
  const campaign = target && (await models.SurveyCampaign.findById(target.campaignId).lean());
  const methodology = campaign && getMethodology(campaign.methodologyId);
  const employee = target && (await models.Employee.findById(target.employeeId).lean());
  if (!target || !campaign || !methodology || !employee || !target.competencySetId) return null;
  const t = services.translator.forLanguage(lang);
  const result = target.result as Result360 | null;
  const heading = { name: employee.fullName, year: campaign.year };
  const text = resultText(t, lang, methodology, target.competencySetId, heading, result);
  let chart: Buffer | null = null;
  let caption: string | null = null;
  if (result?.ok) {
    caption = resultCaption(t, lang, methodology, target.competencySetId, heading, result);
    const set = methodology.methods.survey360?.competencySets.find((s) => s.id === target.competencySetId);
    chart = await renderRadarPng({
      title: t('survey360:result.chartTitle', heading),
      axes: result.perCompetency.map(
        (c) => set?.competencies.find((s) => s.id === c.id)?.title[lang] ?? c.id,
      ),
      series: [
        { name: t('survey360:result.seriesOthers'), values: result.perCompetency.map((c) => c.average) },
        { name: t('survey360:result.seriesSelf'), values: result.perCompetency.map((c) => c.selfAverage) },
      ],
    });
  }
  return { employeeId: String(employee._id), text, chart, caption };
}

/**
 * Queues each evaluatee's result through the outbox (idempotent per campaign and person). A result is one
 * registered notice: the radar chart with the result as its caption and the notice's own buttons, the
 * only acknowledgement that counts. No result (too few responses) is an information message: nothing to
 * acknowledge, no acquaintance term, no alert.
 */
export async function notifyResults(
  services: AppServices,
  campaignId: string,
  targetIds: readonly string[],
  progress?: Progress,
): Promise<void> {
  const campaign = await services.models.SurveyCampaign.findById(campaignId, { methodologyId: 1 }).lean();
  for (const [index, targetId] of targetIds.entries()) {
    await progress?.(index, targetIds.length);
    const target = await services.models.SurveyTarget.findById(targetId, { employeeId: 1, result: 1 }).lean();
    if (!target) continue;
    const employeeId = String(target.employeeId);
    const employee = await services.models.Employee.findById(employeeId, {
      organisationCode: 1,
      roles: 1,
    }).lean();
    const document = await survey360Document(services.models, targetId);
    // The evaluatee's own result; mayView is asked all the same, as on every path that shows one.
    if (!employee || !document || !mayView(actorOfEmployee(employee), document).allowed) continue;
    if (!(target.result as Result360 | null)?.ok) {
      await notifyEmployee(services, {
        key: `${RESULT360_INFO_KIND}:${campaignId}:${employeeId}`,
        kind: RESULT360_INFO_KIND,
        employeeId,
        render: async (t, lang) => ({
          text: (await resultMaterials(services, targetId, lang))?.text ?? t('survey360:result.notAvailable'),
          ackText: t('notices:hr.seenButton'),
        }),
      });
      continue;
    }
    await sendResultNotice(services, {
      kind: RESULT360_NOTICE_KIND,
      campaignId,
      employeeId,
      methodologyId: campaign?.methodologyId ?? null,
      render: async (t, lang) => {
        const materials = await resultMaterials(services, targetId, lang);
        if (!materials) return { text: t('survey360:result.notAvailable') };
        return materials.chart && materials.caption
          ? { text: materials.caption, photo: materials.chart }
          : { text: materials.text };
      },
    });
  }
}

/** How a close ended: evaluatees with a result (enough responses) out of all evaluatees. */
export interface CampaignClosed {
  results: number;
  evaluated: number;
}

/**
 * Closes a campaign (HR's button or the deadline job), stores results and queues the notices. Safe to
 * run again after a crash at any point: results are stored once, notices are keyed per person.
 */
export async function finishCampaign(
  services: AppServices,
  campaignId: string,
  progress?: Progress,
): Promise<CampaignClosed> {
  await closeCampaign(services, campaignId);
  const all = await services.models.SurveyTarget.find(
    { campaignId, excludedReason: null },
    { _id: 1, result: 1 },
  )
    .sort({ _id: 1 })
    .lean();
  await notifyResults(
    services,
    campaignId,
    all.map((t) => String(t._id)),
    progress,
  );
  const results = all.filter((t) => (t.result as { ok?: boolean } | null)?.ok).length;
  return { results, evaluated: all.length };
}
