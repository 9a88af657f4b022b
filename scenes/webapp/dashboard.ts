import type { InlineKeyboard } from 'grammy';
import type { BotContext } from '../../src/bot/context.ts';

/**
 * The HR dashboard's ways in, for someone the /hr guard has let through: a "📊 Open dashboard" row
 * on the console and the chat's menu button. Telegram signs who opens it; nothing goes into its URL.
 * Without WEBAPP_URL there is no dashboard and nothing changes.
 */
export async function offerDashboard(ctx: BotContext, keyboard: InlineKeyboard): Promise<void> {
  const url = ctx.services.config.WEBAPP_URL;
  if (!url) return;
  keyboard.row().webApp(ctx.t('webapp:openButton'), url);
  if (!ctx.chat) return;
  try {
    await ctx.api.setChatMenuButton({
      chat_id: ctx.chat.id,
      menu_button: { type: 'web_app', text: ctx.t('webapp:menuButton'), web_app: { url } },
    });
  } catch (error) {
    // The console works without the menu button; the next /hr tries again.
    ctx.services.logger.warn({ err: error }, 'could not set the dashboard menu button');
  }
}
