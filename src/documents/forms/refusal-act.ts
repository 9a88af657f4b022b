import { formatDate } from '../format.ts';
import type { DocumentLocale, RefusalActInput } from '../types.ts';
import {
  evaluationText,
  personWithPosition,
  pick,
  resultText,
  signatureLine,
  startDocument,
  title,
} from './common.ts';

/**
 * The act of refusal to acknowledge the result (Kentau): the employee, the result, the dates, the
 * statement of the refusal, how the result was sent afterwards, and the signatures of the HR officer and
 * the witnesses.
 */
export async function renderRefusalAct(input: RefusalActInput, locale: DocumentLocale): Promise<Buffer> {
  const { t } = locale;
  const docTitle = t('documents:refusal.title');
  const heading = input.number
    ? t('documents:common.numbered', { title: docTitle, number: input.number })
    : docTitle;
  const writer = startDocument(locale, heading, input.employee.fullName);
  title(writer, heading);
  writer.text(pick(input.organisation, locale), { align: 'center', gapAfter: 2 });
  writer.text(formatDate(input.actOn), { align: 'right', gapAfter: 8 });

  const fields: [string, string][] = [
    [t('documents:common.employee'), personWithPosition(input.employee)],
    [t('documents:common.unit'), input.employee.unit || '—'],
    [t('documents:refusal.evaluation'), evaluationText(input.result, locale)],
    [t('documents:refusal.result'), resultText(input.result.score, input.result.band, locale)],
  ];
  if (input.deliveredOn) fields.push([t('documents:refusal.deliveredOn'), formatDate(input.deliveredOn)]);
  fields.push([t('documents:refusal.refusedOn'), formatDate(input.refusedOn)]);
  writer.fields(fields);

  writer.text(
    t('documents:refusal.statement', {
      hrOfficer: personWithPosition(input.hrOfficer),
      witnesses: input.witnesses.map((w) => personWithPosition(w)).join('; '),
      employee: input.employee.fullName,
      date: formatDate(input.refusedOn),
    }),
    { gapAfter: 6 },
  );
  if (input.sentAfterRefusal)
    writer.text(
      t('documents:refusal.sentVia', {
        channel: t(`documents:refusal.channels.${input.sentAfterRefusal.channel}`),
        date: formatDate(input.sentAfterRefusal.on),
      }),
      { gapAfter: 6 },
    );
  writer.text(t('documents:refusal.basis', { n: input.witnesses.length }), { size: 8.5, gapAfter: 10 });
  writer.signatures([
    signatureLine(t('documents:refusal.hrOfficer'), input.hrOfficer, input.actOn, locale),
    ...input.witnesses.map((witness) =>
      signatureLine(t('documents:refusal.witness'), witness, input.actOn, locale),
    ),
  ]);
  return writer.finish();
}
