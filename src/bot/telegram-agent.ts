import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

/**
 * An idle kept-alive connection to the Bot API is closed by the bot after this long, before the
 * server closes it (Node.js servers after 5 s; a hint the server sends lowers it further). Without
 * it the bot keeps idle connections for ever, and when its event loop lags under load it sends
 * requests on connections the server closed meanwhile: "socket hang up", and a failed reply.
 * A request in flight is not limited by it (a long poll waits as long as it asks).
 */
const IDLE_CONNECTION_MS = 4_000;

/** The HTTP agent of the bot's Bot API client, for the API root's protocol. */
export function telegramAgent(apiRoot: string): HttpAgent {
  const options = { keepAlive: true, timeout: IDLE_CONNECTION_MS };
  return apiRoot.startsWith('http:') ? new HttpAgent(options) : new HttpsAgent(options);
}
