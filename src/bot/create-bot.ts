import { autoRetry } from '@grammyjs/auto-retry';
import { sequentialize } from '@grammyjs/runner';
import { Bot, GrammyError, HttpError } from 'grammy';
import { calibration, calibrationInput } from '../../scenes/calibration/index.ts';
import {
  leaveNewCampaign,
  newCampaignConversation,
  newCampaignEntry,
} from '../../scenes/campaigns/new-campaign.ts';
import { commissionHr } from '../../scenes/commission/hr.ts';
import { commissionMember } from '../../scenes/commission/member.ts';
import { kpiActuals, kpiActualsFileInput } from '../../scenes/kpi/actuals.ts';
import { kpiPlanCommentInput, kpiPlanning } from '../../scenes/kpi/plan.ts';
import { appeal, appealStatementInput } from '../../scenes/notices/appeal.ts';
import { auditLog } from '../../scenes/notices/audit-log.ts';
import { noticeButtons } from '../../scenes/notices/buttons.ts';
import { hrConsole } from '../../scenes/notices/console.ts';
import { paperArchive } from '../../scenes/papers/archive.ts';
import { paperDownloads } from '../../scenes/papers/downloads.ts';
import { hrPeople } from '../../scenes/people/invite.ts';
import { onboarding } from '../../scenes/people/onboarding.ts';
import { rosterFileInput } from '../../scenes/people/roster-import.ts';
import { hrScopeChooser } from '../../scenes/people/scope.ts';
import { rankingSheet, sheetInput } from '../../scenes/ranking/evaluator.ts';
import { rankingHr } from '../../scenes/ranking/hr.ts';
import { reviewCommentInput, reviewer } from '../../scenes/ranking/reviewer.ts';
import { scores } from '../../scenes/ranking/scores.ts';
import { survey360Hr } from '../../scenes/survey360/hr.ts';
import { leaveQuestionnaire, survey360 } from '../../scenes/survey360/respondent.ts';
import {
  noteIncomingMessage,
  noteOutboxCallback,
  parseOutboxCallback,
  recordForeignMessages,
} from '../notifications/outbox/index.ts';
import { HR_ROLES } from '../people/models.ts';
import type { AppServices } from '../services.ts';
import { callbacks } from './callback-data.ts';
import type { BotContext } from './context.ts';
import { conversationsPlugin } from './conversations.ts';
import { hasAnyRole, identify } from './identify.ts';
import { cancelCommand, type InputFlows, inputRouter } from './input-router.ts';
import { orderAcrossInstances } from './instance-order.ts';
import { onButton } from './on-button.ts';
import { privateChatsOnly } from './private-only.ts';
import { rightsGuard } from './rights-guard.ts';
import { updateKeys } from './update-order.ts';

/** `message`, `callback_query`, ...: what kind of update failed, without its content. */
const updateTypeOf = (update: object) => Object.keys(update).find((key) => key !== 'update_id') ?? 'unknown';

/** The flows that wait for typed input (or a file), one per kind of the awaiting-input record. */
const INPUT_FLOWS: InputFlows = {
  sheet: sheetInput,
  reviewComment: reviewCommentInput,
  appealStatement: appealStatementInput,
  rosterFile: rosterFileInput,
  kpiPlanComment: kpiPlanCommentInput,
  kpiActualsFile: kpiActualsFileInput,
  calibration: calibrationInput,
};

