import { formatDate, formatScore, formatScoreOrDash } from '../format.ts';
import type { TableColumn, TableRow } from '../pdf/writer.ts';
import type { CalibrationMember, CalibrationProtocolInput, DocumentLocale } from '../types.ts';
import {
  bandText,
  evaluationText,
  KEEP_WITH_TABLE,
  numberColumn,
  personWithPosition,
  pick,
  resultText,
  signatureLine,
  startDocument,
  title,
} from './common.ts';

/**
 * The calibration session protocol: the case (employee, evaluator, the disputed result, the statement),
 * the members and each one's vote, the tally, the decision (score kept or corrected, with the band), the
 * dates, and a signature line per member.
 */
export async function renderCalibrationProtocol(
  input: CalibrationProtocolInput,
  locale: DocumentLocale,
): Promise<Buffer> {
  const { t } = locale;
  const docTitle = t('documents:calibration.title');
  const heading = input.number
    ? t('documents:common.numbered', { title: docTitle, number: input.number })
    : docTitle;
  const writer = startDocument(locale, heading, input.employee.fullName);
  title(writer, heading);
  writer.text(pick(input.organisation, locale), { align: 'center', gapAfter: 8 });

  const fields: [string, string][] = [
    [t('documents:calibration.sessionOn'), formatDate(input.sessionOn)],
    [t('documents:common.employee'), personWithPosition(input.employee)],
    [t('documents:common.unit'), input.employee.unit || '—'],
    [t('documents:common.evaluator'), personWithPosition(input.evaluator)],
    [t('documents:calibration.evaluation'), evaluationText(input.result, locale)],
    [t('documents:calibration.disputed'), resultText(input.result.score, input.result.band, locale)],
    [t('documents:calibration.statementFiledOn'), formatDate(input.statementFiledOn)],
  ];
  if (input.authorised)
    fields.push([
      t('documents:calibration.authorised'),
      input.decidedOn
        ? t('documents:calibration.decidedOn', {
            person: personWithPosition(input.authorised),
            date: formatDate(input.decidedOn),
          })
        : personWithPosition(input.authorised),
    ]);
  writer.fields(fields);
  if (input.statement?.trim()) {
    writer.text(t('documents:calibration.statement'), { bold: true, gapAfter: 2 });
    writer.text(input.statement.trim(), { gapAfter: 6 });
  }
  for (const [side, text] of [
    ['evaluator', input.arguments?.evaluator],
    ['employee', input.arguments?.employee],
  ] as const) {
    if (!text?.trim()) continue;
    writer.text(t(`documents:calibration.arguments.${side}`), { bold: true, gapAfter: 2 });
    writer.text(text.trim(), { gapAfter: 6 });
  }

  writer.text(t('documents:calibration.members'), { bold: true, gapAfter: 4, keepWithNext: KEEP_WITH_TABLE });
  const columns: TableColumn[] = [
    numberColumn(locale, input.members.length),
    { header: t('documents:common.fullName'), weight: 3 },
    { header: t('documents:calibration.role'), weight: 1.6 },
    { header: t('documents:calibration.vote'), weight: 1.8 },
    { header: t('documents:calibration.proposedScore'), weight: 1.2, align: 'center' },
  ];
  const voteText = (member: CalibrationMember) =>
    member.vote === null
      ? t('documents:calibration.noVote')
      : t(`documents:calibration.votes.${member.vote}`);
  const rows: TableRow[] = input.members.map((member, index) => [
    String(index + 1),
    personWithPosition(member.person),
    t(`documents:calibration.roles.${member.role}`),
    voteText(member),
    member.vote === 'keep' ? formatScoreOrDash(input.result.score) : formatScoreOrDash(member.proposedScore),
  ]);
  writer.table(columns, rows);
  const count = (vote: CalibrationMember['vote']) => input.members.filter((m) => m.vote === vote).length;
  writer.text(
    t('documents:calibration.tally', { keep: count('keep'), up: count('up'), down: count('down') }),
    {
      gapAfter: 6,
    },
  );

  const decision =
    input.decision.outcome === 'kept'
      ? t('documents:calibration.kept', {
          score: formatScore(input.decision.score),
          band: bandText(input.decision.band, locale),
        })
      : t('documents:calibration.corrected', {
          from: formatScoreOrDash(input.result.score),
          score: formatScore(input.decision.score),
          band: bandText(input.decision.band, locale),
        });
  writer.text(t('documents:calibration.decision', { decision }), { bold: true, gapAfter: 4 });
  writer.text(t('documents:calibration.majority'), { size: 8.5, gapAfter: 4 });
  if (input.fileBy)
    writer.text(t('documents:calibration.fileBy', { date: formatDate(input.fileBy) }), { size: 8.5 });

  writer.gap(10);
  writer.signatures([
    ...input.members.map((member) =>
      signatureLine(t(`documents:calibration.signers.${member.role}`), member.person, null, locale),
    ),
    ...(input.secretary
      ? [signatureLine(t('documents:calibration.secretary'), input.secretary, null, locale)]
      : []),
  ]);
  return writer.finish();
}
