import type { Types } from 'mongoose';
import { almatyDateOf } from '../calendar/index.ts';
import {
  type BandLabel,
  documentFileName,
  type Lang,
  renderChapter6Sheet,
  renderKpiSheet,
  renderRankingSheet,
  renderResult360,
  type SheetCommon,
} from '../documents/index.ts';
import { renderRadarPng } from '../evaluation/radar/index.ts';
import { FINAL_STATUSES, type KpiItem } from '../evaluation/ranking/models.ts';
import { loadSheet, type SheetView } from '../evaluation/ranking/sheet.ts';
import type { Result360 } from '../evaluation/survey360/results.ts';
import { getMethodology, type Methodology } from '../methodology/index.ts';
import type { AppServices } from '../services.ts';
import { documentPerson } from './people.ts';
import type { FiledDocument } from './refusal-act.ts';

const bandOf = (methodology: Methodology, id: string | null | undefined): BandLabel | null => {
  const band = methodology.bands.find((b) => b.id === id);
  return band ? { label: band.label } : null;
};

/**
 * A filled ranking, KPI or Chapter 6 sheet as its appendix form, in one language. Null when the sheet is
 * gone or carries no final result. Who may have it is the caller's check (mayView).
 */
export async function sheetPaper(
  services: AppServices,
  sheetId: Types.ObjectId | string,
  lang: Lang,
): Promise<FiledDocument | null> {
  const { models } = services;
  const view = await loadSheet(models, sheetId);
  const result = view?.sheet.result;
  if (!view || !result || !FINAL_STATUSES.includes(view.sheet.status as never)) return null;
  const { sheet, methodology } = view;
  const employee = await documentPerson(models, sheet.employeeId);
  if (!employee) return null;
  const campaign = await models.RankingCampaign.findById(sheet.campaignId, { period: 1 }).lean();
  const period = campaign?.period ?? sheet.period;
  const locale = { lang, t: services.translator.forLanguage(lang) };
  const notice = await models.Notice.findOne(
    { campaignId: String(sheet.campaignId), employeeId: sheet.employeeId },
    { acknowledgedAt: 1 },
  ).lean();
  const common: SheetCommon = {
    methodologyId: methodology.id,
    organisation: methodology.organization,
    period,
    employee,
    evaluator: await documentPerson(models, sheet.evaluatorId),
    participation: sheet.participation === 'withoutParticipation' ? 'withoutParticipation' : 'full',
    participationReason:
      sheet.participation === 'withoutParticipation' && sheet.reason
        ? locale.t(`ranking:reasons.${sheet.reason}`)
        : null,
    evaluatedOn: sheet.submittedAt ? almatyDateOf(sheet.submittedAt) : null,
    acquaintedOn: notice?.acknowledgedAt ? almatyDateOf(notice.acknowledgedAt) : null,
  };
  const band = bandOf(methodology, result.band);
  let data: Buffer;
  let kind: 'rankingSheet' | 'kpiSheet' | 'chapter6Sheet';
  if (view.form) {
    kind = 'rankingSheet';
    data = await renderRankingSheet(rankingInput(view, common, band), locale);
  } else if (view.kpiMethod?.rule.kind === 'fulfilledCount') {
    kind = 'chapter6Sheet';
    const reviewer = await documentPerson(models, sheet.review?.reviewerId);
    data = await renderChapter6Sheet(
      {
        ...common,
        kpis: (sheet.kpis as KpiItem[]).map((k) => ({
          title: k.title,
          unit: k.unit || null,
          planned: k.planned ?? null,
          actual: k.actual ?? null,
          fulfilled: k.fulfilled ?? null,
        })),
        fulfilledCount: result.fulfilledCount ?? null,
        band,
        review: reviewer
          ? {
              reviewer,
              agreedOn: sheet.review?.agreedAt ? almatyDateOf(sheet.review.agreedAt) : null,
            }
          : null,
      },
      locale,
    );
  } else {
    kind = 'kpiSheet';
    data = await renderKpiSheet(
      {
        ...common,
        kpis: (sheet.kpis as KpiItem[]).map((k) => ({
          title: k.title,
          unit: k.unit || null,
          planned: k.planned ?? null,
          actual: k.actual ?? null,
          lowerIsBetter: k.lowerIsBetter ?? false,
          percent: k.percent ?? null,
          score: k.score ?? null,
        })),
        average: result.average ?? null,
        band,
      },
      locale,
    );
  }
  const fileName = documentFileName(
    kind,
    { personnelNumber: employee.personnelNumber, fullName: employee.fullName, period },
    locale,
  );
  return { lang, fileName, data };
}

