import { type RunnerHandle, run } from '@grammyjs/runner';
import type { Bot, Context } from 'grammy';
import { settlesBy } from '../deadline.ts';
import type { Logger } from '../logger.ts';

/**
 * Updates in flight at once; beyond it the runner stops fetching until some finish. Updates waiting
 * for their chat's turn (sequentialize) count too, so this is well above what the database pool
 * serves at once, and it bounds memory when Telegram delivers a burst.
 */
const MAX_CONCURRENT_UPDATES = 256;
/** A failed getUpdates is retried every second (the runner's exponential default grows without bound). */
const FETCH_RETRY_MS = 1000;

export interface Polling {
  /** Stops fetching, then waits until every fetched update is handled or `deadline` (ms since the epoch) passes. */
  stop(deadline: number): Promise<void>;
}

/** Long polling with updates handled concurrently (@grammyjs/runner); per-chat order comes from the bot's sequentialize. */
export function startPolling<C extends Context>(bot: Bot<C>, logger: Logger): Polling {
  bot.api.config.use(async (prev, method, payload, signal) => {
    try {
      return await prev(method, payload, signal);
    } catch (error) {
      if (method === 'getUpdates' && !signal?.aborted)
        logger.warn({ err: error }, 'fetching updates failed; retrying');
      throw error;
    }
  });
  const runner: RunnerHandle = run(bot, {
    runner: { retryInterval: FETCH_RETRY_MS, silent: true },
    sink: { concurrency: MAX_CONCURRENT_UPDATES },
  });
  runner.task()?.catch((error: unknown) => {
    logger.fatal({ err: error }, 'polling stopped with an error');
    process.exitCode = 1;
  });
  return {
    async stop(deadline) {
      // Aborts the long poll; updates already fetched keep running.
      const stopped = runner.stop() ?? Promise.resolve();
      while (runner.size() > 0 && Date.now() < deadline) await sleep(20);
      await settlesBy(stopped, deadline);
      if (runner.size() > 0) logger.warn({ inFlight: runner.size() }, 'stopped with updates still in flight');
    },
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
