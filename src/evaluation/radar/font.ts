import { createRequire } from 'node:module';
import { GlobalFonts } from '@napi-rs/canvas';

/**
 * Family name under which the bundled font is registered with @napi-rs/canvas.
 * Deliberately not a system family name, so rendering never silently falls back
 * to whatever fonts the host happens to have (a fresh server has none).
 */
export const RADAR_FONT_FAMILY = 'BagalauRadarSans';

const require = createRequire(import.meta.url);
let registered = false;

/**
 * Registers DejaVu Sans (regular and bold) from the `dejavu-fonts-ttf` npm package.
 * It covers the whole Cyrillic block, including the Kazakh letters (U+04D9 schwa, U+0493 ghayn, U+049B qaf, U+04A3 ng, U+04E9 barred o,
 * U+04B1 straight u, U+04AF u, U+04BB shha, U+0456 dotted i).
 * Idempotent; throws if the font files cannot be loaded, because a chart with
 * tofu boxes instead of letters is worse than an error.
 */
export function ensureRadarFont(): string {
  if (registered) return RADAR_FONT_FAMILY;
  for (const file of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']) {
    const path = require.resolve(`dejavu-fonts-ttf/ttf/${file}`);
    const key = GlobalFonts.registerFromPath(path, RADAR_FONT_FAMILY);
    if (!key) throw new Error(`radar: cannot register font ${path}`);
  }
  registered = true;
  return RADAR_FONT_FAMILY;
}
