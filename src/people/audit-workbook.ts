import { tableWorkbook } from '../documents/table-workbook.ts';
import { formatDateTime } from '../i18n/format.ts';
import type { Translate } from '../i18n/index.ts';
import type { AuditRow } from './audit.ts';

/** Who acted, as the HR head reads it. */
export function auditActorText(t: Translate, row: AuditRow): string {
  if (row.actor) return `${row.actor.fullName} (${row.actor.personnelNumber})`;
  return t(row.automatic ? 'access:audit.automatic' : 'access:audit.administrator');
}

export const auditActionText = (t: Translate, action: string) =>
  t(`access:audit.actions.${action}`, { defaultValue: action });

/** `key: value` pairs of our own ids, numbers and codes (no one's text is ever in them). */
export const auditDetailsText = (details: Record<string, unknown>) =>
  Object.entries(details)
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(', ') : String(value)}`)
    .join('; ');

/** Every entry as one row; cells are plain strings, so nothing in them is ever read as a formula. */
export async function auditWorkbook(t: Translate, rows: readonly AuditRow[]): Promise<Buffer> {
  const columns = [
    { header: t('access:audit.xlsx.time'), key: 'time', width: 18 },
    { header: t('access:audit.xlsx.who'), key: 'who', width: 34 },
    { header: t('access:audit.xlsx.action'), key: 'action', width: 36 },
    { header: t('access:audit.xlsx.details'), key: 'details', width: 60 },
    { header: t('access:audit.xlsx.entryId'), key: 'entryId', width: 26 },
  ] as const;
  return tableWorkbook(
    t('access:audit.xlsx.sheet'),
    columns,
    rows.map((row) => ({
      time: formatDateTime(row.at),
      who: auditActorText(t, row),
      action: auditActionText(t, row.action),
      details: auditDetailsText(row.details),
      entryId: row.id,
    })),
  );
}
