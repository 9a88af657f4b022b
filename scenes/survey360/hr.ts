import { Composer, InlineKeyboard } from 'grammy';
import type { Types } from 'mongoose';
import { anyOf, callbacks } from '../../src/bot/callback-data.ts';
import type { BotContext } from '../../src/bot/context.ts';
import {
  employeeOfBody,
  hrScope,
  hrScopeNamed,
  hrScopeOwning,
  refuseNonHr,
} from '../../src/bot/hr-access.ts';
import { onButton } from '../../src/bot/on-button.ts';
import { queueFromChat } from '../../src/bot/task-requests.ts';
import { pageOf, pagerRow } from '../../src/bot/ui/pages.ts';
import { replyLong, showPage } from '../../src/bot/ui/reply.ts';
import { almatyDateOf } from '../../src/calendar/index.ts';
import {
  addRespondent,
  type CompletionRow,
  completion,
  createCampaign,
  launchCampaign,
  removeRespondent,
} from '../../src/evaluation/survey360/campaign.ts';
import { formatDate, nameForButton } from '../../src/i18n/format.ts';
import { describeAssumed360, describeValidity } from '../../src/methodology/index.ts';
import { audit } from '../../src/people/audit.ts';
import { methodologyOfOrganisation } from '../../src/people/organisations.ts';
import type { AppServices } from '../../src/services.ts';
import { taskKey } from '../../src/tasks/kinds.ts';
import { renderResult360 } from './results.ts';

/**
 * HR's 360 campaign console: create the year's campaign, review and edit respondents, launch,
 * follow completion counts (never who answered what), remind, close and open results.
 */
export const survey360Hr = new Composer<BotContext>();

survey360Hr.use(refuseNonHr(['survey360', 'add360'], anyOf(callbacks.surveyHr)));

const { surveyHr: cb } = callbacks;

const currentYear = (services: AppServices) => Number(almatyDateOf(services.now()).slice(0, 4));

survey360Hr.command('survey360', async (ctx) => {
  const organisationCode = await hrScopeNamed(ctx, ctx.match.trim() || undefined);
  if (!organisationCode) return;
  await audit(ctx, 'survey360.open', organisationCode);
  const methodology = await methodologyOfOrganisation(ctx.services.models, organisationCode);
  if (!methodology?.methods.survey360) {
    await ctx.reply(ctx.t('survey360:hr.noMethodology'));
    return;
  }
  const year = currentYear(ctx.services);
  const campaign = await ctx.services.models.SurveyCampaign.findOne({ organisationCode, year });
  // A creation cut off before its evaluatees were written is offered again: Create finishes it.
  if (!campaign || campaign.targetsWritten === false) {
    await ctx.reply(ctx.t('survey360:hr.noCampaign', { year }), {
      reply_markup: new InlineKeyboard().text(
        ctx.t('survey360:hr.createButton', { year }),
        cb.create.build({ organisationCode, year }),
      ),
    });
    return;
  }
  await showCampaign(ctx, campaign._id);
});

onButton(survey360Hr, cb.create, async (ctx, data) => {
  const organisationCode = await hrScopeNamed(ctx, data.organisationCode);
  if (!organisationCode) return;
  await ctx.answerCallbackQuery();
  const { year } = data;
  const created = await createCampaign(ctx.services.models, {
    organisationCode,
    year,
    createdBy: ctx.from.id,
  });
  await audit(ctx, 'survey360.create', organisationCode, {
    year,
    ...(created.ok ? { campaignId: String(created.campaignId) } : { problem: created.problem }),
  });
  await reportCreated360(ctx, organisationCode, year, created);
});

