import 'dotenv/config';
import { type RunningApp, startApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { logger } from './logger.ts';

// Deadlines and schedules are computed in Asia/Almaty explicitly; TZ only makes log times readable.
process.env.TZ ??= 'Asia/Almaty';

/**
 * However stuck the stop is (Telegram or the database unreachable), the process is gone by then:
 * app.stop() itself gives up on work in flight well before, and process managers kill at about 10 s.
 */
const EXIT_DEADLINE_MS = 8_000;

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      // One clear line per bad variable, no stack trace.
      for (const line of error.message.split('\n')) console.error(`Configuration error: ${line}`);
      process.exit(1);
    }
    throw error;
  }
  let app: RunningApp | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error({ signal }, 'shutdown took too long; exiting');
      process.exit(1);
    }, EXIT_DEADLINE_MS).unref();
    try {
      // During start-up (e.g. waiting for an unreachable Telegram) there is nothing to drain yet.
      await app?.stop();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  // Registered before start-up, so a stop while connecting is as bounded as any other.
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  app = await startApp(config);
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, 'failed to start');
  process.exit(1);
});
