import { Composer, InlineKeyboard } from 'grammy';
import { callbacks } from '../../src/bot/callback-data.ts';
import type { BotContext } from '../../src/bot/context.ts';
import type { InputContext } from '../../src/bot/input-router.ts';
import { onButton } from '../../src/bot/on-button.ts';
import {
  caseForDecision,
  confirmSession,
  type DecisionRefused,
  proposeMembers,
  proposeSessionDate,
  refuseCase,
  routeOfCase,
} from '../../src/evaluation/calibration/case.ts';
import { announceRefusal, announceSession } from '../../src/evaluation/calibration/publish.ts';
import type { MembershipProblem } from '../../src/evaluation/calibration/rules.ts';
import { formatDate, parseTypedDate } from '../../src/i18n/dates.ts';
import { valueOrNull } from '../../src/methodology/route.ts';
import type { AwaitingInput } from '../../src/people/awaiting-input.ts';
import { awaitInput, stopAwaiting } from '../../src/people/awaiting-input.ts';
import { MAX_TEXT, STEP } from './steps.ts';

const cb = callbacks.calibration;

/**
 * The authorised person's decision on an application: hold a session (members by personnel number,
 * then the date, then confirm) or refuse with a typed reason. Every step checks the caller against the
 * case (the body's authorised person by the roster now) before anything is shown.
 */
export const calibrationDecision = new Composer<BotContext>();

async function refused(ctx: BotContext, problem: DecisionRefused | 'noDraft') {
  const text = ctx.t(`calibration:decide.refusedBecause.${problem}`);
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text });
  else await ctx.reply(text);
}

async function askMembers(ctx: BotContext, caseId: string) {
  const c = await caseForDecision(ctx.services, caseId, ctx.actor);
  if (typeof c === 'string') return refused(ctx, c);
  // A result without a score (not a ranking or KPI sheet) has nothing the session could correct here.
  if (c.score === null || c.score === undefined) {
    await ctx.answerCallbackQuery({ text: ctx.t('calibration:decide.noScore'), show_alert: true });
    return;
  }
  await ctx.answerCallbackQuery();
  await awaitInput(
    ctx.services.models,
    ctx.from!.id,
    { kind: 'calibration', documentId: caseId, step: STEP.members },
    ctx.services.now(),
  );
  const route = routeOfCase(c)!.route;
  const key = route.members.included.length > 0 ? 'askMembersWithIncluded' : 'askMembers';
  await ctx.reply(ctx.t(`calibration:decide.${key}`, { min: valueOrNull(route.members.min) ?? '—' }));
}

onButton(calibrationDecision, [cb.hold, cb.redo], (ctx, { caseId }) => askMembers(ctx, caseId));

onButton(calibrationDecision, cb.refuse, async (ctx, { caseId }) => {
  const c = await caseForDecision(ctx.services, caseId, ctx.actor);
  if (typeof c === 'string') return refused(ctx, c);
  await ctx.answerCallbackQuery();
  await awaitInput(
    ctx.services.models,
    ctx.from.id,
    { kind: 'calibration', documentId: caseId, step: STEP.refusalReason },
    ctx.services.now(),
  );
  await ctx.reply(ctx.t('calibration:decide.askReason'));
});

onButton(calibrationDecision, cb.confirm, async (ctx, { caseId }) => {
  const outcome = await confirmSession(ctx.services, caseId, ctx.actor);
  if (!outcome.ok) {
    if (typeof outcome.problem === 'string') return refused(ctx, outcome.problem);
    await ctx.answerCallbackQuery();
    await ctx.reply(membershipText(ctx, outcome.problem));
    return;
  }
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  await announceSession(ctx.services, outcome.case);
  await ctx.reply(
    ctx.t('calibration:decide.scheduled', {
      date: formatDate(outcome.case.sessionOn!),
      size: outcome.case.members.length,
    }),
  );
});