/** After creating a year's campaign (here or in the new-campaign wizard): the campaign, or why there is none. */
export async function reportCreated360(
  ctx: BotContext,
  organisationCode: string,
  year: number,
  created: Awaited<ReturnType<typeof createCampaign>>,
): Promise<void> {
  const methodology = await methodologyOfOrganisation(ctx.services.models, organisationCode);
  if (!created.ok) {
    if (created.problem === 'notInForce' && methodology) {
      await ctx.reply(describeValidity(ctx.t, ctx.lang, methodology, created.validity, String(year)));
      return;
    }
    await ctx.reply(
      ctx.t(created.problem === 'exists' ? 'survey360:hr.exists' : 'survey360:hr.noMethodology', { year }),
    );
    return;
  }
  // Kentau: the parts of the method its seed does not give are shown as assumptions.
  const survey = methodology?.methods.survey360;
  const assumed = survey && describeAssumed360(ctx.t, survey);
  if (assumed) await ctx.reply(assumed);
  await showCampaign(ctx, created.campaignId);
}

async function namesOf(
  ctx: BotContext,
  ids: readonly (Types.ObjectId | string)[],
): Promise<Map<string, string>> {
  const people = await ctx.services.models.Employee.find(
    { _id: { $in: ids } },
    { fullName: 1, personnelNumber: 1 },
  ).lean();
  return new Map(people.map((p) => [String(p._id), p.fullName]));
}

async function showCampaign(ctx: BotContext, campaignId: Types.ObjectId | string): Promise<void> {
  const { models } = ctx.services;
  const campaign = await models.SurveyCampaign.findById(campaignId);
  if (!campaign) return;
  const targets = await models.SurveyTarget.find({ campaignId }).lean();
  const excluded = targets.filter((t) => t.excludedReason);
  const withoutParticipation = targets.filter((t) => t.withoutParticipation);
  const names = await namesOf(
    ctx,
    [...excluded, ...withoutParticipation].map((t) => t.employeeId),
  );
  const lines = [
    ctx.t('survey360:hr.status', {
      year: campaign.year,
      state: ctx.t(`survey360:states.${campaign.state}`),
      deadline: formatDate(campaign.deadline),
      targets: targets.length - excluded.length,
    }),
  ];
  if (excluded.length > 0) {
    lines.push('', ctx.t('survey360:hr.excludedTitle'));
    for (const target of excluded) {
      lines.push(
        ctx.t('survey360:hr.excludedLine', {
          name: names.get(String(target.employeeId)) ?? '',
          reason: ctx.t(`survey360:reasons.${target.excludedReason}`),
        }),
      );
    }
  }
  if (withoutParticipation.length > 0) {
    lines.push('', ctx.t('survey360:hr.withoutParticipationTitle'));
    for (const target of withoutParticipation) {
      lines.push(
        ctx.t('survey360:hr.excludedLine', {
          name: names.get(String(target.employeeId)) ?? '',
          reason: ctx.t(`ranking:reasons.${target.withoutParticipation}`),
        }),
      );
    }
  }
  const id = String(campaign._id);
  const keyboard = new InlineKeyboard();
  if (campaign.state === 'draft') {
    keyboard
      .text(ctx.t('survey360:hr.targetsButton'), cb.targets.build({ campaignId: id }))
      .text(ctx.t('survey360:hr.launchButton'), cb.launch.build({ campaignId: id }));
  } else if (campaign.state === 'launched') {
    keyboard
      .text(ctx.t('survey360:hr.progressButton'), cb.progress.build({ campaignId: id }))
      .text(ctx.t('survey360:hr.remindButton'), cb.remind.build({ campaignId: id }))
      .row()
      .text(ctx.t('survey360:hr.closeButton'), cb.close.build({ campaignId: id }));
  } else {
    keyboard.text(ctx.t('survey360:hr.resultsButton'), cb.results.build({ campaignId: id }));
  }
  // A body's excluded people can be many: the summary splits, the buttons go under its last part.
  await replyLong(ctx, lines.join('\n'), { reply_markup: keyboard });
}

/** Evaluatee buttons on one page of the targets and results lists. */
const EVALUATEES_PER_PAGE = 10;
/** Lines on one page of the progress list. */
const PROGRESS_PER_PAGE = 25;

