import { InputFile } from 'grammy';
import type { AppServices, BotContext } from '../src/bot/context.ts';
import { renderRadarPng } from '../src/evaluation/radar/index.ts';
import { canViewResult, type Result360 } from '../src/evaluation/survey360/results.ts';
import { getMethodology } from '../src/methodology/index.ts';
import { sendResultNotice } from '../src/notifications/notices.ts';
import { notifyEmployee } from '../src/notifications/notify.ts';
import type { Language } from '../src/people/models.ts';
import { resultText } from './survey360-views.ts';

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

/** Shows a result to the person asking, if they may see it: the evaluatee or HR. */
export async function renderResult360(ctx: BotContext, targetId: string): Promise<void> {
  const target = await ctx.services.models.SurveyTarget.findById(targetId).lean();
  const allowed =
    target && canViewResult({ employeeId: ctx.employee?._id ?? null, roles: ctx.roles }, target.employeeId);
  if (!allowed) {
    await ctx.reply(ctx.t('errors.notAllowed'));
    return;
  }
  const materials = await resultMaterials(ctx.services, targetId, ctx.lang);
  if (!materials) {
    await ctx.reply(ctx.t('survey360:result.notAvailable'));
    return;
  }
  await ctx.reply(materials.text);
  if (materials.chart) await ctx.replyWithPhoto(new InputFile(materials.chart, 'radar.png'));
}

/** Queues each evaluatee's result notice and chart through the outbox (idempotent per campaign and person). */
export async function notifyResults(
  services: AppServices,
  campaignId: string,
  targetIds: readonly string[],
): Promise<void> {
  for (const targetId of targetIds) {
    const target = await services.models.SurveyTarget.findById(targetId).lean();
    if (!target) continue;
    const employeeId = String(target.employeeId);
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
