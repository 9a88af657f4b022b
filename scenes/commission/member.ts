import { Composer, InlineKeyboard } from 'grammy';
import { callbacks } from '../../src/bot/callback-data.ts';
import type { BotContext } from '../../src/bot/context.ts';
import { deny } from '../../src/bot/hr-access.ts';
import { onButton } from '../../src/bot/on-button.ts';
import { pageOf, pagerRow } from '../../src/bot/ui/pages.ts';
import { showPage } from '../../src/bot/ui/reply.ts';
import { rulesOf, seatOf, seatVotes } from '../../src/evaluation/commission/cases.ts';
import { askApproval, releaseApproved } from '../../src/evaluation/commission/release.ts';
import {
  approveResults,
  castVote,
  closeVote,
  revisionScaleOf,
  type VoteOutcome,
} from '../../src/evaluation/commission/voting.ts';
import { formatDate, nameForButton, periodWords } from '../../src/i18n/format.ts';
import { resultLine } from '../../src/notifications/results/ranking-text.ts';
import { recordAudit } from '../../src/people/audit.ts';

/**
 * The Commission's members at the meeting: the list of cases, one case with the open vote so far,
 * "approve" / "revise" (with the revised number of KPIs fulfilled), the chair's or secretary's close of
 * the vote, and the authorised person's approval. Every id from a button is checked against the caller.
 */
export const commissionMember = new Composer<BotContext>();

const { commission: cb } = callbacks;
const CASES_PER_PAGE = 8;

async function meetingFor(ctx: BotContext, meetingId: string) {
  if (!/^[0-9a-f]{24}$/.test(meetingId)) return null;
  const meeting = await ctx.services.models.CommissionMeeting.findById(meetingId).lean();
  const seat = meeting && seatOf(meeting, ctx.employee?._id);
  return meeting && seat ? { meeting, seat } : null;
}

onButton(commissionMember, [cb.cases, cb.casesFromNotice], async (ctx, data) => {
  const found = await meetingFor(ctx, data.meetingId);
  if (!found) return deny(ctx);
  const { meeting, seat } = found;
  const { models } = ctx.services;
  await ctx.answerCallbackQuery();
  const cases = await models.CommissionCase.find({ meetingId: meeting._id }).sort({ _id: 1 }).lean();
  const names = new Map(
    (
      await models.Employee.find({ _id: { $in: cases.map((c) => c.employeeId) } }, { fullName: 1 }).lean()
    ).map((e) => [String(e._id), e.fullName]),
  );
  const page = pageOf(cases, 'page' in data ? data.page : 0, CASES_PER_PAGE);
  const me = String(ctx.employee?._id);
  const t = ctx.t;
  const lines = [
    t('commission:member.title', {
      date: formatDate(meeting.meetingOn),
      count: cases.length,
      role: t(`commission:roles.${seat.role}`),
      ...periodWords(t, meeting.period),
    }),
    t(`commission:meetingStates.${meeting.state}`),
  ];
  const keyboard = new InlineKeyboard();
  page.items.forEach((item, i) => {
    const voted = item.votes.some((v) => String(v.memberId) === me);
    const mark = item.decision ? '☑️' : voted ? '✅' : '▫️';
    lines.push(`${page.offset + i + 1}. ${mark} ${names.get(String(item.employeeId)) ?? ''}`);
    keyboard
      .text(
        `${mark} ${nameForButton(names.get(String(item.employeeId)) ?? '', 30)}`,
        cb.case.build({ caseId: String(item._id) }),
      )
      .row();
  });
  const pager = pagerRow(page, (p) => cb.cases.build({ meetingId: data.meetingId, page: p }));
  if (pager.length > 0) keyboard.row(...pager).row();
  if (meeting.state === 'scheduled' && (seat.role === 'chair' || seat.role === 'secretary'))
    keyboard.text(t('commission:buttons.close'), cb.close.build({ meetingId: data.meetingId }));
  await showPage(ctx, lines.join('\n'), keyboard, data.action === 'commission.cases');
});

