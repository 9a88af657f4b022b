import { Composer, InlineKeyboard, InputFile } from 'grammy';
import { callbacks } from '../../src/bot/callback-data.ts';
import type { BotContext } from '../../src/bot/context.ts';
import { deny } from '../../src/bot/hr-access.ts';
import { onButton } from '../../src/bot/on-button.ts';
import {
  mayView,
  type ResultDocument,
  sheetDocument,
  survey360Document,
} from '../../src/evaluation/confidentiality.ts';
import { periodWords } from '../../src/i18n/format.ts';
import { result360Paper, sheetPaper } from '../../src/papers/sheets.ts';
import { audit } from '../../src/people/audit.ts';

/**
 * The download buttons of results on paper: a sheet's PDF, a 360 result's PDF, in the reader's language.
 * The id on the button is checked like any other: the document is produced only for whom mayView lets
 * see it (the employee, the evaluator, the HR head of the body), and a view of someone else's is audited.
 */
export const paperDownloads = new Composer<BotContext>();

/** A button per sheet: "📄 <period in words>". */
export function sheetPaperButtons(
  ctx: BotContext,
  sheets: readonly { sheetId: string; period: string; kind: string }[],
): InlineKeyboard | undefined {
  if (sheets.length === 0) return undefined;
  const keyboard = new InlineKeyboard();
  for (const sheet of sheets)
    keyboard
      .text(
        ctx.t('results:papers.sheetButton', {
          ...periodWords(ctx.t, sheet.period),
          kind: ctx.t(`results:papers.kinds.${sheet.kind}`),
        }),
        callbacks.papers.sheet.build({ sheetId: sheet.sheetId }),
      )
      .row();
  return keyboard;
}

export function result360PaperButton(ctx: BotContext, targetId: string): InlineKeyboard {
  return new InlineKeyboard().text(
    ctx.t('results:papers.result360Button'),
    callbacks.papers.result360.build({ targetId }),
  );
}

onButton(paperDownloads, callbacks.papers.sheet, async (ctx, { sheetId }) => {
  const sheet = await ctx.services.models.RankingSheet.findById(sheetId).lean();
  const document = sheet && (await sheetDocument(ctx.services.models, sheet));
  await sendPaper(ctx, document, () => sheetPaper(ctx.services, sheetId, ctx.lang));
});

onButton(paperDownloads, callbacks.papers.result360, async (ctx, { targetId }) => {
  const document = await survey360Document(ctx.services.models, targetId);
  await sendPaper(ctx, document, () => result360Paper(ctx.services, targetId, ctx.lang));
});

async function sendPaper(
  ctx: BotContext,
  document: ResultDocument | null,
  render: () => Promise<{ fileName: string; data: Buffer } | null>,
): Promise<void> {
  const decision = document ? mayView(ctx.actor, document) : { allowed: false as const };
  if (!document || !decision.allowed) {
    await deny(ctx);
    return;
  }
  await ctx.answerCallbackQuery();
  if (decision.as !== 'evaluatee')
    await audit(ctx, 'results.paper', document.organisationCode, {
      kind: document.kind,
      id: document.id,
      employeeId: String(document.evaluateeId),
      as: decision.as,
    });
  const paper = await render();
  if (!paper) {
    await ctx.reply(ctx.t('results:papers.none'));
    return;
  }
  // Strictly confidential: not to be forwarded or saved in Telegram.
  await ctx.replyWithDocument(new InputFile(paper.data, paper.fileName), {
    caption: ctx.t('results:papers.caption'),
    protect_content: true,
  });
}
