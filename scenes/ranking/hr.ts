import { Composer, InlineKeyboard, InputFile } from 'grammy';
import { anyOf, callbacks } from '../../src/bot/callback-data.ts';
import type { BotContext } from '../../src/bot/context.ts';
import {
  deny,
  employeeOfBody,
  hrScope,
  hrScopeNamed,
  hrScopeOwning,
  refuseNonHr,
} from '../../src/bot/hr-access.ts';
import { onButton } from '../../src/bot/on-button.ts';
import { almatyDateOf } from '../../src/calendar/index.ts';
import { mayView, sheetDocument } from '../../src/evaluation/confidentiality.ts';
import {
  closeRankingCampaign,
  createRankingCampaign,
  parsePeriod,
  previousQuarter,
  setSubstitute,
  takePeriod,
} from '../../src/evaluation/ranking/campaign.ts';
import { parseKpiPlan, saveKpiPlan } from '../../src/evaluation/ranking/kpi-plan.ts';
import { FINAL_STATUSES, type RankingSheetDoc } from '../../src/evaluation/ranking/models.ts';
import { exportCampaign, yearResults } from '../../src/evaluation/ranking/results.ts';
import { applyReturnDeadlines } from '../../src/evaluation/ranking/return-deadlines.ts';
import { formatDate, formatScore, parseTypedDate, periodWords } from '../../src/i18n/format.ts';
import type { Translate } from '../../src/i18n/index.ts';
import { describeValidity, kpiMethodForPeriod } from '../../src/methodology/index.ts';
import { notifyEvaluators, notifyReturnDeadlines } from '../../src/notifications/reminders/ranking.ts';
import { notifyRankingResults } from '../../src/notifications/results/ranking.ts';
import { hasHrRights } from '../../src/people/access.ts';
import { audit } from '../../src/people/audit.ts';
import { methodologyOfOrganisation } from '../../src/people/organisations.ts';
import type { AppServices } from '../../src/services.ts';

/**
 * HR's side of ranking and KPI sheets: open a period's campaign (who evaluates whom, who is not
 * evaluated and why), record work plans and absences, set substitutes, export results; and everyone's
 * /scores (own results; HR and evaluators may ask for someone else's).
 */
export const rankingHr = new Composer<BotContext>();

const HR_COMMANDS = ['ranking', 'kpiplan', 'substitute', 'absence', 'rankexport'];
rankingHr.use(refuseNonHr(HR_COMMANDS, anyOf(callbacks.rankingHr)));

const { rankingHr: cb } = callbacks;

/** `/ranking [year [quarter]] [organisation]`: the period's campaign, or a button to open it. */
rankingHr.command('ranking', async (ctx) => {
  const args = ctx.match.trim().split(/\s+/).filter(Boolean);
  const taken = takePeriod(args);
  const period = args.length === 0 ? previousQuarter(ctx.services.now()) : taken.period;
  if (!period) {
    await ctx.reply(ctx.t('ranking:hr.usage'));
    return;
  }
  const organisationCode = await hrScopeNamed(ctx, taken.rest[0]);
  if (!organisationCode) return;
  await audit(ctx, 'ranking.open', organisationCode, { period: period.label });
  const campaign = await ctx.services.models.RankingCampaign.findOne({
    organisationCode,
    period: period.label,
  });
  if (campaign) {
    const keyboard =
      campaign.state === 'open'
        ? new InlineKeyboard().text(
            ctx.t('ranking:hr.finaliseButton'),
            cb.finalise.build({ campaignId: String(campaign._id) }),
          )
        : undefined;
    await ctx.reply(await campaignText(ctx.services, ctx.t, String(campaign._id)), {
      reply_markup: keyboard,
    });
    return;
  }
  if (!(await methodologyOfOrganisation(ctx.services.models, organisationCode))) {
    await ctx.reply(ctx.t('ranking:hr.noMethodology'));
    return;
  }
  await ctx.reply(ctx.t('ranking:hr.noCampaign', periodWords(ctx.t, period.label)), {
    reply_markup: new InlineKeyboard().text(
      ctx.t('ranking:hr.createButton'),
      cb.create.build({ organisationCode, period: period.label }),
    ),
  });
});

