import type { ConversationFlavor } from '@grammyjs/conversations';
import type { Context } from 'grammy';
import type { AccountRecord, EmployeeRecord } from '../cache/index.ts';
import type { Translate } from '../i18n/index.ts';
import type { Actor } from '../people/access.ts';
import type { Language, Role } from '../people/models.ts';
import type { AppServices } from '../services.ts';

/** What the identify middleware adds to every context. */
export interface BagalauFlavor {
  services: AppServices;
  lang: Language;
  t: Translate;
  /** Shared with other updates through the identity cache: read only (write through the models). */
  account: AccountRecord | null;
  employee: EmployeeRecord | null;
  roles: ReadonlySet<Role>;
  /** The sender's current rights (set by the rights guard after identify). */
  actor: Actor;
}

/** The context every handler gets; `conversation` enters and leaves dialogues (src/bot/conversations.ts). */
export type BotContext = ConversationFlavor<Context & BagalauFlavor>;
