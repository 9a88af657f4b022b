import type { ConversationFlavor } from '@grammyjs/conversations';
import type { Context } from 'grammy';
import type { HydratedDocument } from 'mongoose';
import type { AppConfig } from '../config.ts';
import type { Models } from '../db/models.ts';
import type { AnswerVault } from '../evaluation/survey360/answer-vault.ts';
import type { Translate, Translator } from '../i18n/index.ts';
import type { Logger } from '../logger.ts';
import type { AccountDoc, EmployeeDoc, Language, Role } from '../people/models.ts';

/** Everything handlers need, created once per app. */
export interface AppServices {
  config: AppConfig;
  models: Models;
  translator: Translator;
  logger: Logger;
  /** Seals 360 answers until their campaign closes; its key never reaches MongoDB. */
  answerVault: AnswerVault;
  /** The clock; tests and jobs may pin it. */
  now(): Date;
}

/** What the identify middleware adds to every context (outside and inside conversations). */
export interface BagalauFlavor {
  services: AppServices;
  lang: Language;
  t: Translate;
  account: HydratedDocument<AccountDoc> | null;
  employee: HydratedDocument<EmployeeDoc> | null;
  roles: ReadonlySet<Role>;
}

/** Context inside conversations. */
export type FlowContext = Context & BagalauFlavor;
/** Context of the outer middleware tree. */
export type BotContext = ConversationFlavor<Context & BagalauFlavor>;
