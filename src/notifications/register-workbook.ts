import { tableWorkbook } from '../documents/table-workbook.ts';
import { formatDate, formatDateTime } from '../i18n/format.ts';
import type { Translate } from '../i18n/index.ts';
import type { RegisterRow } from './notices.ts';

/** Why a notice went nowhere, as HR reads it (our own code, or Telegram's words). */
export const registerReasonText = (t: Translate, reason: string): string =>
  reason === 'notLinked' ? t('notices:register.notLinked') : reason;

/** The delivery register as one worksheet; times in Almaty. */
export async function registerWorkbook(t: Translate, rows: readonly RegisterRow[]): Promise<Buffer> {
  const time = (d: Date | null) => (d ? formatDateTime(d) : '');
  const columns = [
    { header: t('notices:xlsx.noticeId'), key: 'noticeId', width: 26 },
    { header: t('notices:xlsx.name'), key: 'name', width: 30 },
    { header: t('notices:xlsx.kind'), key: 'kind', width: 22 },
    { header: t('notices:xlsx.state'), key: 'state', width: 18 },
    { header: t('notices:xlsx.queued'), key: 'queued', width: 18 },
    { header: t('notices:xlsx.sent'), key: 'sent', width: 18 },
    { header: t('notices:xlsx.messageId'), key: 'messageId', width: 12 },
    { header: t('notices:xlsx.acknowledged'), key: 'acknowledged', width: 18 },
    { header: t('notices:xlsx.appealUntil'), key: 'appealUntil', width: 14 },
    { header: t('notices:xlsx.refused'), key: 'refused', width: 18 },
    { header: t('notices:xlsx.witnesses'), key: 'witnesses', width: 30 },
    { header: t('notices:xlsx.reason'), key: 'reason', width: 30 },
  ] as const;
  return tableWorkbook(
    t('notices:xlsx.sheet'),
    columns,
    rows.map((row) => ({
      noticeId: row.noticeId,
      name: row.name,
      kind: t(`notices:kinds.${row.kind}`, { defaultValue: row.kind }),
      state: t(`notices:states.${row.state}`),
      queued: time(row.queuedAt),
      sent: time(row.sentAt),
      messageId: row.messageId ?? '',
      acknowledged: time(row.acknowledgedAt),
      appealUntil: row.appealUntil ? formatDate(row.appealUntil) : '',
      refused: time(row.refusedAt),
      witnesses: row.refusalWitnesses.join('; '),
      reason: row.reason ? registerReasonText(t, row.reason) : '',
    })),
  );
}
