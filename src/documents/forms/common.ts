import { formatDate, formatPeriod, formatScore } from '../format.ts';
import type { ResolvedLayout, SheetSigner } from '../layouts.ts';
import { PdfWriter, type SignatureLine, type TableColumn } from '../pdf/writer.ts';
import type {
  BandLabel,
  DocumentLocale,
  DocumentPerson,
  EvaluationResultRef,
  Localized,
  SheetCommon,
} from '../types.ts';

export const TITLE_SIZE = 13;
export const NOTE_SIZE = 8.5;
/** Room a table's heading keeps below itself: the header row and a couple of rows. */
export const KEEP_WITH_TABLE = 80;

/** A writer whose footer names the document and the person (or protocol) on every page. */
export function startDocument(locale: DocumentLocale, title: string, subject: string): PdfWriter {
  const { t } = locale;
  return new PdfWriter({
    title,
    lang: locale.lang,
    footer: (page, pages) => ({
      left: subject ? `${title} — ${subject}` : title,
      right: t('documents:common.page', { page, pages }),
    }),
  });
}

/** The row-number column, wide enough for the largest number (a table of 1,500 rows needs four digits). */
export function numberColumn(locale: DocumentLocale, rows: number): TableColumn {
  return {
    header: locale.t('documents:common.number'),
    weight: 0.3 + 0.12 * String(rows).length,
    align: 'center',
  };
}

export function pick(text: Localized | null | undefined, locale: DocumentLocale): string {
  return text ? text[locale.lang] : '';
}

/** The appendix note of the seed's form (the methodology, the appendix number, 'Form'), when the seed gives one. */
export function appendixNote(writer: PdfWriter, layout: ResolvedLayout, locale: DocumentLocale): void {
  if (!layout.appendix) return;
  const { t } = locale;
  writer.cornerNote(
    t('documents:common.appendix', {
      source: t(`documents:sources.${layout.appendix.source}`),
      number: layout.appendix.number,
    }),
  );
  writer.cornerNote(t('documents:common.form'));
  writer.gap(8);
}

export function title(writer: PdfWriter, text: string, subtitle?: string): void {
  writer.text(text, { size: TITLE_SIZE, bold: true, align: 'center', gapAfter: subtitle ? 2 : 8 });
  if (subtitle) writer.text(subtitle, { align: 'center', gapAfter: 8 });
}

/**
 * The particle of a patronymic written apart (Kazakh uly / qyzy, Russian-spelled ogly / kyzy): it belongs to
 * the patronymic and has no initial of its own.
 */
const PATRONYMIC_PARTICLE =
  /^(\u04b1\u043b\u044b|\u049b\u044b\u0437\u044b|\u043e\u0433\u043b\u044b|\u043a\u044b\u0437\u044b|uly|kyzy|ogly)$/iu;

/** 'Aliyev Askar Bekuly' -> 'Aliyev A. B.': the seeds' 'surname, initials' under a signature. */
export function surnameAndInitials(fullName: string): string {
  const [surname = '', ...rest] = fullName.trim().split(/\s+/);
  const initials = rest
    .filter((word) => !PATRONYMIC_PARTICLE.test(word))
    .map((word) => `${Array.from(word)[0]?.toUpperCase() ?? ''}.`);
  return [surname, ...initials].join(' ').trim();
}

export function personWithPosition(person: DocumentPerson | null | undefined): string {
  if (!person) return '—';
  return [person.fullName, person.position].filter(Boolean).join(', ');
}

export function bandText(band: BandLabel | null | undefined, locale: DocumentLocale): string {
  return band ? band.label[locale.lang] : '—';
}

/** '3,75 — <band label>', or the band alone (Chapter 6 has no score). */
export function resultText(score: number | null, band: BandLabel | null, locale: DocumentLocale): string {
  if (score === null) return bandText(band, locale);
  return band ? `${formatScore(score)} — ${bandText(band, locale)}` : formatScore(score);
}

export function dateOrBlank(date: string | null | undefined): string {
  return date ? formatDate(date) : '';
}

/** '<kind of evaluation>: <period in words>'. */
export function evaluationText(result: EvaluationResultRef, locale: DocumentLocale): string {
  const { t } = locale;
  return t('documents:common.evaluationOf', {
    kind: t(`documents:kinds.${result.kind}`),
    period: formatPeriod(t, result.period),
  });
}

/** The header fields of a sheet: the employee, position, unit, period, evaluator. */
export function sheetFields(
  writer: PdfWriter,
  sheet: SheetCommon,
  locale: DocumentLocale,
  options: { employeeLabel?: string } = {},
): void {
  const { t } = locale;
  writer.text(pick(sheet.organisation, locale), { align: 'center', gapAfter: 8 });
  const rows: [string, string][] = [
    [options.employeeLabel ?? t('documents:common.employee'), sheet.employee.fullName],
    [t('documents:common.position'), sheet.employee.position || '—'],
    [t('documents:common.unit'), sheet.employee.unit || '—'],
    [t('documents:common.period'), formatPeriod(t, sheet.period)],
    [t('documents:common.evaluator'), personWithPosition(sheet.evaluator)],
  ];
  writer.fields(rows);
  if (sheet.participation === 'withoutParticipation') {
    writer.text(
      sheet.participationReason
        ? t('documents:common.withoutParticipationReason', { reason: sheet.participationReason })
        : t('documents:common.withoutParticipation'),
      { bold: true, gapAfter: 6 },
    );
  }
}

/** The sheet's signature lines in the seed's order. */
export function sheetSignatures(
  writer: PdfWriter,
  layout: ResolvedLayout,
  people: Record<SheetSigner, { person: DocumentPerson | null; date: string | null | undefined }>,
  locale: DocumentLocale,
): void {
  if (layout.signers.length === 0) return;
  const { t } = locale;
  const lines: SignatureLine[] = layout.signers.map((signer) => {
    const { person, date } = people[signer];
    return {
      role: t(`documents:signers.${signer}`),
      name: person ? surnameAndInitials(person.fullName) : '',
      nameCaption: t('documents:common.surnameInitials'),
      signatureCaption: layout.electronicSignature
        ? t('documents:common.electronicSignature')
        : t('documents:common.signature'),
      dateLabel: t('documents:common.date'),
      date: dateOrBlank(date),
    };
  });
  writer.gap(10);
  writer.signatures(lines);
}

/** One signature line of a protocol or an act (a member, the secretary, a witness). */
export function signatureLine(
  role: string,
  person: DocumentPerson | null | undefined,
  date: string | null | undefined,
  locale: DocumentLocale,
): SignatureLine {
  const { t } = locale;
  return {
    role,
    name: person?.fullName ?? '',
    signatureCaption: t('documents:common.signature'),
    dateLabel: t('documents:common.date'),
    date: dateOrBlank(date),
  };
}
