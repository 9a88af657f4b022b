import { safeFileName } from './archive.ts';
import { formatDate, formatPeriod } from './format.ts';
import type { DocumentKind } from './layouts.ts';
import type { DocumentLocale } from './types.ts';

export interface FileNameParts {
  personnelNumber?: string | null;
  fullName?: string | null;
  /** A period code ('2026-Q3', '2026'). */
  period?: string | null;
  /** A protocol's or act's date. */
  date?: string | null;
}

/**
 * The file name of a document in the reader's language: «00123 Full Name — <document>, <period>.pdf».
 * Safe for archives and file systems (see safeFileName).
 */
export function documentFileName(kind: DocumentKind, parts: FileNameParts, locale: DocumentLocale): string {
  const { t } = locale;
  const who = [parts.personnelNumber, parts.fullName].filter(Boolean).join(' ');
  const what = [
    t(`documents:files.${kind}`),
    parts.period ? formatPeriod(t, parts.period) : null,
    parts.date ? formatDate(parts.date) : null,
  ]
    .filter(Boolean)
    .join(', ');
  return safeFileName(`${who ? `${who} — ` : ''}${what}.pdf`);
}
