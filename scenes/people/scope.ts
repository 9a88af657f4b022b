import { Composer, InlineKeyboard } from 'grammy';
import { anyOf, callbacks } from '../../src/bot/callback-data.ts';
import type { BotContext } from '../../src/bot/context.ts';
import { deny, refuseNonHr } from '../../src/bot/hr-access.ts';
import { onButton } from '../../src/bot/on-button.ts';
import { pageOf, pagerRow } from '../../src/bot/ui/pages.ts';
import { hrScopeOf } from '../../src/people/access.ts';
import { audit } from '../../src/people/audit.ts';

/** Bodies per page of the chooser. */
const PER_PAGE = 8;
/** A button alone in its row holds about this many characters on a phone. */
const BUTTON_CHARS = 40;

/**
 * `/scope [code]`: the body HR actions run in. HR staff always act for their own body (the command
 * names it); an administrator chooses one, by code or from a paged list, and it is kept on the account.
 */
export const hrScopeChooser = new Composer<BotContext>();

hrScopeChooser.use(refuseNonHr(['scope'], anyOf(callbacks.scope)));

hrScopeChooser.command('scope', async (ctx) => {
  const { Organisation } = ctx.services.models;
  const code = ctx.match.trim();
  if (!ctx.actor.isAdmin) {
    const own = await Organisation.findOne({ code: ctx.actor.employee?.organisationCode }).lean();
    await ctx.reply(ctx.t('access:scope.own', { name: own?.name ?? '', code: own?.code ?? '' }));
    return;
  }
  if (code) {
    const organisation = await Organisation.findOne({ code }, { _id: 1 }).lean();
    if (!organisation) {
      await ctx.reply(ctx.t('access:scope.unknown', { code }));
      return;
    }
    await choose(ctx, String(organisation._id));
    return;
  }
  const scope = await hrScopeOf(ctx.services.models, ctx.actor);
  const current = scope.ok ? await Organisation.findOne({ code: scope.organisationCode }).lean() : null;
  const heading = current
    ? ctx.t('access:scope.current', { name: current.name, code: current.code })
    : ctx.t('access:scope.none');
  await ctx.reply(`${heading}\n${ctx.t('access:scope.choose')}`, { reply_markup: await chooser(ctx, 0) });
});

onButton(hrScopeChooser, callbacks.scope.page, async (ctx, { page }) => {
  if (!ctx.actor.isAdmin) return deny(ctx);
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup({ reply_markup: await chooser(ctx, page) }).catch((error: unknown) => {
    // The page shown again: Telegram refuses an edit that changes nothing.
    if (!String(error).includes('message is not modified')) throw error;
  });
});

onButton(hrScopeChooser, callbacks.scope.choose, async (ctx, { organisationId }) => {
  if (!ctx.actor.isAdmin) return deny(ctx);
  await choose(ctx, organisationId);
});

/** One page of bodies, by code, with the ◀ k / n ▶ row. */
async function chooser(ctx: BotContext, page: number): Promise<InlineKeyboard> {
  const organisations = await ctx.services.models.Organisation.find({}, { code: 1, name: 1 })
    .sort({ code: 1 })
    .lean();
  const shown = pageOf(organisations, page, PER_PAGE);
  const keyboard = new InlineKeyboard();
  for (const organisation of shown.items) {
    const label = organisation.name ? `${organisation.code} · ${organisation.name}` : organisation.code;
    const text = label.length > BUTTON_CHARS ? `${label.slice(0, BUTTON_CHARS - 1)}…` : label;
    keyboard.text(text, callbacks.scope.choose.build({ organisationId: String(organisation._id) })).row();
  }
  const pager = pagerRow(shown, (p) => callbacks.scope.page.build({ page: p }));
  if (pager.length > 0) keyboard.row(...pager);
  return keyboard;
}

async function choose(ctx: BotContext, organisationId: string): Promise<void> {
  const { Organisation, Account } = ctx.services.models;
  const organisation = await Organisation.findById(organisationId, { code: 1, name: 1 }).lean();
  if (!organisation) return deny(ctx);
  await Account.updateOne({ telegramId: ctx.from!.id }, { $set: { hrScope: organisation.code } });
  await audit(ctx, 'scope.choose', organisation.code);
  if (ctx.callbackQuery) await ctx.answerCallbackQuery();
  await ctx.reply(ctx.t('access:scope.chosen', { name: organisation.name, code: organisation.code }));
}
