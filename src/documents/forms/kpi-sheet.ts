import { formatNumber, formatPercent, formatScoreOrDash } from '../format.ts';
import { layoutOf } from '../layouts.ts';
import type { TableColumn, TableRow } from '../pdf/writer.ts';
import type { DocumentLocale, KpiSheetInput } from '../types.ts';
import {
  appendixNote,
  bandText,
  NOTE_SIZE,
  numberColumn,
  sheetFields,
  sheetSignatures,
  startDocument,
  title,
} from './common.ts';

/**
 * A head's KPI sheet with the percent table: per KPI the unit, planned and actual values, the percent
 * (two decimals, truncated) and the score; the final score (sum / number of KPIs) and the band.
 */
export async function renderKpiSheet(input: KpiSheetInput, locale: DocumentLocale): Promise<Buffer> {
  const { t } = locale;
  const layout = layoutOf(input.methodologyId, 'kpiSheet');
  const formTitle = t('documents:kpiSheet.title');
  const writer = startDocument(locale, formTitle, input.employee.fullName);
  appendixNote(writer, layout, locale);
  title(writer, formTitle);
  sheetFields(writer, input, locale);

  const columns: TableColumn[] = [
    numberColumn(locale, input.kpis.length),
    { header: t('documents:kpi.title'), weight: 3.4 },
    { header: t('documents:kpi.unit'), weight: 1.1, align: 'center' },
    { header: t('documents:kpi.planned'), weight: 1.1, align: 'center' },
    { header: t('documents:kpi.actual'), weight: 1.1, align: 'center' },
    { header: t('documents:kpi.percent'), weight: 1.3, align: 'center' },
    { header: t('documents:kpi.score'), weight: 1, align: 'center' },
  ];
  const rows: TableRow[] = input.kpis.map((kpi, index) => [
    String(index + 1),
    kpi.lowerIsBetter ? `${kpi.title}\n${t('documents:kpi.lowerIsBetter')}` : kpi.title,
    kpi.unit || '—',
    formatNumber(kpi.planned),
    formatNumber(kpi.actual),
    kpi.percent === null ? '—' : t('documents:kpi.percentValue', { percent: formatPercent(kpi.percent) }),
    formatScoreOrDash(kpi.score),
  ]);
  rows.push([
    { text: t('documents:kpiSheet.final'), bold: true, span: 6, align: 'right' },
    { text: formatScoreOrDash(input.average), bold: true },
  ]);
  writer.table(columns, rows);
  writer.text(t('documents:kpiSheet.finalNote'), { size: NOTE_SIZE, gapAfter: 6 });
  writer.text(t('documents:common.result', { result: bandText(input.band, locale) }), {
    bold: true,
    gapAfter: 2,
  });
  writer.text(t('documents:kpiSheet.resultNote'), { size: NOTE_SIZE });
  sheetSignatures(
    writer,
    layout,
    {
      evaluator: { person: input.evaluator, date: input.evaluatedOn },
      evaluatee: { person: input.employee, date: input.acquaintedOn },
      reviewer: { person: null, date: null },
    },
    locale,
  );
  return writer.finish();
}
