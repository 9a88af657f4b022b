import 'dotenv/config';
import { startApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { logger } from './logger.ts';

// Deadlines and schedules are computed in Asia/Almaty explicitly; TZ only makes log times readable.
process.env.TZ ??= 'Asia/Almaty';

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
  const app = await startApp(config);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await app.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, 'failed to start');
  process.exit(1);
});
