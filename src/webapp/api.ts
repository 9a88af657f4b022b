import { Types } from 'mongoose';
import { almatyDateOf } from '../calendar/index.ts';
import { mayView, sheetDocument } from '../evaluation/confidentiality.ts';
import { exportCampaign } from '../evaluation/ranking/results.ts';
import { formatDate, formatDateTime, formatPeriod, formatScore } from '../i18n/format.ts';
import { getMethodology } from '../methodology/index.ts';
import { deliveryRegisterPage, type RegisterFilter } from '../notifications/notices.ts';
import { registerReasonText } from '../notifications/register-workbook.ts';
import { remindEvaluatorsNow } from '../notifications/reminders/ranking-now.ts';
import { remindPending } from '../notifications/reminders/survey360.ts';
import { rankingExportLabels } from '../notifications/results/ranking-labels.ts';
import { pageNumberOf } from '../paging.ts';
import { type OwnedRef, organisationOfDocument } from '../people/access.ts';
import { recordAudit } from '../people/audit.ts';
import type { AppServices } from '../services.ts';
import type { Caller } from './caller.ts';
import {
  evaluatorsBehind,
  evaluatorsOfUnit,
  pageOf,
  rankingProgress,
  respondentsOfUnit,
  survey360Progress,
} from './progress.ts';
import { bandsByUnit, lowestCompetencies, peopleRows, personResult, visibleSheets } from './results.ts';

/** Sends a file to the caller's chat with the bot (exports arrive where the chat's exports do). */
export type SendDocument = (
  chatId: number,
  bytes: Buffer,
  fileName: string,
  caption: string,
) => Promise<void>;

export interface ApiRequest {
  method: string;
  /** Path below /api/, split at "/". */
  segments: string[];
  query: URLSearchParams;
  body: Record<string, unknown>;
}

export type ApiResponse = { status: 200; body: unknown } | { status: 400 | 403 | 404 };

const PER_PAGE = 25;
const NOT_ALLOWED = { status: 403 } as const;

/** The register filters as the page names them. */
const REGISTER_FILTERS: Record<string, RegisterFilter> = {
  all: 'all',
  unack: 'unacknowledged',
  undeliv: 'undeliverable',
  appeal: 'appealOpen',
};

/**
 * One API request of a caller already identified (callerOf). Every id in the path or body is checked
 * against the caller's scope (organisationOfDocument, as hrScopeOwning in the chat) before anything of
 * the document is read; a foreign id and an unknown id get the same 403. Who sees a result is
 * mayView's, through visibleSheets, personResult and lowestCompetencies.
 */
