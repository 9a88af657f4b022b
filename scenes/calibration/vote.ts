import { Composer } from 'grammy';
import { callbacks } from '../../src/bot/callback-data.ts';
import type { BotContext } from '../../src/bot/context.ts';
import type { InputContext } from '../../src/bot/input-router.ts';
import { onButton } from '../../src/bot/on-button.ts';
import { almatyDateOf } from '../../src/calendar/index.ts';
import {
  castVote,
  correctionScale,
  isMemberOf,
  loadCase,
  routeOfCase,
  type VoteRefused,
} from '../../src/evaluation/calibration/case.ts';
import { scoreText } from '../../src/evaluation/calibration/messages.ts';
import { publishOutcome } from '../../src/evaluation/calibration/publish.ts';
import { parseScoreInput } from '../../src/evaluation/scoring/score.ts';
import { formatDate } from '../../src/i18n/dates.ts';
import type { AwaitingInput } from '../../src/people/awaiting-input.ts';
import { awaitInput, stopAwaiting } from '../../src/people/awaiting-input.ts';
import { STEP } from './steps.ts';

const cb = callbacks.calibration;

/**
 * A member's vote: keep with one tap; up or down asks for the new score, typed. Only the case's members
 * vote, once each, from the session's day (castVote checks all of it in the write itself).
 */
export const calibrationVote = new Composer<BotContext>();

async function problem(ctx: BotContext, code: VoteRefused, date?: string) {
  const text = ctx.t(`calibration:vote.problems.${code}`, { date: date ?? '' });
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
  else await ctx.reply(text);
}

onButton(calibrationVote, cb.vote, async (ctx, { caseId, vote }) => {
  const c = await loadCase(ctx.services, caseId);
  if (!c) return problem(ctx, 'notFound');
  if (!isMemberOf(ctx.actor, c)) return problem(ctx, 'notMember');
  if (c.state !== 'scheduled') return problem(ctx, 'notOpen');
  if (almatyDateOf(ctx.services.now()) < (c.sessionOn ?? ''))
    return problem(ctx, 'beforeSession', formatDate(c.sessionOn!));
  if (vote === 'keep') {
    const outcome = await castVote(ctx.services, caseId, ctx.actor, 'keep', null);
    if (!outcome.ok) return problem(ctx, outcome.problem);
    await ctx.answerCallbackQuery();
    await recorded(ctx, outcome.decided, caseId);
    return;
  }
  if (c.members.some((m) => m.employeeId.equals(ctx.actor.employee!._id) && m.vote !== null))
    return problem(ctx, 'alreadyVoted');
  await ctx.answerCallbackQuery();
  await awaitInput(
    ctx.services.models,
    ctx.from.id,
    { kind: 'calibration', documentId: caseId, step: vote === 'up' ? STEP.scoreUp : STEP.scoreDown },
    ctx.services.now(),
  );
  const scale = correctionScale(routeOfCase(c)!.methodology);
  await ctx.reply(
    ctx.t(`calibration:vote.askScore.${vote}`, {
      score: scoreText(c.score),
      min: scoreText(scale.min),
      max: scoreText(scale.max),
    }),
  );
});

async function recorded(ctx: BotContext, decided: boolean, caseId: string) {
  await ctx.reply(ctx.t('calibration:vote.recorded'));
  // The last vote decides: the result notice, the protocol and HR's message go out from here.
  if (decided) {
    await publishOutcome(ctx.services, caseId);
    await ctx.reply(ctx.t('calibration:vote.decided'));
  }
}

/** The new score of an "up" or "down" vote. */
export async function receiveScoreInput(ctx: InputContext, awaiting: AwaitingInput): Promise<void> {
  const caseId = awaiting.documentId;
  const c = await loadCase(ctx.services, caseId);
  if (!c) return problem(ctx, 'notFound');
  const parsed = parseScoreInput(ctx.message.text ?? '', correctionScale(routeOfCase(c)!.methodology));
  if (!parsed.ok) {
    await ctx.reply(ctx.t('calibration:vote.badScore'));
    return;
  }
  const vote = awaiting.step === STEP.scoreUp ? 'up' : 'down';
  const outcome = await castVote(ctx.services, caseId, ctx.actor, vote, parsed.value);
  if (!outcome.ok) {
    if (outcome.problem === 'wrongDirection') {
      await ctx.reply(ctx.t(`calibration:vote.wrongDirection.${vote}`, { score: scoreText(c.score) }));
      return;
    }
    await stopAwaiting(ctx.services.models, ctx.from.id, { kind: 'calibration', documentId: caseId });
    return problem(ctx, outcome.problem);
  }
  await stopAwaiting(ctx.services.models, ctx.from.id, { kind: 'calibration', documentId: caseId });
  await recorded(ctx, outcome.decided, caseId);
}
