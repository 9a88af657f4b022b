import { formatDate, formatPeriod } from '../format.ts';
import { layoutOf } from '../layouts.ts';
import type { TableColumn, TableRow } from '../pdf/writer.ts';
import type { CommissionCase, CommissionProtocolInput, CommissionRole, DocumentLocale } from '../types.ts';
import {
  appendixNote,
  KEEP_WITH_TABLE,
  numberColumn,
  personWithPosition,
  pick,
  resultText,
  signatureLine,
  startDocument,
  title,
} from './common.ts';

const ROLE_ORDER: readonly CommissionRole[] = ['chair', 'member', 'secretary'];

/**
 * The Commission protocol in the layout of Appendix 11 of the typical methodology: the body, the kind of
 * evaluation and period, the members with the chair and the non-voting secretary, attendance and quorum,
 * the conclusion per employee (approve or revise, with the result corrected by the Commission), the
 * authorised person's approval and the signatures of the secretary, the chair and the members.
 */
export async function renderCommissionProtocol(
  input: CommissionProtocolInput,
  locale: DocumentLocale,
): Promise<Buffer> {
  const { t } = locale;
  const layout = layoutOf(input.methodologyId, 'commissionProtocol');
  const docTitle = t('documents:commission.title');
  const heading = input.number
    ? t('documents:common.numbered', { title: docTitle, number: input.number })
    : docTitle;
  const writer = startDocument(locale, heading, formatDate(input.meetingOn));
  appendixNote(writer, layout, locale);
  title(writer, heading);
  writer.fields([
    [t('documents:commission.body'), pick(input.organisation, locale)],
    [
      t('documents:commission.evaluation'),
      t('documents:common.evaluationOf', {
        kind: t(`documents:kinds.${input.kind}`),
        period: formatPeriod(t, input.period),
      }),
    ],
    [t('documents:commission.meetingOn'), formatDate(input.meetingOn)],
  ]);

  const members = [...input.members].sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role));
  writer.text(t('documents:commission.members'), { bold: true, gapAfter: 4, keepWithNext: KEEP_WITH_TABLE });
  writer.table(
    [
      numberColumn(locale, members.length),
      { header: t('documents:common.fullName'), weight: 4 },
      { header: t('documents:commission.role'), weight: 1.8 },
      { header: t('documents:commission.attendance'), weight: 1.4, align: 'center' },
    ],
    members.map((member, index) => [
      String(index + 1),
      personWithPosition(member.person),
      t(`documents:commission.roles.${member.role}`),
      member.present ? t('documents:commission.present') : t('documents:commission.absent'),
    ]),
  );
  const voting = input.members.filter((m) => m.role !== 'secretary');
  writer.text(
    t('documents:commission.attendanceCount', {
      present: voting.filter((m) => m.present).length,
      total: voting.length,
    }),
    { gapAfter: 2 },
  );
  writer.text(input.quorumReached ? t('documents:commission.quorum') : t('documents:commission.noQuorum'), {
    bold: true,
    gapAfter: 2,
  });
  writer.text(t('documents:commission.rules'), { size: 8.5, gapAfter: 8 });

  writer.text(t('documents:commission.conclusion'), {
    bold: true,
    gapAfter: 4,
    keepWithNext: KEEP_WITH_TABLE,
  });
  const columns: TableColumn[] = [
    numberColumn(locale, input.cases.length),
    { header: t('documents:commission.employee'), weight: 2.7 },
    { header: t('documents:commission.result'), weight: 2 },
    { header: t('documents:commission.decision'), weight: 1.7, align: 'center' },
    { header: t('documents:commission.revised'), weight: 2 },
    { header: t('documents:commission.votes'), weight: 1.9 },
  ];
  const votes = (item: CommissionCase) => {
    if (!item.votes) return '—';
    const tally = t('documents:commission.voteTally', {
      approve: item.votes.approve,
      revise: item.votes.revise,
    });
    return item.votes.chairCasting ? `${tally}\n${t('documents:commission.casting')}` : tally;
  };
  const rows: TableRow[] = input.cases.map((item, index) => [
    String(index + 1),
    personWithPosition(item.employee),
    resultText(item.result.score, item.result.band, locale),
    t(`documents:commission.decisions.${item.decision}`),
    item.decision === 'revise' && item.revised
      ? resultText(item.revised.score, item.revised.band, locale)
      : '—',
    votes(item),
  ]);
  writer.table(columns, rows, { size: 8.5 });

  if (input.approvedBy)
    writer.text(
      input.approvedOn
        ? t('documents:commission.approved', {
            person: personWithPosition(input.approvedBy),
            date: formatDate(input.approvedOn),
          })
        : t('documents:commission.toApprove', { person: personWithPosition(input.approvedBy) }),
      { bold: true, gapAfter: 6 },
    );

  writer.gap(8);
  // Those present sign: the secretary first, then the chair, then the members (Appendix 11).
  writer.signatures(
    members
      .filter((member) => member.present)
      .sort((a, b) => signOrder(a.role) - signOrder(b.role))
      .map((member) =>
        signatureLine(t(`documents:commission.roles.${member.role}`), member.person, null, locale),
      ),
  );
  if (input.approvedBy)
    writer.signatures([
      signatureLine(t('documents:commission.approver'), input.approvedBy, input.approvedOn, locale),
    ]);
  return writer.finish();
}

function signOrder(role: CommissionRole): number {
  return role === 'secretary' ? 0 : role === 'chair' ? 1 : 2;
}