/** The campaign's button opens the first page; the pager turns pages. */
onButton(survey360Hr, [cb.targets, cb.targetsPage], async (ctx, data) => {
  const { campaignId } = data;
  const scope = await hrScopeOwning(ctx, { kind: 'surveyCampaign', id: campaignId });
  if (!scope) return;
  await ctx.answerCallbackQuery();
  const page = data.action === 'surveyHr.targetsPage' ? data.page : 0;
  await audit(ctx, 'survey360.targets', scope, { campaignId, page });
  const keyboard = await evaluateeKeyboard(
    ctx,
    campaignId,
    page,
    (p) => cb.targetsPage.build({ campaignId, page: p }),
    (row, name) => [
      ctx.t('survey360:hr.targetLine', { name: nameForButton(name, 32), count: row.respondents }),
      cb.target.build({ targetId: row.targetId }),
    ],
  );
  await showPage(ctx, ctx.t('survey360:hr.targetsTitle'), keyboard, data.action === 'surveyHr.targetsPage');
});

/** One page of buttons, one per evaluatee of the campaign, with the ◀ k / n ▶ row. */
async function evaluateeKeyboard(
  ctx: BotContext,
  campaignId: string,
  page: number,
  pageData: (page: number) => string,
  button: (row: CompletionRow, name: string) => [text: string, data: string],
): Promise<InlineKeyboard> {
  const rows = await completion(ctx.services.models, campaignId);
  const shown = pageOf(rows, page, EVALUATEES_PER_PAGE);
  const names = await namesOf(
    ctx,
    shown.items.map((r) => r.employeeId),
  );
  const keyboard = new InlineKeyboard();
  for (const row of shown.items) keyboard.text(...button(row, names.get(row.employeeId) ?? '')).row();
  const pager = pagerRow(shown, pageData);
  if (pager.length > 0) keyboard.row(...pager);
  return keyboard;
}

onButton(survey360Hr, cb.target, async (ctx, { targetId }) => {
  const scope = await hrScopeOwning(ctx, { kind: 'surveyTarget', id: targetId });
  if (!scope) return;
  await ctx.answerCallbackQuery();
  await audit(ctx, 'survey360.target', scope, { targetId });
  await showTarget(ctx, targetId);
});

async function showTarget(ctx: BotContext, targetId: string): Promise<void> {
  const { models } = ctx.services;
  const target = await models.SurveyTarget.findById(targetId).lean();
  const campaign = target && (await models.SurveyCampaign.findById(target.campaignId).lean());
  if (!target || !campaign) return;
  const bounds = (await methodologyOfOrganisation(models, campaign.organisationCode))?.methods.survey360
    ?.respondents ?? {
    min: 3,
    max: 7,
  };
  const assignments = await models.SurveyAssignment.find({ targetId, relation: { $ne: 'self' } }).lean();
  const names = await namesOf(ctx, [target.employeeId, ...assignments.map((a) => a.respondentId)]);
  const evaluatee = await models.Employee.findById(target.employeeId, { personnelNumber: 1 }).lean();
  // The relation goes into the text: with it, a button would not fit a phone.
  const keyboard = new InlineKeyboard();
  const lines = [
    ctx.t('survey360:hr.targetTitle', {
      name: names.get(String(target.employeeId)) ?? '',
      count: assignments.length,
      ...bounds,
    }),
  ];
  for (const a of assignments) {
    const name = names.get(String(a.respondentId)) ?? '';
    lines.push(
      ctx.t('survey360:hr.respondentLine', { name, relation: ctx.t(`survey360:relations.${a.relation}`) }),
    );
    keyboard
      .text(`✖ ${nameForButton(name, 36)}`, cb.removeRespondent.build({ assignmentId: String(a._id) }))
      .row();
  }
  lines.push(ctx.t('survey360:hr.addHint', { target: evaluatee?.personnelNumber ?? '' }));
  await ctx.reply(lines.join('\n'), { reply_markup: keyboard });
}

