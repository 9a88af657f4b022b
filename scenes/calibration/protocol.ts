import { Composer, InputFile } from 'grammy';
import { callbacks } from '../../src/bot/callback-data.ts';
import type { BotContext } from '../../src/bot/context.ts';
import { onButton } from '../../src/bot/on-button.ts';
import { safeFileName } from '../../src/documents/index.ts';
import { loadCase } from '../../src/evaluation/calibration/case.ts';
import { markProtocolFiled, protocolBytes } from '../../src/evaluation/calibration/publish.ts';
import { hrScopeOf } from '../../src/people/access.ts';
import { LANGUAGES } from '../../src/people/models.ts';

/** HR's buttons on a decided case: the protocol PDFs (Kazakh and Russian) and "filed". HR of the body only. */
export const calibrationProtocol = new Composer<BotContext>();

async function caseOfHr(ctx: BotContext, caseId: string) {
  const scope = await hrScopeOf(ctx.services.models, ctx.actor);
  const c = scope.ok ? await loadCase(ctx.services, caseId) : null;
  return c && scope.ok && c.organisationCode === scope.organisationCode ? c : null;
}

onButton(calibrationProtocol, callbacks.calibration.protocol, async (ctx, { caseId }) => {
  const c = await caseOfHr(ctx, caseId);
  if (!c?.protocol) {
    await ctx.answerCallbackQuery({ text: ctx.t('errors.notAllowed') });
    return;
  }
  await ctx.answerCallbackQuery();
  const employee = await ctx.services.models.Employee.findById(c.employeeId, { fullName: 1 }).lean();
  for (const lang of LANGUAGES) {
    const t = ctx.services.translator.forLanguage(lang);
    const name = safeFileName(
      `${t('calibration:protocol.fileName', { name: employee?.fullName ?? '' })}.pdf`,
    );
    const bytes = protocolBytes(c, lang);
    if (bytes) await ctx.replyWithDocument(new InputFile(bytes, name));
  }
});

onButton(calibrationProtocol, callbacks.calibration.filed, async (ctx, { caseId }) => {
  const c = await caseOfHr(ctx, caseId);
  if (!c || !(await markProtocolFiled(ctx.services, caseId))) {
    await ctx.answerCallbackQuery({ text: ctx.t('errors.notAllowed') });
    return;
  }
  await ctx.answerCallbackQuery({ text: ctx.t('calibration:protocol.filed') });
});
