// A worker thread starts without the TypeScript loader the bot runs under: register it, then load
// the worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./sheet-worker.ts');