export function createBot(services: AppServices, instanceId = 'single'): Bot<BotContext> {
  const { config } = services;
  const bot = new Bot<BotContext>(config.BOT_TOKEN, {
    client: config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {},
  });
  // Telegram's 429 answers carry retry_after; wait and retry rather than fail the user's action, but
  // only briefly: a longer flood wait, or a network error (which auto-retry would otherwise retry
  // for ever), fails the reply instead of holding the chat's later updates.
  const retry = autoRetry({ maxRetryAttempts: 2, maxDelaySeconds: 5, rethrowHttpErrors: true });
  bot.api.config.use(retry);
  // Message ids the bot sends directly are recorded so outbox reconciliation never mistakes them.
  const recordDirect = recordForeignMessages(services.models);
  bot.api.config.use(recordDirect);

  // Updates run concurrently (src/app.ts): first of all, one chat's updates, and taps on one document, in order.
  bot.use(sequentialize(updateKeys));
  // Behind a webhook several instances share the updates: the same order, kept in MongoDB.
  if (services.config.BOT_MODE === 'webhook') bot.use(orderAcrossInstances(services.models, instanceId));
  bot.use(privateChatsOnly(services));
  bot.use(identify<BotContext>(services));
  bot.use(rightsGuard<BotContext>(services));
  bot.use(async (ctx, next) => {
    // Feeds the outbox's delivery register: user message ids, and taps on outbox buttons (proof of delivery).
    if (ctx.message && ctx.chat)
      await noteIncomingMessage(services.models, ctx.chat.id, ctx.message.message_id);
    const outbox = ctx.callbackQuery?.data ? parseOutboxCallback(ctx.callbackQuery.data) : null;
    // The data is the client's word; the chat and message are Telegram's: the tap counts only from the item's own.
    if (outbox)
      await noteOutboxCallback(
        services.models,
        outbox.itemId,
        { chatId: ctx.callbackQuery?.message?.chat.id, messageId: ctx.callbackQuery?.message?.message_id },
        services.now(),
      );
    await next();
  });

  // Dialogues of several steps (state in MongoDB): the plugin, then every conversation, before any
  // feature. An open conversation takes its chat's updates first; what is not its own it hands on.
  bot.use(conversationsPlugin<BotContext>(services));
  bot.use(newCampaignConversation);

  // Then /cancel, and the one reader of typed input (the account's awaiting-input record says which
  // flow a message is for). Buttons go to their own flow by their callback data.
  bot.use(cancelCommand(INPUT_FLOWS, [leaveQuestionnaire, leaveNewCampaign]));
  bot.command('help', async (ctx) => {
    const hrHelp = hasAnyRole(ctx, HR_ROLES) ? `\n\n${ctx.t('help.hr')}` : '';
    const adminHelp = ctx.actor.isAdmin ? `\n${ctx.t('access:scope.help')}` : '';
    await ctx.reply(`${ctx.t('help.text')}${hrHelp}${adminHelp}`);
  });
  bot.use(inputRouter(INPUT_FLOWS));
  bot.use(onboarding);

  bot.use(hrScopeChooser);
  bot.use(hrPeople);
  bot.use(survey360);
  bot.use(survey360Hr);
  bot.use(rankingSheet);
  bot.use(reviewer);
  bot.use(kpiPlanning);
  bot.use(kpiActuals);
  bot.use(rankingHr);
  bot.use(scores);
  bot.use(paperDownloads);
  bot.use(paperArchive);
  bot.use(noticeButtons);
  bot.use(commissionHr);
  bot.use(commissionMember);
  bot.use(appeal);
  bot.use(calibration);
  bot.use(hrConsole);
  bot.use(newCampaignEntry);
  bot.use(auditLog);

  onButton(bot, callbacks.notice.read, async (ctx) => {
    await ctx.answerCallbackQuery({ text: ctx.t('notices.acknowledged') });
  });

  // Anything left: a button from an old message, or text outside any flow.
  bot.on('callback_query', async (ctx) => {
    await ctx.answerCallbackQuery({ text: ctx.t('errors.staleButton') });
  });
  bot.on('message', async (ctx) => {
    await ctx.reply(ctx.t('help.unknown'));
  });

  bot.catch(async ({ ctx, error }) => {
    const kind =
      error instanceof GrammyError ? 'telegram' : error instanceof HttpError ? 'network' : 'internal';
    // The logger's err serializer keeps no payload, no key values and no user text (src/log-redaction.ts).
    services.logger.error(
      { err: error, kind, updateId: ctx.update.update_id, updateType: updateTypeOf(ctx.update) },
      'update failed',
    );
    const t = ctx.t ?? services.translator.forLanguage(config.DEFAULT_LANGUAGE);
    if (ctx.chat?.type === 'private') await ctx.reply(t('errors.generic')).catch(() => undefined);
  });
  return bot;
}
