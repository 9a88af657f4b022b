// Builds the HR dashboard page before `npm start` (vite, a development dependency). Where vite is
// not installed (npm ci --omit=dev) a page built earlier is served; without one the bot still
// starts, and the dashboard answers that it is not built.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
let vite = null;
try {
  vite = await import('vite');
} catch {
  vite = null;
}
if (vite) await vite.build({ configFile: here('./vite.config.ts') });
else if (!existsSync(here('./dist/index.html')))
  console.warn('The HR dashboard page is not built (vite is not installed): run npm run build:webapp.');