onButton(rankingHr, cb.create, async (ctx, data) => {
  const organisationCode = await hrScopeNamed(ctx, data.organisationCode);
  if (!organisationCode) return;
  await ctx.answerCallbackQuery();
  const period = parsePeriod(data.period)!;
  const created = await createRankingCampaign(ctx.services.models, {
    organisationCode,
    period,
    createdBy: ctx.from.id,
  });
  await audit(ctx, 'ranking.create', organisationCode, {
    period: period.label,
    ...(created.ok ? { campaignId: String(created.campaignId) } : { problem: created.problem }),
  });
  if (!created.ok) {
    const methodology = await methodologyOfOrganisation(ctx.services.models, ctx.match[1]!);
    await ctx.reply(
      created.problem === 'notInForce' && methodology
        ? describeValidity(ctx.t, ctx.lang, methodology, created.validity, period.label)
        : ctx.t(`ranking:hr.${created.problem}`, periodWords(ctx.t, period.label)),
    );
    return;
  }
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  await ctx.reply(await campaignText(ctx.services, ctx.t, String(created.campaignId)));
  await notifyEvaluators(ctx.services, String(created.campaignId));
});

/** "Finalise": asks first, saying how many sheets have a result and how many do not. */
onButton(rankingHr, cb.finalise, async (ctx, { campaignId }) => {
  const scope = await hrScopeOwning(ctx, { kind: 'rankingCampaign', id: campaignId });
  if (!scope) return;
  await ctx.answerCallbackQuery();
  await audit(ctx, 'ranking.finaliseAsk', scope, { campaignId });
  const { models } = ctx.services;
  const campaign = await models.RankingCampaign.findById(campaignId).lean();
  if (!campaign) return;
  const sheets = await models.RankingSheet.find({ campaignId: campaign._id }, { status: 1 }).lean();
  const done = sheets.filter((s) => FINAL_STATUSES.includes(s.status)).length;
  const open = sheets.filter((s) => !FINAL_STATUSES.includes(s.status) && s.status !== 'notEvaluated').length;
  await ctx.reply(
    ctx.t('ranking:hr.finaliseConfirm', { ...periodWords(ctx.t, campaign.period), done, open }),
    {
      reply_markup: new InlineKeyboard().text(
        ctx.t('ranking:hr.finaliseYes'),
        cb.finaliseConfirmed.build({ campaignId: String(campaign._id) }),
      ),
    },
  );
});

/**
 * Confirmed: the campaign closes and every evaluated employee gets their result notice. A repeat (or a
 * tap after a crash in between) closes nothing again and only queues notices still missing.
 */
onButton(rankingHr, cb.finaliseConfirmed, async (ctx, { campaignId }) => {
  const scope = await hrScopeOwning(ctx, { kind: 'rankingCampaign', id: campaignId });
  if (!scope) return;
  await ctx.answerCallbackQuery();
  const { models } = ctx.services;
  const outcome = await closeRankingCampaign(models, campaignId, ctx.services.now());
  if (outcome === 'unknown') return;
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  const count = await notifyRankingResults(ctx.services, campaignId);
  const campaign = await models.RankingCampaign.findById(campaignId, { period: 1 }).lean();
  await audit(ctx, 'ranking.finalise', scope, { campaignId, outcome, notices: count });
  await ctx.reply(
    ctx.t(outcome === 'closed' ? 'ranking:hr.finalised' : 'ranking:hr.alreadyFinalised', {
      ...periodWords(ctx.t, campaign?.period ?? ''),
      count,
    }),
  );
});

export function statusLabel(
  t: Translate,
  sheet: Pick<RankingSheetDoc, 'status' | 'reason' | 'participation'>,
): string {
  const status = t(`ranking:statuses.${sheet.status}`);
  if (sheet.status === 'notEvaluated') return `${status}: ${t(`ranking:reasons.${sheet.reason}`)}`;
  if (sheet.participation === 'withoutParticipation')
    return `${status} (${t('ranking:list.withoutParticipation')}: ${t(`ranking:reasons.${sheet.reason}`)})`;
  return status;
}

