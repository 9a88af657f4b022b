import { Composer, InlineKeyboard } from 'grammy';
import { anyOf, callbacks } from '../../src/bot/callback-data.ts';
import type { BotContext } from '../../src/bot/context.ts';
import {
  employeeOfBody,
  hrEmployee,
  hrScope,
  hrScopeNamed,
  hrScopeOwning,
  refuseNonHr,
} from '../../src/bot/hr-access.ts';
import { onButton } from '../../src/bot/on-button.ts';
import { queueFromChat } from '../../src/bot/task-requests.ts';
import { pageOf, pagerRow } from '../../src/bot/ui/pages.ts';
import { showPage } from '../../src/bot/ui/reply.ts';
import { almatyDateOf } from '../../src/calendar/index.ts';
import {
  type CreateCampaignResult,
  createRankingCampaign,
  parsePeriod,
  previousQuarter,
  setSubstitute,
  takePeriod,
} from '../../src/evaluation/ranking/campaign.ts';
import { EDITABLE_STATUSES, FINAL_STATUSES } from '../../src/evaluation/ranking/models.ts';
import { extendSheet, recordNotEvaluated } from '../../src/evaluation/ranking/overdue.ts';
import { applyReturnDeadlines } from '../../src/evaluation/ranking/return-deadlines.ts';
import { formatDate, parseTypedDate, periodWords } from '../../src/i18n/format.ts';
import type { Translate } from '../../src/i18n/index.ts';
import { describeValidity } from '../../src/methodology/index.ts';
import { notifyEvaluators, notifyReturnDeadlines } from '../../src/notifications/reminders/ranking.ts';
import { statusLabel } from '../../src/notifications/results/ranking-labels.ts';
import { audit } from '../../src/people/audit.ts';
import { methodologyOfOrganisation } from '../../src/people/organisations.ts';
import type { AppServices } from '../../src/services.ts';
import { EXPORT_KINDS, exportKey } from '../../src/tasks/exports.ts';
import { taskKey } from '../../src/tasks/kinds.ts';

/**
 * HR's side of ranking and KPI sheets: open a period's campaign (who evaluates whom, who is not
 * evaluated and why), record work plans and absences, set substitutes, export results (everyone's
 * /scores is scores.ts).
 */
export const rankingHr = new Composer<BotContext>();

const HR_COMMANDS = ['ranking', 'substitute', 'absence', 'rankexport', 'rkextend', 'rknoteval'];
rankingHr.use(refuseNonHr(HR_COMMANDS, anyOf(callbacks.rankingHr)));

const { rankingHr: cb } = callbacks;

