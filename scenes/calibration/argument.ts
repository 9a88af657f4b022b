import { Composer } from 'grammy';
import { callbacks } from '../../src/bot/callback-data.ts';
import type { BotContext } from '../../src/bot/context.ts';
import type { InputContext } from '../../src/bot/input-router.ts';
import { onButton } from '../../src/bot/on-button.ts';
import { addArgument, loadCase, sideOf } from '../../src/evaluation/calibration/case.ts';
import type { AwaitingInput } from '../../src/people/awaiting-input.ts';
import { awaitInput, stopAwaiting } from '../../src/people/awaiting-input.ts';
import { MAX_TEXT, STEP } from './steps.ts';

/** The employee and the evaluator may put their case in writing before the session votes. */
export const calibrationArgument = new Composer<BotContext>();

onButton(calibrationArgument, callbacks.calibration.argue, async (ctx, { caseId }) => {
  const c = await loadCase(ctx.services, caseId);
  if (!c || !sideOf(ctx.actor, c)) {
    await ctx.answerCallbackQuery({ text: ctx.t('errors.notAllowed') });
    return;
  }
  if (c.state !== 'scheduled' || c.members.some((m) => m.vote !== null)) {
    await ctx.answerCallbackQuery({ text: ctx.t('calibration:argument.closed') });
    return;
  }
  await ctx.answerCallbackQuery();
  await awaitInput(
    ctx.services.models,
    ctx.from.id,
    { kind: 'calibration', documentId: caseId, step: STEP.argument },
    ctx.services.now(),
  );
  await ctx.reply(ctx.t('calibration:argument.ask'));
});

export async function receiveArgumentInput(ctx: InputContext, awaiting: AwaitingInput): Promise<void> {
  const text = ctx.message.text?.trim();
  if (!text) {
    await ctx.reply(ctx.t('calibration:textOnly'));
    return;
  }
  const outcome = await addArgument(ctx.services, awaiting.documentId, ctx.actor, text.slice(0, MAX_TEXT));
  await stopAwaiting(ctx.services.models, ctx.from.id, {
    kind: 'calibration',
    documentId: awaiting.documentId,
  });
  await ctx.reply(
    outcome === 'saved'
      ? ctx.t('calibration:argument.saved')
      : outcome === 'closed'
        ? ctx.t('calibration:argument.closed')
        : ctx.t('errors.notAllowed'),
  );
}