async function campaignText(services: AppServices, t: Translate, campaignId: string): Promise<string> {
  const { models } = services;
  const campaign = await models.RankingCampaign.findById(campaignId).lean();
  const sheets = await models.RankingSheet.find({ campaignId }).lean();
  const people = await models.Employee.find({
    _id: { $in: [...sheets.map((s) => s.employeeId), ...sheets.flatMap((s) => s.evaluatorId ?? [])] },
  }).lean();
  const nameOf = (id: unknown) => people.find((p) => p._id.equals(String(id)))?.fullName ?? '—';
  const lines = [
    t('ranking:hr.status', {
      ...periodWords(t, campaign?.period ?? ''),
      total: sheets.length,
      done: sheets.filter((s) => ['submitted', 'agreed'].includes(s.status)).length,
    }),
    '',
  ];
  for (const sheet of sheets) {
    lines.push(
      t(sheet.deadline ? 'ranking:hr.line' : 'ranking:hr.lineAfterReturn', {
        name: nameOf(sheet.employeeId),
        kind: t(`ranking:kinds.${sheet.kind}`),
        evaluator: sheet.evaluatorId ? nameOf(sheet.evaluatorId) : '—',
        status: statusLabel(t, sheet),
        deadline: sheet.deadline ? formatDate(sheet.deadline) : '',
      }) + (sheet.evaluatorAbsent ? ` ${t('ranking:hr.evaluatorAbsent')}` : ''),
    );
  }
  return lines.join('\n');
}

/**
 * `/kpiplan <personnel number> <year> [quarter]` then one KPI per line: `title; unit; planned; ↓`.
 * Replaces the plan; an unopened sheet of that period takes it at once.
 */
rankingHr.command('kpiplan', async (ctx) => {
  const [first = '', ...rest] = ctx.match.split('\n');
  const [number, ...periodArgs] = first.trim().split(/\s+/);
  const { period, rest: extra } = takePeriod(periodArgs);
  const lines = rest.map((l) => l.trim()).filter(Boolean);
  if (!number || !period || extra.length > 0 || lines.length === 0) {
    await ctx.reply(ctx.t('ranking:kpiPlan.usage'));
    return;
  }
  const scope = await hrScope(ctx);
  if (!scope) return;
  const employee = await employeeOfBody(ctx, scope, number);
  if (!employee) {
    await ctx.reply(ctx.t('ranking:hr.unknownEmployee', { number }));
    return;
  }
  const methodology = await methodologyOfOrganisation(ctx.services.models, scope);
  const method = methodology && kpiMethodForPeriod(methodology, period.kind);
  if (!method) {
    await ctx.reply(ctx.t('ranking:kpiPlan.noKpi'));
    return;
  }
  const parsed = parseKpiPlan(lines, method);
  if (!parsed.ok) {
    // "5-5 KPIs" reads as nonsense: an exact count has its own wording.
    const key = (p: (typeof parsed.problems)[number]) =>
      p.code === 'count' && p.min === p.max ? 'countExact' : p.code;
    await ctx.reply(parsed.problems.map((p) => ctx.t(`ranking:kpiPlan.${key(p)}`, { ...p })).join('\n'));
    return;
  }
  await saveKpiPlan(ctx.services.models, {
    organisationCode: employee.organisationCode,
    employeeId: employee._id,
    period: period.label,
    kpis: parsed.kpis,
    recordedBy: ctx.from!.id,
  });
  await audit(ctx, 'ranking.kpiPlan', scope, {
    employeeId: String(employee._id),
    personnelNumber: number,
    period: period.label,
    kpis: parsed.kpis.length,
  });
  await ctx.reply(
    ctx.t('ranking:kpiPlan.saved', {
      name: employee.fullName,
      ...periodWords(ctx.t, period.label),
      count: parsed.kpis.length,
    }),
  );
});