/** `/ranking [year [quarter]] [organisation]`: the period's campaign, or a button to open it. */
rankingHr.command('ranking', async (ctx) => {
  const target = await periodInScope(ctx, ctx.match);
  if (!target) return;
  const { period, organisationCode } = target;
  await audit(ctx, 'ranking.open', organisationCode, { period: period.label });
  const campaign = await ctx.services.models.RankingCampaign.findOne({
    organisationCode,
    period: period.label,
  });
  // A creation cut off before its sheets were written is offered again: Create finishes it.
  if (campaign && campaign.sheetsWritten !== false) {
    await showCampaignPage(ctx, String(campaign._id), 0, { fromPager: false, finalise: true });
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
  if (created.ok) await ctx.editMessageReplyMarkup().catch(() => undefined);
  await reportCreatedRanking(ctx, organisationCode, period.label, created);
});

/**
 * After opening a period's campaign (here or in the new-campaign wizard): its summary, and every
 * evaluator told; or why there is none.
 */
export async function reportCreatedRanking(
  ctx: BotContext,
  organisationCode: string,
  period: string,
  created: CreateCampaignResult,
): Promise<void> {
  if (!created.ok) {
    const methodology = await methodologyOfOrganisation(ctx.services.models, organisationCode);
    await ctx.reply(
      created.problem === 'notInForce' && methodology
        ? describeValidity(ctx.t, ctx.lang, methodology, created.validity, period)
        : ctx.t(`ranking:hr.${created.problem}`, periodWords(ctx.t, period)),
    );
    return;
  }
  await showCampaignPage(ctx, String(created.campaignId), 0, { fromPager: false, finalise: false });
  await notifyEvaluators(ctx.services, String(created.campaignId));
}

/** The campaign summary's pager. */
onButton(rankingHr, cb.summaryPage, async (ctx, { campaignId, page }) => {
  const scope = await hrScopeOwning(ctx, { kind: 'rankingCampaign', id: campaignId });
  if (!scope) return;
  await ctx.answerCallbackQuery();
  await showCampaignPage(ctx, campaignId, page, { fromPager: true, finalise: true });
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
 * Confirmed: the same `ranking.finalise` task as the deadline job (one key, so it never runs twice):
 * the campaign closes, every employee gets their result or the reason they have none. HR's message
 * shows the task's progress and final word.
 */
onButton(rankingHr, cb.finaliseConfirmed, async (ctx, { campaignId }) => {
  const scope = await hrScopeOwning(ctx, { kind: 'rankingCampaign', id: campaignId });
  if (!scope) return;
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  const { created } = await queueFromChat(ctx, {
    key: taskKey.finaliseRanking(campaignId),
    kind: 'ranking.finalise',
    payload: { campaignId },
    organisationCode: scope,
  });
  await audit(ctx, 'ranking.finalise', scope, { campaignId, created });
});

/** Sheets on one page of the campaign summary: a line is about 150 characters at most. */
const SHEETS_PER_PAGE = 20;

/**
 * One page of the campaign summary, with its pager and, while the campaign is open and `finalise` is
 * asked for, the finalise button (not under the summary of a campaign just created).
 */
async function showCampaignPage(
  ctx: BotContext,
  campaignId: string,
  page: number,
  { fromPager, finalise }: { fromPager: boolean; finalise: boolean },
): Promise<void> {
  const summary = await campaignPage(ctx.services, ctx.t, campaignId, page);
  if (!summary) return;
  const keyboard = new InlineKeyboard();
  const pager = pagerRow(summary.shown, (p) => cb.summaryPage.build({ campaignId, page: p }));
  if (pager.length > 0) keyboard.row(...pager).row();
  if (finalise && summary.open)
    keyboard.text(ctx.t('ranking:hr.finaliseButton'), cb.finalise.build({ campaignId }));
  await showPage(ctx, summary.text, keyboard.inline_keyboard.length > 0 ? keyboard : undefined, fromPager);
}

async function campaignPage(services: AppServices, t: Translate, campaignId: string, page: number) {
  const { models } = services;
  const campaign = await models.RankingCampaign.findById(campaignId).lean();
  if (!campaign) return null;
  // Sorted so that a page shows the same sheets on every tap.
  const sheets = await models.RankingSheet.find({ campaignId }).sort({ _id: 1 }).lean();
  const shown = pageOf(sheets, page, SHEETS_PER_PAGE);
  const people = await models.Employee.find(
    {
      _id: {
        $in: [...shown.items.map((s) => s.employeeId), ...shown.items.flatMap((s) => s.evaluatorId ?? [])],
      },
    },
    { fullName: 1 },
  ).lean();
  const names = new Map(people.map((p) => [String(p._id), p.fullName]));
  const nameOf = (id: unknown) => names.get(String(id)) ?? '—';
  const lines = [
    t('ranking:hr.status', {
      ...periodWords(t, campaign.period),
      total: sheets.length,
      done: sheets.filter((s) => ['submitted', 'agreed'].includes(s.status)).length,
    }),
    '',
  ];
  for (const sheet of shown.items) {
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
  return { text: lines.join('\n'), shown, open: campaign.state === 'open' };
}

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
  const found = await hrEmployee(ctx, number);
  if (!found) return;
  const { scope, employee } = found;
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
  const target = await periodInScope(ctx, ctx.match);
  if (!target) return;
  const { period, organisationCode } = target;
  const { models } = ctx.services;
  const campaign = await models.RankingCampaign.findOne(
    { organisationCode, period: period.label },
    { _id: 1 },
  ).lean();
  if (!campaign) {
    await ctx.reply(ctx.t('ranking:hr.noCampaign', periodWords(ctx.t, period.label)));
    return;
  }
  // Built by a task (a body has up to 1,500 sheets), holding only the rows the asker may see then.
  const { created } = await queueFromChat(ctx, {
    key: exportKey(EXPORT_KINDS.rankingResults, organisationCode, ctx.chat!.id, ctx.msg!.message_id),
    kind: EXPORT_KINDS.rankingResults,
    payload: { campaignId: String(campaign._id) },
    organisationCode,
  });
  await audit(ctx, 'ranking.export', organisationCode, { campaignId: String(campaign._id), created });
});

/** The unfilled sheets of one employee of HR's body in its open campaigns (a head may have two). */
async function unfilledSheetsOf(ctx: BotContext, number: string) {
  const found = await hrEmployee(ctx, number);
  if (!found) return null;
  const { scope, employee } = found;
  const { models } = ctx.services;
  const open = await models.RankingCampaign.find(
    { organisationCode: scope, state: 'open' },
    { _id: 1 },
  ).lean();
  const sheets = await models.RankingSheet.find(
    {
      campaignId: { $in: open.map((c) => c._id) },
      employeeId: employee._id,
      status: { $in: EDITABLE_STATUSES },
    },
    { _id: 1, period: 1 },
  )
    .sort({ _id: 1 })
    .lean();
  if (sheets.length === 0) {
    await ctx.reply(ctx.t('ranking:overdue.nothingOpen', { name: employee.fullName }));
    return null;
  }
  return { scope, employee, sheets };
}

/** `/rkextend <personnel number> <DD.MM.YYYY>`: a new deadline for the employee's unfilled sheets. */
rankingHr.command('rkextend', async (ctx) => {
  const [number, dateText] = ctx.match.trim().split(/\s+/);
  const deadline = dateText ? parseTypedDate(dateText) : null;
  const today = almatyDateOf(ctx.services.now());
  if (!number || !deadline) {
    await ctx.reply(ctx.t('ranking:overdue.extendUsage'));
    return;
  }
  if (deadline < today) {
    await ctx.reply(ctx.t('ranking:overdue.extendPast', { today: formatDate(today) }));
    return;
  }
  const found = await unfilledSheetsOf(ctx, number);
  if (!found) return;
  let count = 0;
  for (const sheet of found.sheets) if (await extendSheet(ctx.services.models, sheet._id, deadline)) count++;
  await audit(ctx, 'ranking.extend', found.scope, {
    employeeId: String(found.employee._id),
    deadline,
    sheets: count,
  });
  await ctx.reply(
    ctx.t('ranking:overdue.extended', {
      name: found.employee.fullName,
      deadline: formatDate(deadline),
      count,
    }),
  );
});

/** `/rknoteval <personnel number> <reason>`: the employee's unfilled sheets are recorded "not evaluated". */
rankingHr.command('rknoteval', async (ctx) => {
  const [number = '', ...words] = ctx.match.trim().split(/\s+/);
  const note = words.join(' ').trim();
  if (!number || note.length < 3) {
    await ctx.reply(ctx.t('ranking:overdue.notEvaluatedUsage'));
    return;
  }
  const found = await unfilledSheetsOf(ctx, number);
  if (!found) return;
  let count = 0;
  for (const sheet of found.sheets)
    if (await recordNotEvaluated(ctx.services.models, sheet._id, note.slice(0, 500))) count++;
  // The reason's words stay in the sheet, not in the audit.
  await audit(ctx, 'ranking.notEvaluated', found.scope, {
    employeeId: String(found.employee._id),
    sheets: count,
  });
  await ctx.reply(ctx.t('ranking:overdue.notEvaluatedSaved', { name: found.employee.fullName, count }));
});

/**
 * The `[year [quarter]] [organisation]` arguments of /ranking and /rankexport: the period (the last
 * quarter when none is given) and the body, checked against the caller's scope. Null after telling
 * the caller what is wrong.
 */
async function periodInScope(ctx: BotContext, text: string) {
  const args = text.trim().split(/\s+/).filter(Boolean);
  const taken = takePeriod(args);
  const period = args.length === 0 ? previousQuarter(ctx.services.now()) : taken.period;
  if (!period) {
    await ctx.reply(ctx.t('ranking:hr.usage'));
    return null;
  }
  const organisationCode = await hrScopeNamed(ctx, taken.rest[0]);
  return organisationCode ? { period, organisationCode } : null;
}