/** One case: the sheet's result, the votes cast so far (the vote is open) and this member's buttons. */
async function showCase(ctx: BotContext, caseId: string): Promise<void> {
  const { models } = ctx.services;
  const item = /^[0-9a-f]{24}$/.test(caseId) ? await models.CommissionCase.findById(caseId).lean() : null;
  const found = item?.meetingId ? await meetingFor(ctx, String(item.meetingId)) : null;
  if (!item || !found) return deny(ctx);
  const { meeting, seat } = found;
  const scale = await revisionScaleOf(ctx.services, item.sheetId);
  if (!scale) return deny(ctx);
  // A member reads the case's sheet: recorded like any view of someone else's result.
  await recordAudit(ctx.services, {
    telegramId: ctx.from?.id ?? null,
    employeeId: ctx.employee?._id ?? null,
    organisationCode: item.organisationCode,
    action: 'results.view',
    details: {
      kind: 'ranking',
      sheetId: String(item.sheetId),
      employeeId: String(item.employeeId),
      as: 'caseMember',
    },
  });
  const t = ctx.t;
  const ids = [item.employeeId, ...item.votes.map((v) => v.memberId)];
  const names = new Map(
    (await models.Employee.find({ _id: { $in: ids } }, { fullName: 1 }).lean()).map((e) => [
      String(e._id),
      e.fullName,
    ]),
  );
  const lines = [
    t('commission:case.title', { name: names.get(String(item.employeeId)) ?? '' }),
    resultLine(t, ctx.lang, scale.view, scale.view.sheet.result ?? {}),
    '',
    item.votes.length === 0 ? t('commission:case.noVotes') : t('commission:case.votes'),
    ...item.votes.map((v) =>
      v.vote === 'revise'
        ? t('commission:case.voteRevise', {
            name: names.get(String(v.memberId)) ?? '',
            fulfilled: v.revisedTo ?? 0,
            total: scale.total,
          })
        : t('commission:case.voteApprove', { name: names.get(String(v.memberId)) ?? '' }),
    ),
  ];
  const rules = rulesOf(meeting.methodologyId)!;
  const voted = item.votes.some((v) => String(v.memberId) === String(ctx.employee?._id));
  const keyboard = new InlineKeyboard();
  if (item.state === 'passed' && seatVotes(rules, seat.role) && !voted)
    keyboard
      .text(t('commission:buttons.approve'), cb.approve.build({ caseId }))
      .text(t('commission:buttons.revise'), cb.revise.build({ caseId }));
  else if (!seatVotes(rules, seat.role)) lines.push('', t('commission:case.secretaryNoVote'));
  keyboard
    .row()
    .text(t('commission:buttons.backToList'), cb.cases.build({ meetingId: String(meeting._id), page: 0 }));
  await ctx.reply(lines.join('\n'), { reply_markup: keyboard, protect_content: true });
}

onButton(commissionMember, cb.case, async (ctx, { caseId }) => {
  await ctx.answerCallbackQuery();
  await showCase(ctx, caseId);
});

async function answerVote(ctx: BotContext, outcome: VoteOutcome, caseId: string): Promise<void> {
  if (outcome.kind === 'notMember') return deny(ctx);
  if (outcome.kind === 'notYet') {
    await ctx.answerCallbackQuery({
      text: ctx.t('commission:vote.notYet', { date: formatDate(outcome.meetingOn) }),
    });
    return;
  }
  await ctx.answerCallbackQuery({ text: ctx.t(`commission:vote.${outcome.kind}`) });
  if (outcome.kind === 'recorded') await showCase(ctx, caseId);
}

onButton(commissionMember, cb.approve, async (ctx, { caseId }) => {
  const outcome = await castVote(ctx.services, { caseId, employeeId: ctx.employee?._id, vote: 'approve' });
  await answerVote(ctx, outcome, caseId);
});

