import { formatScoreOrDash } from '../format.ts';
import { layoutOf } from '../layouts.ts';
import type { TableColumn, TableRow } from '../pdf/writer.ts';
import type { DocumentLocale, RankingSheetInput } from '../types.ts';
import {
  appendixNote,
  bandText,
  NOTE_SIZE,
  numberColumn,
  pick,
  sheetFields,
  sheetSignatures,
  startDocument,
  title,
} from './common.ts';

/**
 * The filled ranking sheet: parameters with the form's criteria, the scores, the evaluator's texts,
 * the average and the band, the sanction cap note where the form has one, the signature lines.
 */
export async function renderRankingSheet(input: RankingSheetInput, locale: DocumentLocale): Promise<Buffer> {
  const { t } = locale;
  const layout = layoutOf(input.methodologyId, 'rankingSheet', input.form.id);
  const formTitle = pick(input.form.title, locale);
  const writer = startDocument(locale, formTitle, input.employee.fullName);
  appendixNote(writer, layout, locale);
  title(writer, formTitle);
  sheetFields(writer, input, locale);

  const justification = input.form.justificationLabel ? pick(input.form.justificationLabel, locale) : null;
  const columns: TableColumn[] = [
    numberColumn(locale, input.parameters.length),
    { header: t('documents:ranking.parameter'), weight: 2.4 },
    { header: t('documents:ranking.criteria'), weight: 3.3 },
    {
      header: t('documents:ranking.score', { min: input.form.scale.min, max: input.form.scale.max }),
      weight: 1.2,
      align: 'center',
    },
  ];
  if (justification) columns.push({ header: justification, weight: 2.6 });
  const rows: TableRow[] = input.parameters.map((parameter, index) => {
    const row: TableRow = [
      String(index + 1),
      { text: pick(parameter.title, locale), bold: true },
      pick(parameter.criteria, locale),
      formatScoreOrDash(parameter.score),
    ];
    return justification ? [...row, parameter.justification?.trim() || '—'] : row;
  });
  const total: TableRow = [
    { text: t('documents:ranking.average'), bold: true, span: 3, align: 'right' },
    { text: formatScoreOrDash(input.average), bold: true },
  ];
  rows.push(justification ? [...total, ''] : total);
  writer.table(columns, rows);
  writer.text(t('documents:ranking.averageNote'), { size: NOTE_SIZE, gapAfter: 6 });

  if (input.sanction)
    writer.text(
      t('documents:ranking.sanction', {
        sanction: pick(input.sanction.label, locale),
        parameter: pick(input.sanction.parameterTitle, locale),
        max: formatScoreOrDash(input.sanction.maxScore),
      }),
      { gapAfter: 6 },
    );
  else if (input.sanction === null) writer.text(t('documents:ranking.noSanction'), { gapAfter: 6 });

  writer.text(t('documents:common.result', { result: bandText(input.band, locale) }), {
    bold: true,
    gapAfter: 2,
  });
  writer.text(t('documents:ranking.resultNote'), { size: NOTE_SIZE });
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