onButton(survey360Hr, cb.removeRespondent, async (ctx, { assignmentId }) => {
  const scope = await hrScopeOwning(ctx, { kind: 'surveyAssignment', id: assignmentId });
  if (!scope) return;
  const assignment = await ctx.services.models.SurveyAssignment.findById(assignmentId).lean();
  const outcome = await removeRespondent(ctx.services.models, assignmentId);
  await audit(ctx, 'survey360.removeRespondent', scope, { assignmentId, outcome });
  await ctx.answerCallbackQuery({
    text: ctx.t(outcome === 'removed' ? 'survey360:hr.removed' : 'survey360:hr.notDraft'),
  });
  if (outcome === 'removed' && assignment) await showTarget(ctx, String(assignment.targetId));
});

survey360Hr.command('add360', async (ctx) => {
  const [targetNumber, respondentNumber, ...rest] = ctx.match.trim().split(/\s+/).filter(Boolean);
  if (!targetNumber || !respondentNumber || rest.length > 0) {
    await ctx.reply(ctx.t('survey360:hr.addUsage'));
    return;
  }
  const { models } = ctx.services;
  const organisationCode = await hrScope(ctx);
  if (!organisationCode) return;
  const evaluatee = await employeeOfBody(ctx, organisationCode, targetNumber);
  const respondent = await employeeOfBody(ctx, organisationCode, respondentNumber);
  const missing = !evaluatee ? targetNumber : !respondent ? respondentNumber : null;
  if (missing || !evaluatee || !respondent) {
    await ctx.reply(ctx.t('survey360:hr.unknownEmployee', { number: missing }));
    return;
  }
  const campaign = await models.SurveyCampaign.findOne({ organisationCode, state: 'draft' });
  const target =
    campaign && (await models.SurveyTarget.findOne({ campaignId: campaign._id, employeeId: evaluatee._id }));
  if (!target) {
    await ctx.reply(ctx.t('survey360:hr.notDraft'));
    return;
  }
  const outcome = await addRespondent(models, { targetId: target._id, respondentId: respondent._id });
  await audit(ctx, 'survey360.addRespondent', organisationCode, {
    targetId: String(target._id),
    targetNumber,
    respondentNumber,
    outcome,
  });
  const key = { added: 'added', exists: 'addExists', full: 'addFull', notDraft: 'notDraft', self: 'addSelf' }[
    outcome
  ];
  await ctx.reply(ctx.t(`survey360:hr.${key}`));
  if (outcome === 'added') await showTarget(ctx, String(target._id));
});

onButton(survey360Hr, cb.launch, async (ctx, { campaignId }) => {
  const scope = await hrScopeOwning(ctx, { kind: 'surveyCampaign', id: campaignId });
  if (!scope) return;
  await ctx.answerCallbackQuery();
  const { models } = ctx.services;
  const launched = await launchCampaign(models, campaignId);
  await audit(ctx, 'survey360.launch', scope, { campaignId, ok: launched.ok });
  if (!launched.ok) {
    if (launched.problem !== 'shortOfRespondents') {
      await ctx.reply(ctx.t('survey360:hr.notDraft'));
      return;
    }
    const names = await namesOf(
      ctx,
      (launched.short ?? []).map((r) => r.employeeId),
    );
    const campaign = await models.SurveyCampaign.findById(campaignId).lean();
    const min =
      (campaign &&
        (await methodologyOfOrganisation(models, campaign.organisationCode))?.methods.survey360?.respondents
          .min) ??
      3;
    const lines = (launched.short ?? []).map((r) =>
      ctx.t('survey360:hr.targetLine', { name: names.get(r.employeeId) ?? '', count: r.respondents }),
    );
    await ctx.reply([ctx.t('survey360:hr.short', { min }), ...lines].join('\n'));
    return;
  }
  // Launched (once: the state changed atomically); every respondent's invitation is queued by a task.
  await queueFromChat(ctx, {
    key: taskKey.inviteSurvey360(campaignId),
    kind: 'survey360.invite',
    payload: { campaignId },
    organisationCode: scope,
  });
});

