import { needsCommissionApproval } from '../../evaluation/commission/rules.ts';
import { mayView, sheetDocument } from '../../evaluation/confidentiality.ts';
import { FINAL_STATUSES } from '../../evaluation/ranking/models.ts';
import { HR_DECISION_REASON } from '../../evaluation/ranking/overdue.ts';
import { type SheetView, viewOf } from '../../evaluation/ranking/sheet.ts';
import { periodWords } from '../../i18n/format.ts';
import type { Translate } from '../../i18n/index.ts';
import { actorOfEmployee } from '../../people/access.ts';
import type { Language } from '../../people/models.ts';
import type { AppServices } from '../../services.ts';
import type { Progress } from '../../tasks/progress.ts';
import { sendResultNotice } from '../notices.ts';
import { notifyEmployee } from '../notify.ts';
import { answerLines, resultLine } from './ranking-text.ts';

/** Outbox and notice kind of a ranking/KPI result (quarter, or the Chapter 6 year). */
export const QUARTER_NOTICE_KIND = 'quarter';
/** Outbox kind of the information that an employee was not evaluated this period. */
export const NOT_EVALUATED_NOTICE_KIND = 'rankingNotEvaluated';

/** One final sheet as the evaluated employee reads it: the per-parameter (or KPI) table, average, band. */
export function sheetResultLines(t: Translate, lang: Language, view: SheetView): string[] {
  const { sheet } = view;
  const title = view.form?.title[lang] ?? view.kpiMethod?.title[lang] ?? t('ranking:kinds.kpi');
  const result = sheet.result ?? {};
  return [
    t('ranking:result.sheet', { title }),
    ...answerLines(t, lang, view, false),
    resultLine(t, lang, view, result),
  ];
}

/**
 * Each evaluated employee of a finalised campaign gets one registered result notice (kind `quarter`)
 * with every final sheet of theirs in it (a head may have a ranking and a KPI sheet): the
 * acknowledgement button, the delivery register and the appeal window work as for 360 results.
 * Idempotent per campaign and employee. Returns how many employees have a result.
 */
export async function notifyRankingResults(
  services: AppServices,
  campaignId: string,
  progress?: Progress,
): Promise<number> {
  const { models } = services;
  const campaign = await models.RankingCampaign.findById(campaignId).lean();
  if (!campaign) return 0;
  const sheets = await models.RankingSheet.find({ campaignId, status: { $in: FINAL_STATUSES } }).sort({
    kind: -1,
  });
  const byEmployee = new Map<string, SheetView[]>();
  for (const sheet of sheets) {
    // Chapter 6: the result reaches the employee only after the Commission and the authorised person.
    if (needsCommissionApproval(campaign.methodologyId, sheet.formId)) continue;
    const view = await viewOf(models, sheet);
    if (!view || !sheet.result) continue;
    const key = String(sheet.employeeId);
    byEmployee.set(key, [...(byEmployee.get(key) ?? []), view]);
  }
  let done = 0;
  for (const [employeeId, views] of byEmployee) {
    await progress?.(done++, byEmployee.size);
    const employee = await models.Employee.findById(employeeId, {
      fullName: 1,
      organisationCode: 1,
      roles: 1,
    }).lean();
    if (!employee) continue;
    // The notice carries only what mayView lets its recipient see (their own sheets).
    const recipient = actorOfEmployee(employee);
    const shown: SheetView[] = [];
    for (const view of views) {
      const document = await sheetDocument(models, view.sheet, campaign.methodologyId);
      if (mayView(recipient, document).allowed) shown.push(view);
    }
    if (shown.length === 0) continue;
    await sendResultNotice(services, {
      kind: QUARTER_NOTICE_KIND,
      campaignId,
      employeeId,
      methodologyId: campaign.methodologyId,
      // Chapter 6 sheets follow their own route (the commission): no calibration request on the notice.
      routeFormId: shown.find((view) => scopedFormOf(view))?.sheet.formId ?? null,
      organisationCode: campaign.organisationCode,
      render: (t, lang) => ({
        text: [
          t('ranking:result.title', { ...periodWords(t, campaign.period), name: employee.fullName }),
          ...shown.flatMap((view) => ['', ...sheetResultLines(t, lang, view)]),
          '',
          t('ranking:result.ackHint'),
        ].join('\n'),
      }),
    });
  }
  return byEmployee.size;
}

/** The reason a sheet is "not evaluated", in the reader's language (HR's own words when HR gave them). */
export function notEvaluatedReason(
  t: Translate,
  sheet: { reason?: string | null; reasonNote?: string | null },
): string {
  if (sheet.reason === HR_DECISION_REASON && sheet.reasonNote) return sheet.reasonNote;
  return t(`ranking:reasons.${sheet.reason ?? 'pending'}`);
}

/**
 * Each employee of a finalised campaign who has no final sheet gets an information notice saying they
 * were not evaluated this period and why, so nobody is left without a word. Keyed per campaign and
 * employee. Returns how many were queued.
 */
export async function notifyNotEvaluated(services: AppServices, campaignId: string): Promise<number> {
  const { models } = services;
  const campaign = await models.RankingCampaign.findById(campaignId, { period: 1 }).lean();
  if (!campaign) return 0;
  const sheets = await models.RankingSheet.find(
    { campaignId },
    { employeeId: 1, status: 1, reason: 1, reasonNote: 1 },
  )
    .sort({ _id: 1 })
    .lean();
  const withResult = new Set(
    sheets.filter((s) => FINAL_STATUSES.includes(s.status)).map((s) => String(s.employeeId)),
  );
  const first = new Map<string, (typeof sheets)[number]>();
  for (const sheet of sheets) {
    const key = String(sheet.employeeId);
    if (sheet.status === 'notEvaluated' && !withResult.has(key) && !first.has(key)) first.set(key, sheet);
  }
  let queued = 0;
  for (const [employeeId, sheet] of first) {
    const outcome = await notifyEmployee(services, {
      key: `rkNotEvaluated:${campaignId}:${employeeId}`,
      kind: NOT_EVALUATED_NOTICE_KIND,
      employeeId,
      render: (t) => ({
        text: t('ranking:result.notEvaluated', {
          ...periodWords(t, campaign.period),
          reason: notEvaluatedReason(t, sheet),
        }),
        ackText: t('notices:hr.seenButton'),
      }),
    });
    if (outcome === 'queued') queued++;
  }
  return queued;
}

/** Whether the sheet belongs to the methodology's scoped KPI procedure (Chapter 6). */
function scopedFormOf(view: SheetView): boolean {
  return view.methodology.methods.scopedKpi?.scope.id === view.sheet.formId;
}