function membershipText(
  ctx: BotContext,
  problem: MembershipProblem | { code: 'unknown'; numbers: string[] },
) {
  switch (problem.code) {
    case 'unknown':
      return ctx.t('calibration:decide.members.unknown', { numbers: problem.numbers.join(', ') });
    case 'excluded':
      return ctx.t('calibration:decide.members.excluded');
    case 'tooFew':
      return ctx.t('calibration:decide.members.tooFew', { min: problem.min, size: problem.count });
    case 'even':
      return ctx.t('calibration:decide.members.even', { size: problem.count });
    case 'notSet':
      return ctx.t('calibration:decide.members.notSet');
  }
}

/** Typed on the case: the refusal's reason, the members' personnel numbers, the session's date. */
export async function receiveDecisionInput(ctx: InputContext, awaiting: AwaitingInput): Promise<void> {
  const text = ctx.message.text?.trim();
  if (!text) {
    await ctx.reply(ctx.t('calibration:textOnly'));
    return;
  }
  const caseId = awaiting.documentId;
  const { services } = ctx;
  if (awaiting.step === STEP.refusalReason) {
    const c = await refuseCase(services, caseId, ctx.actor, text.slice(0, MAX_TEXT));
    await stopAwaiting(services.models, ctx.from.id, { kind: 'calibration', documentId: caseId });
    if (typeof c === 'string') return refused(ctx, c);
    await announceRefusal(services, c);
    await ctx.reply(ctx.t('calibration:decide.refused'));
    return;
  }
  if (awaiting.step === STEP.members) {
    const outcome = await proposeMembers(services, caseId, ctx.actor, text);
    if (!outcome.ok) {
      if (typeof outcome.problem === 'string') {
        await stopAwaiting(services.models, ctx.from.id, { kind: 'calibration', documentId: caseId });
        return refused(ctx, outcome.problem);
      }
      await ctx.reply(membershipText(ctx, outcome.problem));
      return;
    }
    const c = await caseForDecision(services, caseId, ctx.actor);
    if (typeof c === 'string') return refused(ctx, c);
    await awaitInput(
      services.models,
      ctx.from.id,
      { kind: 'calibration', documentId: caseId, step: STEP.sessionDate },
      services.now(),
    );
    const people = await services.models.Employee.find(
      { _id: { $in: outcome.members.map((m) => m.id) } },
      { fullName: 1 },
    ).lean();
    const names = outcome.members.map((m) => people.find((p) => String(p._id) === m.id)?.fullName ?? '');
    await ctx.reply(
      ctx.t('calibration:decide.askDate', {
        size: outcome.members.length,
        members: names.join('; '),
        sessionBy: formatDate(c.sessionBy),
      }),
    );
    return;
  }
  if (awaiting.step === STEP.sessionDate) {
    const date = parseTypedDate(text);
    if (!date) {
      await ctx.reply(ctx.t('calibration:decide.date.invalid'));
      return;
    }
    const outcome = await proposeSessionDate(services, caseId, ctx.actor, date);
    if (!outcome.ok) {
      if (['notFound', 'notAllowed', 'alreadyDecided'].includes(outcome.problem)) {
        await stopAwaiting(services.models, ctx.from.id, { kind: 'calibration', documentId: caseId });
        return refused(ctx, outcome.problem as DecisionRefused);
      }
      await ctx.reply(
        ctx.t(`calibration:decide.date.${outcome.problem}`, {
          sessionBy: outcome.sessionBy ? formatDate(outcome.sessionBy) : '',
        }),
      );
      return;
    }
    await stopAwaiting(services.models, ctx.from.id, { kind: 'calibration', documentId: caseId });
    await ctx.reply(ctx.t('calibration:decide.confirm', { date: formatDate(outcome.sessionOn) }), {
      reply_markup: new InlineKeyboard()
        .text(ctx.t('calibration:decide.confirmButton'), cb.confirm.build({ caseId }))
        .text(ctx.t('calibration:decide.redoButton'), cb.redo.build({ caseId })),
    });
  }
}
