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
import { resultText } from './survey360-text.ts';

interface ResultMaterials {
  employeeId: string;
  text: string;
  /** The radar chart, when there is a result to draw. */
  chart: Buffer | null;
}

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
  if (result?.ok) {
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
  return { employeeId: String(employee._id), text, chart };
}

/** Queues each evaluatee's result notice and chart through the outbox (idempotent per campaign and person). */
export async function notifyResults(
  services: AppServices,
  campaignId: string,
  targetIds: readonly string[],
  progress?: Progress,
): Promise<void> {
  for (const [index, targetId] of targetIds.entries()) {
    await progress?.(index, targetIds.length);
    const target = await services.models.SurveyTarget.findById(targetId).lean();
    if (!target) continue;
    const employeeId = String(target.employeeId);
    const employee = await services.models.Employee.findById(employeeId, {
      organisationCode: 1,
      roles: 1,
    }).lean();
    const document = await survey360Document(services.models, targetId);
    // The evaluatee's own result; mayView is asked all the same, as on every path that shows one.
    if (!employee || !document || !mayView(actorOfEmployee(employee), document).allowed) continue;
    let chart: Buffer | null = null;
    const campaign = await services.models.SurveyCampaign.findById(campaignId, { methodologyId: 1 }).lean();
    // A registered notice: acknowledgement, the last day to disagree, and the delivery register.
    await sendResultNotice(services, {
      kind: 'result360',
      campaignId,
      employeeId,
      methodologyId: campaign?.methodologyId ?? null,
      render: async (t, lang) => {
        const materials = await resultMaterials(services, targetId, lang);
        chart = materials?.chart ?? null;
        return { text: materials?.text ?? t('survey360:result.notAvailable') };
      },
    });
    if (!chart) continue;
    const photo: Buffer = chart;
    await notifyEmployee(services, {
      key: `result360chart:${campaignId}:${employeeId}`,
      kind: 'result360chart',
      employeeId,
      render: (t) => ({ text: t('survey360:result.seriesOthers'), photo, ackText: t('notices.ackButton') }),
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
