import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Types } from 'mongoose';
import type { Translate } from '../i18n/index.ts';
import type { Language } from '../people/models.ts';
import type { AppServices } from '../services.ts';
import { enqueue } from './outbox/enqueue.ts';

export interface Notice {
  text: string;
  reply_markup?: InlineKeyboardMarkup;
  photo?: Buffer;
  /** Label of the button the outbox adds when the keyboard has none of its own. */
  ackText?: string;
}

export type NotifyOutcome = 'queued' | 'alreadyQueued' | 'notLinked';

/**
 * Queues a message to an employee in their language through the outbox (never sent directly):
 * the idempotency key makes repeating a notice harmless.
 */
export async function notifyEmployee(
  services: AppServices,
  input: {
    key: string;
    kind: string;
    employeeId: Types.ObjectId | string;
    render: (t: Translate, lang: Language) => Notice | Promise<Notice>;
  },
): Promise<NotifyOutcome> {
  const { models } = services;
  const employee = await models.Employee.findById(input.employeeId);
  if (!employee?.telegramId) return 'notLinked';
  const account = await models.Account.findOne({ telegramId: employee.telegramId });
  const lang = (account?.language ?? employee.language ?? services.config.DEFAULT_LANGUAGE) as Language;
  const notice = await input.render(services.translator.forLanguage(lang), lang);
  const { created } = await enqueue(
    models,
    { key: input.key, kind: input.kind, chatId: employee.telegramId, ...notice },
    services.now(),
  );
  return created ? 'queued' : 'alreadyQueued';
}
