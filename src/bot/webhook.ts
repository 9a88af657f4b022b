import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type Bot, type Context, webhookCallback } from 'grammy';
import { settlesBy } from '../deadline.ts';
import type { Logger } from '../logger.ts';
import type { Polling } from './polling.ts';

export interface WebhookOptions {
  url: string;
  secret: string;
  port: number;
  host: string;
}

/**
 * Webhook mode: Telegram posts each update to WEBHOOK_URL (a load balancer in front of N instances);
 * this instance serves that path on its own port. The secret token is checked on every request by
 * grammY (a request without it gets 401). Every instance registers the same URL at start, and none
 * removes it at stop, since the others still serve it. Returns the same stop handle as polling.
 */
export async function startWebhook<C extends Context>(
  bot: Bot<C>,
  options: WebhookOptions,
  logger: Logger,
): Promise<Polling> {
  const path = new URL(options.url).pathname;
  const handle = webhookCallback(bot, 'http', {
    secretToken: options.secret,
    // Telegram waits about a minute for an answer; a handler stuck longer answers and goes on.
    timeoutMilliseconds: 50_000,
    onTimeout: 'return',
  });
  let inFlight = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST' || req.url?.split('?')[0] !== path) {
      res.writeHead(404).end();
      return;
    }
    inFlight++;
    handle(req, res)
      .catch((error: unknown) => {
        logger.error({ err: error }, 'webhook update failed');
        if (!res.headersSent) res.writeHead(500).end();
      })
      .finally(() => inFlight--);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  await bot.api.setWebhook(options.url, { secret_token: options.secret, drop_pending_updates: false });
  logger.info({ port: options.port }, 'bot is receiving updates by webhook');
  return {
    async stop(deadline) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      server.closeAllConnections();
      await settlesBy(closed, deadline);
    },
  };
}
