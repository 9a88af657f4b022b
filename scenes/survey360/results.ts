import { InputFile } from 'grammy';
import type { BotContext } from '../../src/bot/context.ts';
import { deny } from '../../src/bot/hr-access.ts';
import { mayView, survey360Document } from '../../src/evaluation/confidentiality.ts';
import { resultMaterials } from '../../src/notifications/results/survey360.ts';
import { audit } from '../../src/people/audit.ts';
import { result360PaperButton } from '../papers/downloads.ts';

/**
 * Shows a result to the person asking (and answers their button, if any) when mayView lets them; a
 * view of someone else's result is audited.
 */
export async function renderResult360(ctx: BotContext, targetId: string): Promise<void> {
  const document = await survey360Document(ctx.services.models, targetId);
  const decision = document ? mayView(ctx.actor, document) : { allowed: false as const };
  if (!document || !decision.allowed) {
    await deny(ctx);
    return;
  }
  if (ctx.callbackQuery) await ctx.answerCallbackQuery();
  if (decision.as !== 'evaluatee')
    await audit(ctx, 'results.view', document.organisationCode, {
      kind: document.kind,
      targetId,
      employeeId: String(document.evaluateeId),
      as: decision.as,
    });
  const materials = await resultMaterials(ctx.services, targetId, ctx.lang);
  if (!materials) {
    await ctx.reply(ctx.t('survey360:result.notAvailable'));
    return;
  }
  // Results are strictly confidential: not to be forwarded or saved.
  await ctx.reply(materials.text, {
    protect_content: true,
    ...(materials.chart ? { reply_markup: result360PaperButton(ctx, targetId) } : {}),
  });
  if (materials.chart)
    await ctx.replyWithPhoto(new InputFile(materials.chart, 'radar.png'), { protect_content: true });
}
