import { readFile } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { type FileApiFlavor, hydrateFiles } from '@grammyjs/files';
import { Api } from 'grammy';
import type { AppConfig } from '../config.ts';

/**
 * Downloads a file that a user sent. The files plugin turns getFile's answer into where the bytes
 * are: a URL on the Bot API server the bot talks to, or, with a self-hosted server started with
 * --local, the absolute path of the file on this machine. The plugin's own download only speaks
 * https, so the bytes are read here (a self-hosted server usually listens on plain http).
 */
export async function downloadTelegramFile(config: AppConfig, fileId: string): Promise<Uint8Array> {
  const server = config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {};
  const api = new Api(config.BOT_TOKEN, server) as FileApiFlavor<Api>;
  api.config.use(hydrateFiles(config.BOT_TOKEN, server));
  const location = (await api.getFile(fileId)).getUrl();
  if (isAbsolute(location)) return new Uint8Array(await readFile(location));
  const response = await fetch(location);
  if (!response.ok) throw new Error(`file download failed with HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}
