import { callbacks } from '../../bot/callback-data.ts';
import { addWorkingDays, type IsoDate } from '../../calendar/index.ts';
import { formatDate, periodWords } from '../../i18n/format.ts';
import type { Translate } from '../../i18n/index.ts';
import { getMethodology } from '../../methodology/index.ts';
import { hrRecipients } from '../../notifications/hr-alerts.ts';
import { sendResultNotice } from '../../notifications/notices.ts';
import { notifyEmployee } from '../../notifications/notify.ts';
import { enqueue } from '../../notifications/outbox/enqueue.ts';
import { QUARTER_NOTICE_KIND, sheetResultLines } from '../../notifications/results/ranking.ts';
import type { Language } from '../../people/models.ts';
import type { AppServices } from '../../services.ts';
import { loadSheet } from '../ranking/sheet.ts';
import { rulesOf } from './cases.ts';
import { keepProtocol } from './protocol.ts';

/** After the vote: the authorised person gets the decisions and the button that approves them. */
export async function askApproval(services: AppServices, meetingId: string): Promise<void> {
  const { models } = services;
  const meeting = await models.CommissionMeeting.findById(meetingId).lean();
  if (!meeting?.authorisedPersonId || meeting.state !== 'decided') return;
  const cases = await models.CommissionCase.find({ meetingId: meeting._id }, { decision: 1 }).lean();
  const revised = cases.filter((c) => c.decision?.outcome === 'revise').length;
  await notifyEmployee(services, {
    key: `cmApprove:${meetingId}`,
    kind: 'commissionApproval',
    employeeId: meeting.authorisedPersonId,
    render: (t) => ({
      text: t('commission:authorised.request', {
        date: formatDate(meeting.meetingOn),
        count: cases.length,
        approved: cases.length - revised,
        revised,
        ...periodWords(t, meeting.period),
      }),
      reply_markup: {
        inline_keyboard: [
          [
            {
              text: t('commission:buttons.approveResults'),
              callback_data: callbacks.commission.authorise.queued({ meetingId }),
            },
            {
              text: t('commission:buttons.protocol'),
              callback_data: callbacks.commission.protocol.build({ meetingId }),
            },
          ],
        ],
      },
    }),
  });
}

/** The Commission's column of the result notice, and the appeal route with its last day. */
export function commissionLines(
  t: Translate,
  lang: Language,
  input: {
    methodologyId: string;
    outcome: 'approve' | 'revise';
    revisedTo: number | null;
    total: number;
    revisedBand: string | null;
    decidedOn: IsoDate;
    approvedOn: IsoDate;
  },
): string[] {
  const methodology = getMethodology(input.methodologyId);
  const rules = rulesOf(input.methodologyId);
  const band = methodology?.bands.find((b) => b.id === input.revisedBand)?.label[lang] ?? '';
  const lines = [
    input.outcome === 'revise'
      ? t('commission:notice.revised', { fulfilled: input.revisedTo ?? 0, total: input.total, band })
      : t('commission:notice.approved'),
    t('commission:notice.approvedBy', { date: formatDate(input.approvedOn) }),
  ];
  if (rules?.agencyAppealWorkingDays)
    lines.push(
      t('commission:notice.agencyAppeal', {
        days: rules.agencyAppealWorkingDays,
        decidedOn: formatDate(input.decidedOn),
        until: formatDate(addWorkingDays(input.decidedOn, rules.agencyAppealWorkingDays)),
      }),
    );
  if (rules?.courts) lines.push(t('commission:notice.courts'));
  if (rules?.agencyAppealWorkingDays || rules?.courts) lines.push(t('commission:notice.botCannotFile'));
  return lines;
}

/**
 * The authorised person approved: the protocol is kept in both languages and HR gets it in the chat;
 * then, and only then, each employee of the meeting receives the result notice with the Commission's
 * column and the appeal route.
 */
export async function releaseApproved(services: AppServices, meetingId: string): Promise<number> {
  const { models } = services;
  const meeting = await models.CommissionMeeting.findById(meetingId).lean();
  if (meeting?.state !== 'approved') return 0;
  await keepProtocol(services, meetingId);
  const cases = await models.CommissionCase.find({ meetingId: meeting._id, state: 'approved' })
    .sort({ _id: 1 })
    .lean();
  const revised = cases.filter((c) => c.decision?.outcome === 'revise').length;
  for (const recipient of await hrRecipients(services, meeting.organisationCode)) {
    const t = services.translator.forLanguage(recipient.lang);
    await enqueue(
      services.models,
      {
        key: `cmApproved:${meetingId}:${recipient.telegramId}`,
        kind: 'hrAlert',
        chatId: recipient.telegramId,
        text: t('commission:hr.approved', {
          date: formatDate(meeting.meetingOn),
          approvedOn: formatDate(meeting.approvedOn ?? ''),
          count: cases.length,
          approved: cases.length - revised,
          revised,
        }),
        reply_markup: {
          inline_keyboard: [
            [
              {
                text: t('commission:buttons.protocol'),
                callback_data: callbacks.commission.protocolFromNotice.queued({ meetingId }),
              },
            ],
          ],
        },
      },
      services.now(),
    );
  }
  let sent = 0;
  for (const item of cases) {
    const view = await loadSheet(models, item.sheetId);
    const employee = await models.Employee.findById(item.employeeId, { fullName: 1 }).lean();
    if (!view || !employee || !item.decision) continue;
    const decision = item.decision;
    await sendResultNotice(services, {
      kind: QUARTER_NOTICE_KIND,
      campaignId: String(item.campaignId),
      employeeId: item.employeeId,
      methodologyId: item.methodologyId,
      routeFormId: view.sheet.formId,
      organisationCode: item.organisationCode,
      render: (t, lang) => ({
        text: [
          t('ranking:result.title', { ...periodWords(t, item.period), name: employee.fullName }),
          '',
          ...sheetResultLines(t, lang, view),
          '',
          ...commissionLines(t, lang, {
            methodologyId: item.methodologyId,
            outcome: decision.outcome as 'approve' | 'revise',
            revisedTo: decision.revisedTo ?? null,
            total: view.sheet.kpis.length,
            revisedBand: decision.revisedBand ?? null,
            decidedOn: meeting.decidedOn as IsoDate,
            approvedOn: meeting.approvedOn as IsoDate,
          }),
          '',
          t('ranking:result.ackHint'),
        ].join('\n'),
      }),
    });
    sent++;
  }
  return sent;
}