/** "Revise": the member picks the number of KPIs the Commission counts as fulfilled. */
onButton(commissionMember, cb.revise, async (ctx, { caseId }) => {
  const item = /^[0-9a-f]{24}$/.test(caseId)
    ? await ctx.services.models.CommissionCase.findById(caseId).lean()
    : null;
  const found = item?.meetingId ? await meetingFor(ctx, String(item.meetingId)) : null;
  const scale = item && found ? await revisionScaleOf(ctx.services, item.sheetId) : null;
  if (!item || !found || !scale) return deny(ctx);
  await ctx.answerCallbackQuery();
  const current = scale.view.sheet.result?.fulfilledCount;
  const keyboard = new InlineKeyboard();
  for (let n = 0; n <= scale.total; n++)
    if (n !== current) keyboard.text(String(n), cb.reviseTo.build({ caseId, count: n }));
  await ctx.reply(ctx.t('commission:vote.askRevised', { total: scale.total }), { reply_markup: keyboard });
});

onButton(commissionMember, cb.reviseTo, async (ctx, { caseId, count }) => {
  const outcome = await castVote(ctx.services, {
    caseId,
    employeeId: ctx.employee?._id,
    vote: 'revise',
    revisedTo: count,
  });
  await answerVote(ctx, outcome, caseId);
});

onButton(commissionMember, cb.close, async (ctx, { meetingId }) => {
  const outcome = await closeVote(ctx.services, { meetingId, employeeId: ctx.employee?._id });
  if (outcome.kind === 'notAllowed') return deny(ctx);
  await ctx.answerCallbackQuery();
  const t = ctx.t;
  switch (outcome.kind) {
    case 'decided':
      await recordAudit(ctx.services, {
        telegramId: ctx.from.id,
        employeeId: ctx.employee?._id ?? null,
        organisationCode:
          (await ctx.services.models.CommissionMeeting.findById(meetingId, { organisationCode: 1 }).lean())
            ?.organisationCode ?? null,
        action: 'commission.decided',
        details: { meetingId, approved: outcome.approved, revised: outcome.revised },
      });
      await ctx.reply(
        t('commission:close.decided', { approved: outcome.approved, revised: outcome.revised }),
      );
      await askApproval(ctx.services, meetingId);
      return;
    case 'noQuorum':
      await ctx.reply(t('commission:close.noQuorum', outcome));
      return;
    case 'notYet':
      await ctx.reply(t('commission:close.notYet', { date: formatDate(outcome.meetingOn) }));
      return;
    case 'undecided':
      await ctx.reply(t(`commission:close.${outcome.problem}`, { count: outcome.caseIds.length }));
      return;
    default:
      await ctx.reply(t(`commission:close.${outcome.kind}`));
  }
});

/** The authorised person approves: only now do the employees receive their results. */
onButton(commissionMember, cb.authorise, async (ctx, { meetingId }) => {
  const outcome = await approveResults(ctx.services, { meetingId, employeeId: ctx.employee?._id });
  if (outcome.kind === 'notAllowed') return deny(ctx);
  if (outcome.kind === 'notDecided') {
    await ctx.answerCallbackQuery({ text: ctx.t('commission:approve.already') });
    return;
  }
  await ctx.answerCallbackQuery();
  const meeting = await ctx.services.models.CommissionMeeting.findById(meetingId, {
    organisationCode: 1,
  }).lean();
  await recordAudit(ctx.services, {
    telegramId: ctx.from.id,
    employeeId: ctx.employee?._id ?? null,
    organisationCode: meeting?.organisationCode ?? null,
    action: 'commission.approved',
    details: { meetingId },
  });
  const sent = await releaseApproved(ctx.services, meetingId);
  await ctx.reply(ctx.t('commission:approve.done', { date: formatDate(outcome.approvedOn), count: sent }));
});