export async function handleApi(
  services: AppServices,
  caller: Caller,
  request: ApiRequest,
  sendDocument: SendDocument,
): Promise<ApiResponse> {
  const { method, segments, query, body } = request;
  const t = services.translator.forLanguage(caller.lang);
  // campaigns/<id>/progress → "campaigns/:id/progress": the id is checked by each route.
  const route = segments.length === 3 ? [segments[0], ':id', segments[2]] : segments;
  const key = `${method} ${route.join('/')}`;
  const audit = (action: string, details: Record<string, unknown> = {}) =>
    recordAudit(services, {
      telegramId: caller.telegramId,
      employeeId: caller.employeeId,
      organisationCode: caller.scope,
      action,
      details: { ...details, via: 'dashboard' },
    });
  const page = Number(query.get('page') ?? 0);
  const { models } = services;

  switch (key) {
    case 'GET session': {
      await audit('webapp.open');
      const organisation = await models.Organisation.findOne({ code: caller.scope }).lean();
      const methodology = organisation?.methodologyId
        ? getMethodology(organisation.methodologyId)
        : undefined;
      return ok({
        lang: caller.lang,
        messages: services.translator.instance.getResourceBundle(caller.lang, 'webapp') ?? {},
        organisation: { code: caller.scope, name: organisation?.name ?? caller.scope },
        seesResults: await mayViewBody(services, caller),
        bands: (methodology?.bands ?? [])
          .slice()
          .sort((a, b) => b.min - a.min)
          .map((b) => ({ id: b.id, label: b.label[caller.lang] })),
      });
    }
    case 'GET campaigns': {
      const surveys = await models.SurveyCampaign.find({ organisationCode: caller.scope })
        .sort({ year: -1, _id: -1 })
        .limit(5)
        .lean();
      const rankings = await models.RankingCampaign.find({ organisationCode: caller.scope })
        .sort({ year: -1, period: -1, _id: -1 })
        .limit(12)
        .lean();
      return ok({
        rows: [
          ...rankings.map((c) => ({
            kind: 'ranking',
            id: String(c._id),
            title: formatPeriod(t, c.period),
            state: c.state,
          })),
          ...surveys.map((c) => ({
            kind: 'survey360',
            id: String(c._id),
            title: t('webapp:campaigns.survey360Title', { year: c.year }),
            state: c.state,
            deadline: formatDate(c.deadline),
          })),
        ],
      });
    }
    case 'GET campaigns/:id/progress': {
      const campaign = await campaignInScope(services, caller, segments[1]!);
      if (!campaign) return NOT_ALLOWED;
      const units =
        campaign.kind === 'survey360'
          ? await survey360Progress(models, campaign.doc, services.now())
          : await rankingProgress(models, campaign.doc, services.now());
      await audit(campaign.kind === 'survey360' ? 'survey360.progress' : 'webapp.rankingProgress', {
        campaignId: segments[1],
      });
      return ok({ kind: campaign.kind, units });
    }
    case 'GET campaigns/:id/evaluators': {
      const campaign = await campaignInScope(services, caller, segments[1]!);
      if (campaign?.kind !== 'ranking') return NOT_ALLOWED;
      const unit = query.get('unit') ?? undefined;
      const rows = await evaluatorsBehind(models, campaign.doc, services.now(), unit);
      return ok(pageOf(rows, page, PER_PAGE));
    }
    case 'POST campaigns/:id/remind': {
      const campaign = await campaignInScope(services, caller, segments[1]!);
      const unitCode = typeof body.unitCode === 'string' ? body.unitCode : '';
      if (!campaign || !unitCode) return NOT_ALLOWED;
      const reminded =
        campaign.kind === 'survey360'
          ? await remindPending(
              services,
              segments[1]!,
              await respondentsOfUnit(models, campaign.doc._id, caller.scope, unitCode),
            )
          : await remindEvaluatorsNow(
              services,
              segments[1]!,
              await evaluatorsOfUnit(models, campaign.doc._id, unitCode),
            );
      await audit('webapp.remindUnit', { campaignId: segments[1], unitCode, reminded });
      return ok({ reminded });
    }
    case 'POST campaigns/:id/remind-evaluator': {
      const campaign = await campaignInScope(services, caller, segments[1]!);
      const evaluatorId = typeof body.evaluatorId === 'string' ? body.evaluatorId : '';
      if (
        campaign?.kind !== 'ranking' ||
        !(await inScope(services, caller, { kind: 'employee', id: evaluatorId }))
      )
        return NOT_ALLOWED;
      const reminded = await remindEvaluatorsNow(services, segments[1]!, [evaluatorId]);
      await audit('webapp.remindEvaluator', { campaignId: segments[1], employeeId: evaluatorId, reminded });
      return ok({ reminded });
    }
    case 'GET campaigns/:id/bands': {
      const campaign = await campaignInScope(services, caller, segments[1]!);
      if (campaign?.kind !== 'ranking') return NOT_ALLOWED;
      const sheets = await visibleSheets(models, caller.actor, campaign.doc);
      if (sheets.length === 0 && !(await mayViewBody(services, caller))) return NOT_ALLOWED;
      await audit('results.view', {
        kind: 'ranking',
        campaignId: segments[1],
        aggregate: 'bands',
        sheets: sheets.length,
      });
      return ok({ units: await bandsByUnit(models, caller.scope, sheets) });
    }
    case 'GET campaigns/:id/people': {
      const campaign = await campaignInScope(services, caller, segments[1]!);
      if (campaign?.kind !== 'ranking') return NOT_ALLOWED;
      const sheets = await visibleSheets(models, caller.actor, campaign.doc);
      if (sheets.length === 0 && !(await mayViewBody(services, caller))) return NOT_ALLOWED;
      const shown = pageOf(
        await peopleRows(models, caller.scope, sheets, query.get('q') ?? ''),
        page,
        PER_PAGE,
      );
      // Each person on the page is someone else's result seen.
      const others = shown.rows.filter((r) => r.employeeId !== String(caller.employeeId));
      if (others.length > 0)
        await audit('results.view', {
          kind: 'ranking',
          campaignId: segments[1],
          employeeIds: others.map((r) => r.employeeId),
        });
      return ok({
        ...shown,
        rows: shown.rows.map((r) => ({
          ...r,
          scoreText: r.score === null ? null : formatScore(r.score),
          statusText: t(`ranking:statuses.${r.status}`),
        })),
      });
    }
    case 'POST campaigns/:id/export': {
      const campaign = await campaignInScope(services, caller, segments[1]!);
      if (campaign?.kind !== 'ranking') return NOT_ALLOWED;
      const exported = await exportCampaign(
        models,
        campaign.doc._id,
        caller.lang,
        rankingExportLabels(t),
        async (sheet) =>
          mayView(caller.actor, await sheetDocument(models, sheet, campaign.doc.methodologyId)).allowed,
      );
      await audit('ranking.export', { campaignId: segments[1], sheets: exported?.sheetIds.length ?? 0 });
      if (!exported) return NOT_ALLOWED;
      await sendDocument(
        caller.telegramId,
        exported.bytes,
        `ranking-${campaign.doc.organisationCode}-${campaign.doc.period}.xlsx`,
        t('ranking:export.caption', {
          period: formatPeriod(t, campaign.doc.period),
          forPeriod: formatPeriod(t, campaign.doc.period, 'for'),
        }),
      );
      return ok({ sent: true });
    }
    case 'GET people/:id/result': {
      const employeeId = segments[1]!;
      if (!(await inScope(services, caller, { kind: 'employee', id: employeeId }))) return NOT_ALLOWED;
      const employee = await models.Employee.findById(employeeId).lean();
      if (!employee) return NOT_ALLOWED;
      const year = Number(almatyDateOf(services.now()).slice(0, 4));
      const result = await personResult(models, caller.actor, employee, [year - 1, year], caller.lang);
      if (!result) return NOT_ALLOWED;
      if (!employee._id.equals(caller.employeeId ?? undefined)) {
        await audit('results.view', { kind: 'ranking', employeeId, sheets: result.shown.sheets });
        if (result.shown.targetId)
          await audit('results.view', { kind: 'survey360', targetId: result.shown.targetId, employeeId });
      }
      const methodology = await methodologyOfScope(services, caller.scope);
      const bandLabel = (band: string | null) =>
        methodology?.bands.find((b) => b.id === band)?.label[caller.lang] ?? '';
      return ok({
        employee: result.employee,
        years: result.years.map((y) => ({
          year: y.year,
          quarters: y.quarters.map((q) => ({
            period: formatPeriod(t, q.period),
            kind: q.kind,
            score: q.score,
            scoreText: q.score === null ? null : formatScore(q.score),
            band: q.band,
            bandText: bandLabel(q.band),
            reasonText: q.reason ? t(`ranking:reasons.${q.reason}`, { defaultValue: '' }) : null,
          })),
          annual: y.annual && {
            scoreText: y.annual.score === null ? null : formatScore(y.annual.score),
            band: y.annual.band,
            bandText: bandLabel(y.annual.band),
          },
        })),
        radar: result.radar && {
          ...result.radar,
          overallText: formatScore(result.radar.overall),
          bandText: bandLabel(result.radar.band),
        },
      });
    }
    case 'GET training-needs': {
      if (!(await mayViewBody(services, caller))) return NOT_ALLOWED;
      const needs = await lowestCompetencies(models, caller.actor, caller.scope, caller.lang);
      await audit('results.view', {
        kind: 'survey360',
        aggregate: 'competencies',
        campaignId: needs?.campaignId,
      });
      return ok(
        needs && {
          ...needs,
          rows: needs.rows.map((r) => ({ ...r, averageText: formatScore(r.average) })),
        },
      );
    }
    case 'GET register': {
      const filter = REGISTER_FILTERS[query.get('filter') ?? 'all'];
      if (!filter) return { status: 400 };
      const shown = await deliveryRegisterPage(services, {
        filter,
        organisationCode: caller.scope,
        page,
        perPage: PER_PAGE,
      });
      await audit('hr.register', { filter, page: shown.page });
      return ok({
        ...shown,
        rows: shown.rows.map((row) => ({
          noticeId: row.noticeId,
          name: row.name,
          kindText: t(`notices:kinds.${row.kind}`, { defaultValue: row.kind }),
          state: row.state,
          stateText: t(`notices:states.${row.state}`),
          queuedAt: formatDateTime(row.queuedAt),
          sentAt: row.sentAt && formatDateTime(row.sentAt),
          acknowledgedAt: row.acknowledgedAt && formatDateTime(row.acknowledgedAt),
          refusedAt: row.refusedAt && formatDateTime(row.refusedAt),
          appealUntil: row.appealUntil && formatDate(row.appealUntil),
          reason: row.reason && registerReasonText(t, row.reason),
        })),
      });
    }
    case 'GET appeals': {
      const filter = { state: 'open' as const, organisationCode: caller.scope };
      const total = await models.Appeal.countDocuments(filter);
      const paged = pageNumberOf(total, page, PER_PAGE);
      const appeals = await models.Appeal.find(filter)
        .sort({ decisionBy: 1, _id: 1 })
        .skip(paged.page * PER_PAGE)
        .limit(PER_PAGE)
        .lean();
      const names = new Map(
        (
          await models.Employee.find(
            { _id: { $in: appeals.map((a) => a.employeeId) } },
            { fullName: 1 },
          ).lean()
        ).map((e) => [String(e._id), e.fullName]),
      );
      const today = almatyDateOf(services.now());
      await audit('hr.appeals', { page: paged.page });
      return ok({
        ...paged,
        total,
        rows: appeals.map((a) => ({
          appealId: String(a._id),
          name: names.get(String(a.employeeId)) ?? '',
          kindText: t(`notices:kinds.${a.kind}`, { defaultValue: a.kind }),
          filedOn: formatDate(a.filedOn),
          decisionBy: formatDate(a.decisionBy),
          sessionBy: formatDate(a.sessionBy),
          overdue: a.decisionBy < today,
          statement: a.statement,
        })),
      });
    }
    default:
      return { status: 404 };
  }
}