/** `/substitute <absent evaluator> <substitute>`: unfinished sheets move to the substitute. */
rankingHr.command('substitute', async (ctx) => {
  const [absentNumber, substituteNumber] = ctx.match.trim().split(/\s+/);
  if (!absentNumber || !substituteNumber) {
    await ctx.reply(ctx.t('ranking:substitute.usage'));
    return;
  }
  const scope = await hrScope(ctx);
  if (!scope) return;
  const absent = await employeeOfBody(ctx, scope, absentNumber);
  const substitute = await employeeOfBody(ctx, scope, substituteNumber);
  if (!absent || !substitute) {
    await ctx.reply(
      ctx.t('ranking:hr.unknownEmployee', { number: absent ? substituteNumber : absentNumber }),
    );
    return;
  }
  const count = await setSubstitute(ctx.services.models, {
    absentId: absent._id,
    substituteId: substitute._id,
  });
  await audit(ctx, 'ranking.substitute', scope, {
    absentId: String(absent._id),
    substituteId: String(substitute._id),
    sheets: count,
  });
  await ctx.reply(
    ctx.t('ranking:substitute.done', { absent: absent.fullName, substitute: substitute.fullName, count }),
  );
});

/** `/absence <personnel number> <from> <to>` (DD.MM.YYYY): working days absent, for the 15-day rule. */
rankingHr.command('absence', async (ctx) => {
  const [number, fromText, toText] = ctx.match.trim().split(/\s+/);
  const from = fromText ? parseTypedDate(fromText) : null;
  const to = toText ? parseTypedDate(toText) : null;
  if (!number || !from || !to || to < from) {
    await ctx.reply(ctx.t('ranking:absence.usage'));
    return;
  }
  const scope = await hrScope(ctx);
  if (!scope) return;
  const employee = await employeeOfBody(ctx, scope, number);
  if (!employee) {
    await ctx.reply(ctx.t('ranking:hr.unknownEmployee', { number }));
    return;
  }
  await ctx.services.models.StaffAbsence.updateOne(
    { employeeId: employee._id, from, to },
    { $set: { organisationCode: scope, recordedBy: ctx.from!.id } },
    { upsert: true },
  );
  await audit(ctx, 'ranking.absence', scope, { employeeId: String(employee._id), from, to });
  await ctx.reply(
    ctx.t('ranking:absence.saved', { name: employee.fullName, from: formatDate(from), to: formatDate(to) }),
  );
  // A head's KPI sheet waiting for the return now gets its day, and the evaluator is told.
  await notifyReturnDeadlines(ctx.services, await applyReturnDeadlines(ctx.services.models, employee._id));
});

/**
 * `/rankexport [year [quarter]] [organisation]`: the quarter's results as .xlsx, one worksheet per
 * unit; only the sheets the caller may see (mayView: the HR head sees the body's, a plain HR officer none).
 */
rankingHr.command('rankexport', async (ctx) => {
  const args = ctx.match.trim().split(/\s+/).filter(Boolean);
  const taken = takePeriod(args);
  const period = args.length === 0 ? previousQuarter(ctx.services.now()) : taken.period;
  if (!period) {
    await ctx.reply(ctx.t('ranking:hr.usage'));
    return;
  }
  const organisationCode = await hrScopeNamed(ctx, taken.rest[0]);
  if (!organisationCode) return;
  const { models } = ctx.services;
  const campaign = period
    ? await models.RankingCampaign.findOne({ organisationCode, period: period.label })
    : null;
  if (!campaign) {
    await ctx.reply(ctx.t('ranking:hr.noCampaign', periodWords(ctx.t, period.label)));
    return;
  }
  const t = ctx.t;
  const exported = await exportCampaign(
    models,
    campaign._id,
    ctx.lang,
    {
      employee: t('ranking:export.employee'),
      personnelNumber: t('ranking:export.personnelNumber'),
      position: t('ranking:export.position'),
      sheet: t('ranking:export.sheet'),
      average: t('ranking:export.average'),
      band: t('ranking:export.band'),
      evaluator: t('ranking:export.evaluator'),
      status: t('ranking:export.status'),
      kindLabel: (kind) => t(`ranking:kinds.${kind}`),
      statusLabel: (sheet) => statusLabel(t, sheet),
    },
    async (sheet) => mayView(ctx.actor, await sheetDocument(models, sheet, campaign.methodologyId)).allowed,
  );
  await audit(ctx, 'ranking.export', organisationCode, {
    campaignId: String(campaign._id),
    sheets: exported?.sheetIds.length ?? 0,
  });
  if (!exported) {
    await deny(ctx);
    return;
  }
  await ctx.replyWithDocument(
    new InputFile(exported.bytes, `ranking-${campaign.organisationCode}-${campaign.period}.xlsx`),
    { caption: t('ranking:export.caption', periodWords(t, campaign.period)) },
  );
});