function rankingInput(view: SheetView, common: SheetCommon, band: BandLabel | null) {
  const form = view.form!;
  const scores = (view.sheet.scores ?? {}) as Record<string, number>;
  const justifications = (view.sheet.justifications ?? {}) as Record<string, string>;
  return {
    ...common,
    form: {
      id: form.id,
      title: form.title,
      scale: form.scale,
      justificationLabel: form.justificationLabel ?? null,
    },
    parameters: form.parameters.map((p) => ({
      title: p.title,
      criteria: p.criteria ?? null,
      score: scores[p.id] ?? null,
      justification: justifications[p.id] ?? null,
    })),
    average: view.sheet.result?.average ?? null,
    band,
  };
}

/** An evaluatee's 360 result as its appendix form (Almaty city Appendix 7 or 8), with the radar chart. */
export async function result360Paper(
  services: AppServices,
  targetId: Types.ObjectId | string,
  lang: Lang,
): Promise<FiledDocument | null> {
  const { models } = services;
  const target = await models.SurveyTarget.findById(targetId).lean();
  const campaign = target && (await models.SurveyCampaign.findById(target.campaignId).lean());
  const methodology = campaign ? getMethodology(campaign.methodologyId) : undefined;
  const result = target?.result as Result360 | null;
  if (!target || !campaign || !methodology || !result?.ok) return null;
  const employee = await documentPerson(models, target.employeeId);
  const set = methodology.methods.survey360?.competencySets.find((s) => s.id === target.competencySetId);
  if (!employee || !set) return null;
  const t = services.translator.forLanguage(lang);
  const titleOf = (id: string) => set.competencies.find((c) => c.id === id)?.title ?? { kk: id, ru: id };
  const radarPng = await renderRadarPng({
    title: t('survey360:result.chartTitle', { name: employee.fullName, year: campaign.year }),
    axes: result.perCompetency.map((c) => titleOf(c.id)[lang]),
    series: [
      { name: t('survey360:result.seriesOthers'), values: result.perCompetency.map((c) => c.average) },
      { name: t('survey360:result.seriesSelf'), values: result.perCompetency.map((c) => c.selfAverage) },
    ],
  });
  const locale = { lang, t };
  const data = await renderResult360(
    {
      methodologyId: methodology.id,
      organisation: methodology.organization,
      year: campaign.year,
      employee,
      audience: set.id === 'heads' ? 'heads' : 'staff',
      competencies: result.perCompetency.map((c) => ({
        title: titleOf(c.id),
        average: c.average,
        selfAverage: c.selfAverage,
      })),
      overall: result.overall,
      band: bandOf(methodology, result.band) ?? { label: { kk: result.band, ru: result.band } },
      respondentCount: result.respondentCount,
      lowest: result.lowest.map(titleOf),
      radarPng,
      computedOn: campaign.state === 'closed' ? almatyDateOf(campaign.updatedAt) : null,
    },
    locale,
  );
  const fileName = documentFileName(
    'result360',
    { personnelNumber: employee.personnelNumber, fullName: employee.fullName, period: String(campaign.year) },
    locale,
  );
  return { lang, fileName, data };
}