const ok = (body: unknown): ApiResponse => ({ status: 200, body });

async function inScope(services: AppServices, caller: Caller, ref: OwnedRef): Promise<boolean> {
  return (await organisationOfDocument(services.models, ref)) === caller.scope;
}

/** A 360 or ranking campaign of the caller's body by id (either collection), or null. */
async function campaignInScope(services: AppServices, caller: Caller, id: string) {
  const { models } = services;
  if (await inScope(services, caller, { kind: 'rankingCampaign', id })) {
    const doc = await models.RankingCampaign.findById(id).lean();
    return doc ? { kind: 'ranking' as const, doc } : null;
  }
  if (await inScope(services, caller, { kind: 'surveyCampaign', id })) {
    const doc = await models.SurveyCampaign.findById(id).lean();
    return doc ? { kind: 'survey360' as const, doc } : null;
  }
  return null;
}

/**
 * Whether the caller sees the body's results as a whole (an aggregate, or an empty list that is
 * not a refusal): mayView of a result of the body that is nobody's in particular, as /scores asks.
 */
async function mayViewBody(services: AppServices, caller: Caller): Promise<boolean> {
  const methodology = await methodologyOfScope(services, caller.scope);
  return mayView(caller.actor, {
    kind: 'ranking',
    id: caller.scope,
    organisationCode: caller.scope,
    methodologyId: methodology?.id ?? null,
    evaluateeId: NOBODY,
    evaluatorId: null,
    reviewerId: null,
    openCase: null,
  }).allowed;
}

/** No employee: a result of the body as a whole. */
const NOBODY = new Types.ObjectId('000000000000000000000000');

async function methodologyOfScope(services: AppServices, organisationCode: string) {
  const organisation = await services.models.Organisation.findOne({ code: organisationCode }).lean();
  return organisation?.methodologyId ? getMethodology(organisation.methodologyId) : undefined;
}
