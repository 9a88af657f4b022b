import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The page is served by the bot from webapp/dist under any path (relative asset URLs), with no CDN.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    chunkSizeWarningLimit: 400,
  },
});
