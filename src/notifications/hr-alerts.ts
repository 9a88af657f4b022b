import type { Translate } from '../i18n/index.ts';
import { hrScopeOf, rightsEnded } from '../people/access.ts';
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
 * Telegram accounts of the HR of a body as the roster and the configuration stand now: linked roster
 * staff with the hr/hrHead role who are not dismissed, and administrators (ADMIN_TELEGRAM_IDS) who act
 * for that body. An alert about no known body goes to the administrators only.
 */
export async function hrRecipients(
  services: AppServices,
  organisationCode?: string | null,
): Promise<HrRecipient[]> {
  const { Account, Employee } = services.models;
  const staff = organisationCode
    ? await Employee.find(
        {
          organisationCode,
          roles: { $in: ['hr', 'hrHead'] },
          status: { $ne: 'dismissed' },
          telegramId: { $ne: null },
        },
        { _id: 1, language: 1, telegramId: 1 },
      ).lean()
    : [];
  const recipients = new Map<number, HrRecipient>();
  const staffAccounts = await Account.find({ employeeId: { $in: staff.map((e) => e._id) } }).lean();
  for (const account of staffAccounts) {
    const employee = staff.find((e) => e._id.equals(account.employeeId!));
    // The link is two-sided; an account whose employee points elsewhere is not that employee.
    if (employee?.telegramId !== account.telegramId) continue;
    recipients.set(account.telegramId, {
      telegramId: account.telegramId,
      lang: (account.language ?? employee.language ?? services.config.DEFAULT_LANGUAGE) as Language,
    });
  }
  const admins = await Account.find({ telegramId: { $in: services.config.ADMIN_TELEGRAM_IDS } }).lean();
  for (const account of admins) {
    if (recipients.has(account.telegramId)) continue;
    const employee = account.employeeId ? await Employee.findById(account.employeeId).lean() : null;
    const actor = {
      telegramId: account.telegramId,
      employee: employee && !rightsEnded(employee) ? employee : null,
      isAdmin: true,
      chosenScope: account.hrScope ?? null,
    };
    const scope = await hrScopeOf(services.models, actor);
    if (organisationCode && !(scope.ok && scope.organisationCode === organisationCode)) continue;
    recipients.set(account.telegramId, {
      telegramId: account.telegramId,
      lang: (account.language ?? employee?.language ?? services.config.DEFAULT_LANGUAGE) as Language,
    });
  }
  return [...recipients.values()].sort((a, b) => a.telegramId - b.telegramId);
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