/**
 * `/scores [personnel number [year]]`: quarterly results and the annual final. Anyone sees their own;
 * someone else's only as far as mayView allows (the sheets one filled; the HR head the whole body),
 * and every such view is audited. A number is looked up in HR's scope, else in the asker's own body.
 */
rankingHr.command('scores', async (ctx) => {
  // Positional: a personnel number, then a year (personnel numbers may look like years).
  const [numberArg, yearArg] = ctx.match.trim().split(/\s+/).filter(Boolean);
  const year =
    yearArg && /^\d{4}$/.test(yearArg)
      ? Number(yearArg)
      : Number(almatyDateOf(ctx.services.now()).slice(0, 4));
  const { models } = ctx.services;
  let employee = ctx.employee;
  if (numberArg) {
    const body = hasHrRights(ctx.actor) ? await hrScope(ctx) : (ctx.employee?.organisationCode ?? null);
    if (!body) {
      if (!hasHrRights(ctx.actor)) await ctx.reply(ctx.t('errors.notLinked'));
      return;
    }
    employee = await employeeOfBody(ctx, body, numberArg);
    if (!employee) return deny(ctx);
  }
  if (!employee) {
    await ctx.reply(ctx.t('errors.notLinked'));
    return;
  }
  const methodology = await methodologyOfOrganisation(models, employee.organisationCode);
  const results = await yearResults(
    models,
    employee._id,
    year,
    async (sheet) => mayView(ctx.actor, await sheetDocument(models, sheet)).allowed,
  );
  const own = ctx.employee?._id.equals(employee._id) ?? false;
  if (!own) {
    // No visible sheet: whether the caller may see this person's results at all decides between
    // "none this year" and a refusal that tells nothing.
    const decision = mayView(ctx.actor, {
      kind: 'ranking',
      id: String(employee._id),
      organisationCode: employee.organisationCode,
      methodologyId: methodology?.id ?? null,
      evaluateeId: employee._id,
      evaluatorId: null,
      reviewerId: null,
      openCase: null,
    });
    if (results.shown.length === 0 && !decision.allowed) return deny(ctx);
    await audit(ctx, 'results.view', employee.organisationCode, {
      kind: 'ranking',
      employeeId: String(employee._id),
      year,
      sheets: results.shown,
    });
  }
  const bandLabel = (band: string | null) =>
    methodology?.bands.find((b) => b.id === band)?.label[ctx.lang] ?? '';
  const lines = [ctx.t('ranking:scores.title', { name: employee.fullName, year })];
  if (results.quarters.length === 0 && !results.annual) lines.push(ctx.t('ranking:scores.none'));
  for (const q of results.quarters) {
    lines.push(
      q.score === null
        ? ctx.t('ranking:scores.notEvaluated', {
            ...periodWords(ctx.t, q.period),
            reason: ctx.t(`ranking:reasons.${q.reason ?? 'pending'}`),
          })
        : ctx.t('ranking:scores.quarter', {
            ...periodWords(ctx.t, q.period),
            score: formatScore(q.score),
            band: bandLabel(q.band),
          }),
    );
  }
  if (results.annual)
    lines.push(
      '',
      results.annual.score === null
        ? ctx.t('ranking:scores.annualBand', { band: bandLabel(results.annual.band) })
        : ctx.t('ranking:scores.annual', {
            score: formatScore(results.annual.score),
            band: bandLabel(results.annual.band),
            count: results.annual.quartersEvaluated,
          }),
    );
  // Results are strictly confidential: not to be forwarded or saved.
  await ctx.reply(lines.join('\n'), { protect_content: true });
});
