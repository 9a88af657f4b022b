import type { Translate } from '../i18n/index.ts';
import type { Language } from '../people/models.ts';
import type { AppServices } from '../services.ts';
import { enqueue } from './outbox/enqueue.ts';
import type { OutboxItemRecord } from './outbox/models.ts';

/** Outbox kind of every message to HR; an undeliverable HR alert raises no further alert. */
export const HR_ALERT_KIND = 'hrAlert';

export interface HrRecipient {
  telegramId: number;
  lang: Language;
}

/**
 * Telegram accounts of HR: accounts whose employee has the roster role hr/hrHead (of this
 * organisation, when one is given), and accounts granted hr/admin outside the roster.
 */
export async function hrRecipients(
  services: AppServices,
  organisationCode?: string | null,
): Promise<HrRecipient[]> {
  const { Account, Employee } = services.models;
  const staff = await Employee.find(
    { roles: { $in: ['hr', 'hrHead'] }, ...(organisationCode ? { organisationCode } : {}) },
    { _id: 1, language: 1 },
  ).lean();
  const accounts = await Account.find({
    $or: [{ extraRoles: { $in: ['hr', 'admin'] } }, { employeeId: { $in: staff.map((e) => e._id) } }],
  }).lean();
  const rosterLanguage = new Map(staff.map((e) => [String(e._id), e.language]));
  return accounts.map((account) => ({
    telegramId: account.telegramId,
    lang: (account.language ??
      rosterLanguage.get(String(account.employeeId)) ??
      services.config.DEFAULT_LANGUAGE) as Language,
  }));
}

/** Queues one message to every HR account; `key` is suffixed with the recipient, so a repeat queues nothing. */
export async function alertHr(
  services: AppServices,
  input: { key: string; organisationCode?: string | null; render: (t: Translate) => string },
): Promise<number> {
  let queued = 0;
  for (const recipient of await hrRecipients(services, input.organisationCode)) {
    const t = services.translator.forLanguage(recipient.lang);
    const { created } = await enqueue(
      services.models,
      {
        key: `${input.key}:${recipient.telegramId}`,
        kind: HR_ALERT_KIND,
        chatId: recipient.telegramId,
        text: input.render(t),
        ackText: t('notices:hr.seenButton'),
      },
      services.now(),
    );
    if (created) queued++;
  }
  return queued;
}

/** The outbox worker's onUndeliverable: HR learns who could not be reached, and why. */
export async function alertUndeliverable(services: AppServices, item: OutboxItemRecord): Promise<void> {
  if (item.kind === HR_ALERT_KIND) return;
  const employee = await services.models.Employee.findOne({ telegramId: item.chatId }).lean();
  await alertHr(services, {
    key: `undeliverable:${item.key}`,
    organisationCode: employee?.organisationCode ?? null,
    render: (t) =>
      t('notices:hr.undeliverable', {
        name: employee?.fullName ?? String(item.chatId),
        kind: t(`notices:kinds.${item.kind}`, { defaultValue: item.kind }),
        reason: item.failureReason ?? '',
      }),
  });
}
