import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { settlesBy } from '../deadline.ts';
import type { AppServices } from '../services.ts';
import { handleApi, type SendDocument } from './api.ts';
import { callerOf } from './caller.ts';

/** Where `npm run build:webapp` (vite) writes the page. */
export const WEBAPP_DIST_DIR = fileURLToPath(new URL('../../webapp/dist', import.meta.url));

/** The header every API request carries Telegram's signed launch data in. */
export const INIT_DATA_HEADER = 'x-telegram-init-data';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * Nothing of the dashboard is kept by a browser or a proxy; the page runs only its own bundled code
 * (no CDN); it may be framed, since Telegram's web clients show Mini Apps in a frame.
 */
const HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'",
};

const MAX_BODY_BYTES = 16 * 1024;

export interface WebAppServer {
  port: number;
  stop(deadline: number): Promise<void>;
}

/**
 * The HR dashboard: the page (built by vite into webapp/dist) and its JSON API under /api/, on its
 * own port. Every API request is identified by callerOf from the `initData` header; anything else
 * of the request (cookies, the URL) identifies no one.
 */
export async function startWebApp(
  services: AppServices,
  options: { port: number; host: string; sendDocument: SendDocument; distDir?: string },
): Promise<WebAppServer> {
  const distDir = options.distDir ?? WEBAPP_DIST_DIR;
  if (!existsSync(path.join(distDir, 'index.html')))
    services.logger.warn('the dashboard page is not built: run npm run build:webapp');
  const server: Server = createServer((req, res) => {
    serve(services, options.sendDocument, distDir, req, res).catch((error: unknown) => {
      services.logger.error({ err: error }, 'dashboard request failed');
      if (!res.headersSent) send(res, 500, { error: 'internal' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  services.logger.info({ port }, 'HR dashboard is served');
  return {
    port,
    async stop(deadline) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (!(await settlesBy(closed, deadline))) server.closeAllConnections();
    },
  };
}

async function serve(
  services: AppServices,
  sendDocument: SendDocument,
  distDir: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://dashboard');
  if (url.pathname.startsWith('/api/')) {
    if (req.method !== 'GET' && req.method !== 'POST') return send(res, 405, { error: 'method' });
    const header = req.headers[INIT_DATA_HEADER];
    const check = await callerOf(services, typeof header === 'string' ? header : undefined);
    if (!check.ok) {
      await drain(req);
      return send(res, check.status, { error: check.status === 401 ? 'unauthorised' : 'notAllowed' });
    }
    const body = req.method === 'POST' ? await jsonBody(req) : {};
    if (body === null) return send(res, 400, { error: 'badRequest' });
    const answer = await handleApi(
      services,
      check.caller,
      {
        method: req.method,
        segments: url.pathname.slice('/api/'.length).split('/').filter(Boolean),
        query: url.searchParams,
        body,
      },
      sendDocument,
    );
    if (answer.status === 200) return send(res, 200, answer.body);
    return send(res, answer.status, { error: answer.status === 403 ? 'notAllowed' : 'badRequest' });
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'method' });
  // The page's texts before (or without) a session: public, the same in every body.
  const locale = /^\/locale\/(kk|ru)\.json$/.exec(url.pathname);
  if (locale)
    return send(res, 200, services.translator.instance.getResourceBundle(locale[1]!, 'webapp') ?? {});
  await sendStatic(res, distDir, url.pathname);
}

async function sendStatic(res: ServerResponse, distDir: string, pathname: string): Promise<void> {
  const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
  const file = path.resolve(distDir, relative);
  // Only files of the built page: nothing above it, no dot files.
  if (!file.startsWith(`${path.resolve(distDir)}${path.sep}`) || /(^|[\\/])\./.test(relative))
    return send(res, 404, { error: 'notFound' });
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    return send(res, 404, { error: 'notFound' });
  }
  res.writeHead(200, {
    ...HEADERS,
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
  });
  res.end(bytes);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...HEADERS, 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

async function drain(req: IncomingMessage): Promise<void> {
  for await (const _ of req) {
    // discard
  }
}
