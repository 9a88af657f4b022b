import { Composer, InlineKeyboard, Keyboard } from 'grammy';
import { callbacks } from '../../src/bot/callback-data.ts';
import type { BotContext } from '../../src/bot/context.ts';
import { onButton } from '../../src/bot/on-button.ts';
import { type LinkResult, linkByContact, linkByInvite } from '../../src/people/linking.ts';
import { LANGUAGES, type Language } from '../../src/people/models.ts';

/**
 * /start → language → "share my phone number" → linked to the roster.
 * Kept as plain handlers over the account in MongoDB (no conversation state), so it survives restarts.
 */
export const onboarding = new Composer<BotContext>();

function languageKeyboard(ctx: BotContext): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const lang of LANGUAGES) {
    keyboard.text(
      ctx.services.translator.forLanguage(lang)('languageName'),
      callbacks.language.choose.build({ lang }),
    );
  }
  return keyboard;
}

function contactKeyboard(ctx: BotContext): Keyboard {
  return new Keyboard().requestContact(ctx.t('start.shareContactButton')).resized().oneTime();
}

onboarding.command('start', async (ctx) => {
  const code = ctx.match.trim();
  if (code) {
    const result = await linkByInvite(ctx.services.models, ctx.from!.id, code, ctx.services.now());
    if (result.ok && !ctx.account?.language) {
      // The roster's language is the best guess for someone who never chose one.
      ctx.lang = result.employee.language as Language;
      ctx.t = ctx.services.translator.forLanguage(ctx.lang);
    }
    await replyLinkResult(ctx, result);
    return;
  }
  if (ctx.employee) {
    await ctx.reply(ctx.t('start.welcomeBack', { name: ctx.employee.fullName }));
    return;
  }
  await ctx.reply(ctx.t('start.chooseLanguage'), { reply_markup: languageKeyboard(ctx) });
});

onboarding.command('language', async (ctx) => {
  await ctx.reply(ctx.t('language.choose'), { reply_markup: languageKeyboard(ctx) });
});

onButton(onboarding, callbacks.language.choose, async (ctx, { lang }) => {
  await ctx.services.models.Account.updateOne({ telegramId: ctx.from.id }, { $set: { language: lang } });
  ctx.lang = lang;
  ctx.t = ctx.services.translator.forLanguage(lang);
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(ctx.t('language.changed')).catch(() => undefined);
  if (!ctx.employee) {
    await ctx.reply(`${ctx.t('start.welcome')}\n\n${ctx.t('start.askContact')}`, {
      reply_markup: contactKeyboard(ctx),
    });
  }
});

onboarding.on('message:contact', async (ctx) => {
  const contact = ctx.message.contact;
  const result = await linkByContact(ctx.services.models, {
    telegramId: ctx.from.id,
    contactUserId: contact.user_id,
    phoneNumber: contact.phone_number,
  });
  await replyLinkResult(ctx, result);
});

async function replyLinkResult(ctx: BotContext, result: LinkResult): Promise<void> {
  if (result.ok) {
    await ctx.reply(
      ctx.t('people:link.linked', { name: result.employee.fullName, position: result.employee.position }),
      {
        reply_markup: { remove_keyboard: true },
      },
    );
    return;
  }
  const text =
    result.reason === 'alreadyLinked'
      ? ctx.t('people:link.alreadyLinked', { name: result.employee?.fullName })
      : ctx.t(`people:link.${result.reason}`);
  // After a refused contact the button stays, so the user can share their own number.
  const keepButton = result.reason === 'notOwnContact';
  await ctx.reply(text, {
    reply_markup: keepButton ? contactKeyboard(ctx) : { remove_keyboard: true },
  });
}
