import type { Caches } from './cache/index.ts';
import type { AppConfig } from './config.ts';
import type { Models } from './db/models.ts';
import type { AnswerVault } from './evaluation/survey360/answer-vault.ts';
import type { Translator } from './i18n/index.ts';
import type { Logger } from './logger.ts';

/** Everything handlers, jobs and services need, created once per app by `startApp`. */
export interface AppServices {
  config: AppConfig;
  models: Models;
  translator: Translator;
  /** What updates read again and again (identity, campaigns, names), kept in memory. */
  caches: Caches;
  logger: Logger;
  /** Seals 360 answers until their campaign closes; its key never reaches MongoDB. */
  answerVault: AnswerVault;
  /** The clock; tests and jobs may pin it. */
  now(): Date;
  /**
   * Asks this instance's task runner to run queued long work now (it also polls by itself); resolves
   * when nothing due is left. Handlers do not wait for it; jobs may.
   */
  wakeTasks(): Promise<void>;
}
