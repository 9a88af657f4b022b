import { hostname } from 'node:os';
import { Api, type Bot } from 'grammy';
import { registerCommandMenu } from './bot/commands-menu.ts';
import type { BotContext } from './bot/context.ts';
import { createBot } from './bot/create-bot.ts';
import { forgetAccountTimes } from './bot/identify.ts';
import { taskReports } from './bot/task-reports.ts';
import type { AppConfig } from './config.ts';
import { connectDatabase, type Database } from './db/connection.ts';
import { createModels, type Models } from './db/models.ts';
import { loadAnswerVault } from './evaluation/survey360/answer-vault.ts';
import { createTranslator } from './i18n/index.ts';
import { logger } from './logger.ts';
import { alertUndeliverable } from './notifications/hr-alerts.ts';
import { dailyJobs } from './notifications/jobs.ts';
import { type OutboxWorker, startOutboxWorker } from './notifications/outbox/index.ts';
import { type Scheduler, startScheduler } from './notifications/scheduler.ts';
import type { AppServices } from './services.ts';
import { taskHandlers } from './tasks/kinds.ts';
import { startTaskRunner, type TaskRunner } from './tasks/runner.ts';

export interface RunningApp {
  bot: Bot<BotContext>;
  services: AppServices;
  /** Daily jobs; runDue() is what the 09:00 timer calls (tests call it with the clock set). */
  scheduler: Scheduler;
  /** Stops polling, lets in-flight updates finish, then closes the database. */
  stop(): Promise<void>;
}

export interface StartOptions {
  now?: () => Date;
}

/** The one entry point: `npm start` (src/main.ts) and the tests both start the bot through here. */
export async function startApp(config: AppConfig, options: StartOptions = {}): Promise<RunningApp> {
  logger.level = config.LOG_LEVEL;
  const db = await connectDatabase(config);
  try {
    const models = await createModels(db.connection);
    await grantAdminRoles(models, config.ADMIN_TELEGRAM_IDS);
    await forgetAccountTimes(models);
    const services: AppServices = {
      config,
      models,
      translator: await createTranslator(config.DEFAULT_LANGUAGE),
      logger,
      answerVault: await loadAnswerVault(config),
      now: options.now ?? (() => new Date()),
      wakeTasks: async () => undefined,
    };
    const bot = createBot(services);
    await bot.init();
    await registerCommandMenu(bot.api, services.translator);
    const outbox = startOutbox(services);
    const tasks = startTasks(services, bot.api);
    const scheduler = startScheduler({
      jobs: dailyJobs(services),
      JobRun: models.JobRun,
      instanceId: instanceId(),
      now: services.now,
      logger,
    });
    // Catch up on a job whose time passed while no instance was running.
    void scheduler.runDue();
    const polling = startPolling(bot);
    logger.info({ username: bot.botInfo.username }, 'bot is polling for updates');
    return {
      bot,
      services,
      scheduler,
      stop: async () => {
        await scheduler.stop();
        await tasks.stop();
        await stopApp(bot, polling, outbox, db);
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}

function startPolling(bot: Bot<BotContext>): Promise<void> {
  return bot.start({ drop_pending_updates: false }).catch((error: unknown) => {
    logger.fatal({ err: error }, 'polling stopped with an error');
    process.exitCode = 1;
  });
}

function instanceId(): string {
  return `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
}

/** Long work (closing a campaign, finalising a quarter) runs here, resumed by any instance after a crash. */
function startTasks(services: AppServices, api: Api): TaskRunner {
  const runner = startTaskRunner({
    models: services.models,
    handlers: taskHandlers(services),
    instanceId: instanceId(),
    now: services.now,
    logger,
    ...taskReports(api, services.translator),
  });
  services.wakeTasks = () =>
    runner.drain().then(
      () => undefined,
      () => undefined,
    );
  return runner;
}

/** The outbox worker sends with its own Api: no auto-retry (it handles 429 itself, and a blind retry could send twice). */
function startOutbox(services: AppServices): OutboxWorker {
  const { config } = services;
  const api = new Api(
    config.BOT_TOKEN,
    config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {},
  );
  return startOutboxWorker({
    models: services.models,
    api,
    instanceId: instanceId(),
    now: services.now,
    logger,
    pollIntervalMs: config.OUTBOX_POLL_MS,
    // HR is told who could not be reached (keyed by the item, so a retried callback queues nothing new).
    onUndeliverable: (item) => alertUndeliverable(services, item),
  });
}

async function stopApp(
  bot: Bot<BotContext>,
  polling: Promise<void>,
  outbox: OutboxWorker,
  db: Database,
): Promise<void> {
  if (bot.isRunning()) await bot.stop();
  await polling;
  await outbox.stop();
  await db.close();
}

/** ADMIN_TELEGRAM_IDS get the HR and admin roles; an id removed from the list loses them. */
async function grantAdminRoles(models: Models, adminIds: readonly number[]): Promise<void> {
  await models.Account.updateMany(
    { telegramId: { $nin: adminIds }, extraRoles: 'admin' },
    { $pull: { extraRoles: { $in: ['admin', 'hr'] } } },
  );
  for (const telegramId of adminIds) {
    await models.Account.updateOne(
      { telegramId },
      { $addToSet: { extraRoles: { $each: ['hr', 'admin'] } }, $setOnInsert: { telegramId } },
      { upsert: true },
    );
  }
}
