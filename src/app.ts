import { hostname } from 'node:os';
import { Api, type Bot, InputFile } from 'grammy';
import { registerCommandMenu } from './bot/commands-menu.ts';
import type { BotContext } from './bot/context.ts';
import { createBot } from './bot/create-bot.ts';
import { forgetAccountTimes } from './bot/identify.ts';
import { type Polling, startPolling } from './bot/polling.ts';
import { protectContent } from './bot/protect-content.ts';
import { taskDelivery, taskReports } from './bot/task-reports.ts';
import { startWebhook } from './bot/webhook.ts';
import { type Caches, createCaches } from './cache/index.ts';
import type { AppConfig } from './config.ts';
import { connectDatabase, type Database } from './db/connection.ts';
import { createModels, type Models } from './db/models.ts';
import { settlesBy } from './deadline.ts';
import { loadAnswerVault } from './evaluation/survey360/answer-vault.ts';
import { sweepSurvey360 } from './evaluation/survey360/sweep.ts';
import { createTranslator } from './i18n/index.ts';
import { logger } from './logger.ts';
import { alertUndeliverable } from './notifications/hr-alerts.ts';
import { dailyJobs } from './notifications/jobs.ts';
import { type OutboxWorker, startOutboxWorker } from './notifications/outbox/index.ts';
import { type Scheduler, startScheduler } from './notifications/scheduler.ts';
import type { AppServices } from './services.ts';
import { taskHandlers } from './tasks/kinds.ts';
import { startTaskRunner, type TaskRunner } from './tasks/runner.ts';
import { startWebApp, type WebAppServer } from './webapp/server.ts';

export interface RunningApp {
  bot: Bot<BotContext>;
  services: AppServices;
  /** Daily jobs; runDue() is what the 09:00 timer calls (tests call it with the clock set). */
  scheduler: Scheduler;
  /** The HR dashboard's server, when WEBAPP_URL is set. */
  webapp: WebAppServer | null;
  /**
   * Stops polling, lets in-flight updates, the daily jobs, long tasks and the outbox finish for at
   * most STOP_GRACE_MS (they may be stuck on an unreachable Telegram), then closes the database.
   */
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
    // Before any write of ours: the admin roles granted below already make cached identities stale.
    const caches = createCaches(db.connection, models, {
      onError: (error) => logger.warn({ err: error }, 'cache versions could not be read or written'),
    });
    await grantAdminRoles(models, config.ADMIN_TELEGRAM_IDS);
    await forgetAccountTimes(models);
    const services: AppServices = {
      config,
      models,
      translator: await createTranslator(config.DEFAULT_LANGUAGE),
      caches,
      logger,
      answerVault: await loadAnswerVault(config),
      now: options.now ?? (() => new Date()),
      wakeTasks: async () => undefined,
    };
    // Drafts left next to their respondent by a crash or an old version go before anyone taps.
    await sweepSurvey360(services);
    const instance = instanceId();
    const bot = createBot(services, instance);
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
    // Catch up on a job whose time passed while no instance was running. A failure is logged and
    // the job retried by the scheduler; it must not become an unhandled rejection that ends the process.
    scheduler.runDue().catch((error: unknown) => {
      logger.error({ err: error }, 'start-up catch-up of the daily jobs failed');
    });
    const polling =
      config.BOT_MODE === 'webhook' && config.WEBHOOK_URL && config.WEBHOOK_SECRET
        ? await startWebhook(
            bot,
            {
              url: config.WEBHOOK_URL,
              secret: config.WEBHOOK_SECRET,
              port: config.WEBHOOK_PORT,
              host: config.WEBHOOK_HOST,
            },
            logger,
          )
        : startPolling(bot, logger);
    if (config.BOT_MODE === 'polling') logger.info('bot is polling for updates');
    const webapp = config.WEBAPP_URL ? await startDashboard(services, bot.api) : null;
    return {
      bot,
      services,
      scheduler,
      webapp,
      stop: () => stopApp({ polling, scheduler, tasks, outbox, caches, db, webapp }),
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}

function instanceId(): string {
  return `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
}

/** Long work (closing a campaign, finalising a quarter) runs here, resumed by any instance after a crash. */
function startTasks(services: AppServices, api: Api): TaskRunner {
  const runner = startTaskRunner({
    models: services.models,
    handlers: taskHandlers(services, taskDelivery(api)),
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
  api.config.use(protectContent());
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

/** The dashboard's exports arrive in the caller's chat with the bot, protected like the chat's own. */
function startDashboard(services: AppServices, api: Api): Promise<WebAppServer> {
  return startWebApp(services, {
    port: services.config.WEBAPP_PORT,
    host: services.config.WEBAPP_HOST,
    sendDocument: async (chatId, bytes, fileName, caption) => {
      await api.sendDocument(chatId, new InputFile(bytes, fileName), { caption, protect_content: true });
    },
  });
}

/** A stop never waits longer than this for work in flight (process managers kill at about 10 s). */
const STOP_GRACE_MS = 5_000;

async function stopApp(parts: {
  polling: Polling;
  scheduler: Scheduler;
  tasks: TaskRunner;
  outbox: OutboxWorker;
  caches: Caches;
  db: Database;
  webapp: WebAppServer | null;
}): Promise<void> {
  const deadline = Date.now() + STOP_GRACE_MS;
  // No new updates, daily runs, tasks or dashboard requests; the running ones get until the deadline.
  await Promise.all([
    parts.polling.stop(deadline),
    parts.webapp?.stop(deadline),
    settleOrWarn(parts.scheduler.stop(), deadline, 'daily jobs'),
    settleOrWarn(parts.tasks.stop(), deadline, 'tasks'),
  ]);
  await settleOrWarn(parts.outbox.stop(), deadline, 'outbox');
  await settleOrWarn(parts.caches.close(), deadline, 'cache versions');
  await parts.db.close();
}

async function settleOrWarn(work: Promise<unknown>, deadline: number, what: string): Promise<void> {
  if (!(await settlesBy(work, deadline))) logger.warn({ what }, 'stopped before it finished');
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
