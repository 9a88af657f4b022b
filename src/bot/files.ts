import type { AppConfig } from '../config.ts';

const TELEGRAM_API_ROOT = 'https://api.telegram.org';

/** Downloads a file that a user sent, from the Bot API server the bot talks to. */
export async function downloadTelegramFile(config: AppConfig, filePath: string): Promise<Uint8Array> {
  const root = config.TELEGRAM_API_ROOT ?? TELEGRAM_API_ROOT;
  const response = await fetch(`${root}/file/bot${config.BOT_TOKEN}/${filePath}`);
  if (!response.ok) throw new Error(`file download failed with HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}