/** The campaign's button opens the first page; the pager turns pages. */
onButton(survey360Hr, [cb.progress, cb.progressPage], async (ctx, data) => {
  const { campaignId } = data;
  const scope = await hrScopeOwning(ctx, { kind: 'surveyCampaign', id: campaignId });
  if (!scope) return;
  await ctx.answerCallbackQuery();
  const fromPager = data.action === 'surveyHr.progressPage';
  const rows = await completion(ctx.services.models, campaignId);
  const shown = pageOf(rows, fromPager ? data.page : 0, PROGRESS_PER_PAGE);
  await audit(ctx, 'survey360.progress', scope, { campaignId, page: shown.page });
  const names = await namesOf(
    ctx,
    shown.items.map((r) => r.employeeId),
  );
  const lines = shown.items.map((r) =>
    ctx.t('survey360:hr.progressLine', {
      name: names.get(r.employeeId) ?? '',
      done: r.done,
      total: r.respondents,
    }),
  );
  const pager = pagerRow(shown, (page) => cb.progressPage.build({ campaignId, page }));
  const keyboard = pager.length > 0 ? new InlineKeyboard().row(...pager) : undefined;
  await showPage(ctx, [ctx.t('survey360:hr.progressTitle'), ...lines].join('\n'), keyboard, fromPager);
});

onButton(survey360Hr, cb.remind, async (ctx, { campaignId }) => {
  const scope = await hrScopeOwning(ctx, { kind: 'surveyCampaign', id: campaignId });
  if (!scope) return;
  await ctx.answerCallbackQuery();
  // A task (`survey360.remind`): a campaign of hundreds of respondents is reminded outside this update.
  await queueFromChat(ctx, {
    key: taskKey.remindSurvey360(campaignId, almatyDateOf(ctx.services.now())),
    kind: 'survey360.remind',
    payload: { campaignId },
    organisationCode: scope,
  });
});

onButton(survey360Hr, cb.close, async (ctx, { campaignId }) => {
  const scope = await hrScopeOwning(ctx, { kind: 'surveyCampaign', id: campaignId });
  if (!scope) return;
  await ctx.answerCallbackQuery();
  await audit(ctx, 'survey360.closeAsk', scope, { campaignId });
  await ctx.reply(ctx.t('survey360:hr.closeConfirm'), {
    reply_markup: new InlineKeyboard().text(
      ctx.t('survey360:hr.closeYesButton'),
      cb.closeConfirmed.build({ campaignId }),
    ),
  });
});

onButton(survey360Hr, cb.closeConfirmed, async (ctx, { campaignId }) => {
  const scope = await hrScopeOwning(ctx, { kind: 'surveyCampaign', id: campaignId });
  if (!scope) return;
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  // The same `survey360.close` task as the deadline job (one key: never both): results and notices for
  // hundreds of evaluatees are written outside this update, and HR's message shows the summary.
  const { created } = await queueFromChat(ctx, {
    key: taskKey.closeSurvey360(campaignId),
    kind: 'survey360.close',
    payload: { campaignId },
    organisationCode: scope,
  });
  await audit(ctx, 'survey360.close', scope, { campaignId, created });
});

/** The campaign's button opens the first page; the pager turns pages. */
onButton(survey360Hr, [cb.results, cb.resultsPage], async (ctx, data) => {
  const { campaignId } = data;
  const scope = await hrScopeOwning(ctx, { kind: 'surveyCampaign', id: campaignId });
  if (!scope) return;
  await ctx.answerCallbackQuery();
  const page = data.action === 'surveyHr.resultsPage' ? data.page : 0;
  await audit(ctx, 'survey360.results', scope, { campaignId, page });
  const keyboard = await evaluateeKeyboard(
    ctx,
    campaignId,
    page,
    (p) => cb.resultsPage.build({ campaignId, page: p }),
    (row, name) => [nameForButton(name, 40), cb.result.build({ targetId: row.targetId })],
  );
  await showPage(ctx, ctx.t('survey360:hr.resultsTitle'), keyboard, data.action === 'surveyHr.resultsPage');
});

onButton(survey360Hr, cb.result, async (ctx, { targetId }) => {
  if (!(await hrScopeOwning(ctx, { kind: 'surveyTarget', id: targetId }))) return;
  await renderResult360(ctx, targetId);
});
