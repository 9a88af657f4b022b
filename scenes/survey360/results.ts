import { InputFile } from 'grammy';
import type { BotContext } from '../../src/bot/context.ts';
import { canViewResult } from '../../src/evaluation/survey360/results.ts';
import { resultMaterials } from '../../src/notifications/results/survey360.ts';

/** Shows a result to the person asking, if they may see it: the evaluatee or HR. */
export async function renderResult360(ctx: BotContext, targetId: string): Promise<void> {
  const target = await ctx.services.models.SurveyTarget.findById(targetId).lean();
  const allowed =
    target && canViewResult({ employeeId: ctx.employee?._id ?? null, roles: ctx.roles }, target.employeeId);
  if (!allowed) {
    await ctx.reply(ctx.t('errors.notAllowed'));
    return;
  }
  const materials = await resultMaterials(ctx.services, targetId, ctx.lang);
  if (!materials) {
    await ctx.reply(ctx.t('survey360:result.notAvailable'));
    return;
  }
  await ctx.reply(materials.text);
  if (materials.chart) await ctx.replyWithPhoto(new InputFile(materials.chart, 'radar.png'));
}
