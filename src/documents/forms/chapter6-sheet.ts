import { formatDate, formatNumber } from '../format.ts';
import { layoutOf } from '../layouts.ts';
import type { TableColumn, TableRow } from '../pdf/writer.ts';
import type { Chapter6SheetInput, DocumentLocale } from '../types.ts';
import {
  appendixNote,
  bandText,
  NOTE_SIZE,
  numberColumn,
  personWithPosition,
  sheetFields,
  sheetSignatures,
  startDocument,
  title,
} from './common.ts';

/**
 * The yearly Chapter 6 KPI sheet of the individual work plan: per KPI fulfilled or not, the count of
 * fulfilled KPIs and the band it gives, the higher superior's agreement, the signature lines.
 */
export async function renderChapter6Sheet(
  input: Chapter6SheetInput,
  locale: DocumentLocale,
): Promise<Buffer> {
  const { t } = locale;
  const layout = layoutOf(input.methodologyId, 'chapter6Sheet');
  const formTitle = t('documents:chapter6Sheet.title');
  const writer = startDocument(locale, formTitle, input.employee.fullName);
  appendixNote(writer, layout, locale);
  title(writer, formTitle, t('documents:chapter6Sheet.subtitle'));
  sheetFields(writer, input, locale);

  const columns: TableColumn[] = [
    numberColumn(locale, input.kpis.length),
    { header: t('documents:kpi.title'), weight: 3.8 },
    { header: t('documents:kpi.unit'), weight: 1.1, align: 'center' },
    { header: t('documents:kpi.planned'), weight: 1.1, align: 'center' },
    { header: t('documents:kpi.actual'), weight: 1.1, align: 'center' },
    { header: t('documents:chapter6Sheet.fulfilment'), weight: 1.4, align: 'center' },
  ];
  const fulfilment = (fulfilled: boolean | null) =>
    fulfilled === null
      ? '—'
      : fulfilled
        ? t('documents:chapter6Sheet.fulfilled')
        : t('documents:chapter6Sheet.notFulfilled');
  const rows: TableRow[] = input.kpis.map((kpi, index) => [
    String(index + 1),
    kpi.title,
    kpi.unit || '—',
    formatNumber(kpi.planned),
    formatNumber(kpi.actual),
    fulfilment(kpi.fulfilled),
  ]);
  rows.push([
    { text: t('documents:chapter6Sheet.count'), bold: true, span: 5, align: 'right' },
    {
      text:
        input.fulfilledCount === null
          ? '—'
          : t('documents:chapter6Sheet.countValue', {
              fulfilled: input.fulfilledCount,
              total: input.kpis.length,
            }),
      bold: true,
    },
  ]);
  writer.table(columns, rows);
  writer.text(t('documents:chapter6Sheet.fulfilmentNote'), { size: NOTE_SIZE, gapAfter: 6 });
  writer.text(t('documents:common.result', { result: bandText(input.band, locale) }), {
    bold: true,
    gapAfter: 6,
  });
  if (input.review) {
    writer.text(
      input.review.agreedOn
        ? t('documents:chapter6Sheet.agreed', {
            reviewer: personWithPosition(input.review.reviewer),
            date: formatDate(input.review.agreedOn),
          })
        : t('documents:chapter6Sheet.underReview', { reviewer: personWithPosition(input.review.reviewer) }),
      { gapAfter: 4 },
    );
  }
  sheetSignatures(
    writer,
    layout,
    {
      evaluator: { person: input.evaluator, date: input.evaluatedOn },
      evaluatee: { person: input.employee, date: input.acquaintedOn },
      reviewer: { person: input.review?.reviewer ?? null, date: input.review?.agreedOn },
    },
    locale,
  );
  return writer.finish();
}
