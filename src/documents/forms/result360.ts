import { formatDate, formatPeriod, formatScore, formatScoreOrDash } from '../format.ts';
import { layoutOf } from '../layouts.ts';
import { opaquePng } from '../pdf/opaque-png.ts';
import type { TableColumn, TableRow } from '../pdf/writer.ts';
import type { DocumentLocale, Result360Input } from '../types.ts';
import { appendixNote, bandText, NOTE_SIZE, numberColumn, pick, startDocument, title } from './common.ts';

/**
 * A 360 result: the respondents' average per competency with the self-assessment beside it (shown, not
 * counted), the radar chart, the overall result and its band.
 */
export async function renderResult360(input: Result360Input, locale: DocumentLocale): Promise<Buffer> {
  const { t } = locale;
  const layout = layoutOf(input.methodologyId, 'result360', input.audience);
  const formTitle = t(`documents:result360.title.${input.audience}`);
  const writer = startDocument(locale, formTitle, input.employee.fullName);
  appendixNote(writer, layout, locale);
  title(writer, formTitle);
  writer.text(pick(input.organisation, locale), { align: 'center', gapAfter: 8 });
  const fields: [string, string][] = [
    [t(`documents:result360.employee.${input.audience}`), input.employee.fullName],
    [t('documents:common.position'), input.employee.position || '—'],
    [t('documents:common.unit'), input.employee.unit || '—'],
    [t('documents:common.period'), formatPeriod(t, String(input.year))],
    [t('documents:result360.respondents'), String(input.respondentCount)],
  ];
  if (input.computedOn) fields.push([t('documents:result360.computedOn'), formatDate(input.computedOn)]);
  writer.fields(fields);

  const columns: TableColumn[] = [
    numberColumn(locale, input.competencies.length),
    { header: t('documents:result360.competency'), weight: 4.2 },
    { header: t('documents:result360.average'), weight: 1.6, align: 'center' },
    { header: t('documents:result360.self'), weight: 1.6, align: 'center' },
  ];
  const rows: TableRow[] = input.competencies.map((competency, index) => [
    String(index + 1),
    pick(competency.title, locale),
    formatScoreOrDash(competency.average),
    formatScoreOrDash(competency.selfAverage),
  ]);
  rows.push([
    { text: t('documents:result360.overall'), bold: true, span: 2, align: 'right' },
    { text: formatScore(input.overall), bold: true },
    '',
  ]);
  writer.table(columns, rows);
  writer.text(t('documents:result360.averageNote'), { size: NOTE_SIZE, gapAfter: 8 });

  if (input.radarPng) {
    writer.image(await opaquePng(Buffer.from(input.radarPng)), {
      maxWidth: writer.width * 0.82,
      maxHeight: 330,
      caption: t('documents:result360.chart'),
    });
    writer.gap(8);
  }
  writer.text(
    t('documents:common.result', {
      result: `${formatScore(input.overall)} — ${bandText(input.band, locale)}`,
    }),
    { bold: true, gapAfter: 4 },
  );
  if (input.lowest && input.lowest.length > 0)
    writer.text(
      t('documents:result360.lowest', { competencies: input.lowest.map((c) => pick(c, locale)).join('; ') }),
    );
  return writer.finish();
}
