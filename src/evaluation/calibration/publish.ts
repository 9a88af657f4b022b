import type { Types } from 'mongoose';
import { callbacks } from '../../bot/callback-data.ts';
import { almatyDateOf, type IsoDate } from '../../calendar/index.ts';
import { renderCalibrationProtocol } from '../../documents/index.ts';
import type { CalibrationMember, CalibrationProtocolInput } from '../../documents/types.ts';
import { formatDate } from '../../i18n/format.ts';
import type { Translate } from '../../i18n/index.ts';
import { alertHr, hrRecipients } from '../../notifications/hr-alerts.ts';
import { CALIBRATION_RESULT_NOTICE_KIND, sendResultNotice } from '../../notifications/notices.ts';
import { notifyEmployee } from '../../notifications/notify.ts';
import { enqueue } from '../../notifications/outbox/enqueue.ts';
import { documentPerson } from '../../papers/people.ts';
import type { Language } from '../../people/models.ts';
import type { AppServices } from '../../services.ts';
import { type CalibrationCase, caseTerms, loadCase, routeOfCase } from './case.ts';
import { bandLabel, capped, caseLines, dateText, scoreText } from './messages.ts';
import type { Vote } from './models.ts';
import { protocolFileBy } from './rules.ts';

/** Outbox kind of every calibration message to a person (the result itself is a registered notice). */
export const CALIBRATION_MESSAGE_KIND = 'calibration';

/** A button of a message's inline keyboard (plain data: the domain does not use the bot framework). */
type InlineKeyboardButton = { text: string; callback_data: string };

const cb = callbacks.calibration;
const row = (...buttons: InlineKeyboardButton[]) => buttons;
const button = (text: string, data: string): InlineKeyboardButton => ({ text, callback_data: data });

async function nameOf(services: AppServices, id: Types.ObjectId | null | undefined) {
  return id ? ((await services.models.Employee.findById(id, { fullName: 1 }).lean())?.fullName ?? '') : '';
}

async function tell(
  services: AppServices,
  key: string,
  employeeId: Types.ObjectId,
  render: (t: Translate, lang: Language) => Promise<{ text: string; buttons?: InlineKeyboardButton[][] }>,
) {
  return notifyEmployee(services, {
    key,
    kind: CALIBRATION_MESSAGE_KIND,
    employeeId,
    render: async (t, lang) => {
      const { text, buttons } = await render(t, lang);
      return {
        text,
        ...(buttons ? { reply_markup: { inline_keyboard: buttons } } : {}),
        ackText: t('notices:hr.seenButton'),
      };
    },
  });
}

/**
 * The application reaches the authorised person(s) of the body with the case and the two choices; with
 * nobody holding that role in the roster, HR is told who must be added.
 */
export async function routeCase(services: AppServices, c: CalibrationCase): Promise<void> {
  const name = await nameOf(services, c.employeeId);
  if (c.routedTo.length === 0) {
    await alertHr(services, {
      key: `calNoAuthorised:${String(c._id)}`,
      organisationCode: c.organisationCode,
      render: (t) => t('calibration:hr.noAuthorised', { name }),
    });
    return;
  }
  for (const authorised of c.routedTo)
    await tell(services, `calDecide:${String(c._id)}:${String(authorised)}`, authorised, async (t, lang) => ({
      text: capped([
        ...(await caseLines(services, c, t, lang)),
        '',
        t('calibration:decide.request', {
          decisionBy: dateText(c.decisionBy),
          sessionBy: dateText(c.sessionBy),
        }),
      ]),
      buttons: [
        row(
          button(t('calibration:decide.holdButton'), cb.hold.build({ caseId: String(c._id) })),
          button(t('calibration:decide.refuseButton'), cb.refuse.build({ caseId: String(c._id) })),
        ),
      ],
    }));
}

/** A refusal reaches the employee with its reason, and HR. */
export async function announceRefusal(services: AppServices, c: CalibrationCase): Promise<void> {
  const id = String(c._id);
  const authorised = await nameOf(services, c.decidedBy);
  await tell(services, `calRefused:${id}`, c.employeeId, async (t) => ({
    text: t('calibration:employee.refused', { reason: c.refusalReason ?? '', date: dateText(c.decidedOn) }),
  }));
  const name = await nameOf(services, c.employeeId);
  await alertHr(services, {
    key: `calRefused:${id}`,
    organisationCode: c.organisationCode,
    render: (t) => t('calibration:hr.refused', { name, authorised, reason: c.refusalReason ?? '' }),
  });
}

/**
 * A scheduled session: each member gets the case with the vote buttons (usable on the session's day),
 * the employee and the evaluator are told and may add a written argument, HR organises the session.
 */
export async function announceSession(services: AppServices, c: CalibrationCase): Promise<void> {
  const id = String(c._id);
  const date = dateText(c.sessionOn);
  for (const member of c.members)
    await tell(
      services,
      `calMember:${id}:${String(member.employeeId)}`,
      member.employeeId,
      async (t, lang) => ({
        text: capped([
          t('calibration:member.invited', { date }),
          '',
          ...(await caseLines(services, c, t, lang)),
          '',
          t('calibration:member.howToVote', { date }),
        ]),
        buttons: voteButtons(t, id),
      }),
    );
  const argue = (t: Translate) => [
    row(button(t('calibration:argument.button'), cb.argue.build({ caseId: id }))),
  ];
  await tell(services, `calScheduled:${id}`, c.employeeId, async (t) => ({
    text: t('calibration:employee.scheduled', { date, size: c.members.length }),
    buttons: argue(t),
  }));
  const name = await nameOf(services, c.employeeId);
  if (c.evaluatorId)
    await tell(services, `calEvaluator:${id}`, c.evaluatorId, async (t) => ({
      text: t('calibration:evaluator.scheduled', { name, date }),
      buttons: argue(t),
    }));
  const members = await memberNames(services, c);
  await alertHr(services, {
    key: `calScheduled:${id}`,
    organisationCode: c.organisationCode,
    render: (t) =>
      [
        t('calibration:hr.scheduled', { name, date, size: c.members.length }),
        ...members.map((m) => t('calibration:hr.memberLine', { name: m })),
      ].join('\n'),
  });
}

export function voteButtons(t: Translate, caseId: string): InlineKeyboardButton[][] {
  const vote = (v: Vote) => button(t(`calibration:vote.buttons.${v}`), cb.vote.build({ caseId, vote: v }));
  return [row(vote('keep')), row(vote('up'), vote('down'))];
}

async function memberNames(services: AppServices, c: CalibrationCase): Promise<string[]> {
  const people = await services.models.Employee.find(
    { _id: { $in: c.members.map((m) => m.employeeId) } },
    { fullName: 1 },
  ).lean();
  return c.members.map((m) => people.find((p) => p._id.equals(m.employeeId))?.fullName ?? '');
}

/**
 * After the decision: the result goes to the employee as a new registered notice, the protocol is
 * rendered in both languages and kept with the case, and HR gets it with the filing term. Each part is
 * idempotent, so the daily job may finish what a crash left undone.
 */
export async function publishOutcome(services: AppServices, caseId: string): Promise<void> {
  let c = await loadCase(services, caseId);
  if (!c?.outcome) return;
  const outcome = c.outcome;
  const { protocolWorkingDays } = caseTerms(c);
  await sendResultNotice(services, {
    kind: CALIBRATION_RESULT_NOTICE_KIND,
    campaignId: caseId,
    employeeId: c.employeeId,
    methodologyId: c.methodologyId,
    organisationCode: c.organisationCode,
    render: (t, lang) => ({
      text: [
        t('calibration:result.title', { date: dateText(c!.sessionOn) }),
        outcome.result === 'kept'
          ? t('calibration:result.kept', {
              score: scoreText(outcome.score),
              band: bandLabel(c!, outcome.band, lang),
            })
          : t('calibration:result.corrected', {
              from: scoreText(c!.score),
              score: scoreText(outcome.score),
              band: bandLabel(c!, outcome.band, lang),
            }),
        '',
        t('calibration:result.furtherAppeal'),
      ].join('\n'),
    }),
  });
  if (!c.protocol) {
    const fileBy = protocolFileBy(outcome.on as IsoDate, protocolWorkingDays);
    const input = await protocolInput(services, c, fileBy);
    const [kk, ru] = await Promise.all(
      (['kk', 'ru'] as const).map((lang) =>
        renderCalibrationProtocol(input, { lang, t: services.translator.forLanguage(lang) }),
      ),
    );
    await services.models.CalibrationCase.updateOne(
      { _id: c._id, protocol: null },
      { $set: { protocol: { kk, ru, fileBy, filedAt: null } } },
    );
    c = (await loadCase(services, caseId))!;
  }
  const name = await nameOf(services, c.employeeId);
  await messageHr(services, c, `calProtocol:${caseId}`, (t, lang) =>
    [
      outcome.result === 'kept'
        ? t('calibration:hr.decidedKept', {
            name,
            score: scoreText(outcome.score),
            band: bandLabel(c!, outcome.band, lang),
          })
        : t('calibration:hr.decidedCorrected', {
            name,
            from: scoreText(c!.score),
            score: scoreText(outcome.score),
            band: bandLabel(c!, outcome.band, lang),
          }),
      c!.protocol?.fileBy
        ? t('calibration:hr.fileBy', { date: formatDate(c!.protocol.fileBy) })
        : t('calibration:hr.fileByNotSet'),
    ].join('\n'),
  );
}

/** A message to the body's HR accounts with the protocol's buttons (download, filed). */
export async function messageHr(
  services: AppServices,
  c: CalibrationCase,
  key: string,
  render: (t: Translate, lang: Language) => string,
): Promise<void> {
  const id = String(c._id);
  for (const recipient of await hrRecipients(services, c.organisationCode)) {
    const t = services.translator.forLanguage(recipient.lang);
    await enqueue(
      services.models,
      {
        key: `${key}:${recipient.telegramId}`,
        kind: CALIBRATION_MESSAGE_KIND,
        chatId: recipient.telegramId,
        text: render(t, recipient.lang),
        reply_markup: {
          inline_keyboard: [
            row(button(t('calibration:protocol.downloadButton'), cb.protocol.build({ caseId: id }))),
            row(button(t('calibration:protocol.filedButton'), cb.filed.build({ caseId: id }))),
          ],
        },
        ackText: t('notices:hr.seenButton'),
      },
      services.now(),
    );
  }
}

/** The protocol's input, from the case as decided: members in their order, each one's vote and score. */
export async function protocolInput(
  services: AppServices,
  c: CalibrationCase,
  fileBy: IsoDate | null,
): Promise<CalibrationProtocolInput> {
  const { methodology } = routeOfCase(c)!;
  const band = (id: string | null | undefined) => methodology.bands.find((b) => b.id === id) ?? null;
  const appeal = await services.models.Appeal.findById(c.appealId, { statement: 1 }).lean();
  const sheet = c.sheetId ? await services.models.RankingSheet.findById(c.sheetId, { kind: 1 }).lean() : null;
  const members: CalibrationMember[] = [];
  for (const m of c.members)
    members.push({
      person: (await documentPerson(services.models, m.employeeId)) ?? { fullName: '' },
      role: m.role as CalibrationMember['role'],
      vote: (m.vote ?? null) as Vote | null,
      proposedScore: m.score ?? null,
    });
  const outcome = c.outcome!;
  return {
    methodologyId: c.methodologyId,
    organisation: methodology.organization,
    employee: (await documentPerson(services.models, c.employeeId)) ?? { fullName: '' },
    evaluator: await documentPerson(services.models, c.evaluatorId),
    result: {
      kind: sheet?.kind === 'kpi' ? 'kpi' : 'ranking',
      period: c.period ?? '',
      score: c.score ?? null,
      band: band(c.band),
    },
    statementFiledOn: c.filedOn,
    statement: appeal?.statement ?? null,
    authorised: await documentPerson(services.models, c.decidedBy),
    decidedOn: c.decidedOn ?? null,
    sessionOn: c.sessionOn ?? outcome.on,
    members,
    arguments: { evaluator: c.arguments?.evaluator ?? null, employee: c.arguments?.employee ?? null },
    decision: {
      outcome: outcome.result as 'kept' | 'corrected',
      score: outcome.score,
      band: band(outcome.band)!,
    },
    fileBy,
  };
}

/** HR marks the protocol filed in the information system: the filing reminders stop. */
export async function markProtocolFiled(services: AppServices, caseId: string): Promise<boolean> {
  const c = await loadCase(services, caseId);
  if (!c?.protocol) return false;
  await services.models.CalibrationCase.updateOne(
    { _id: c._id, 'protocol.filedAt': null },
    { $set: { 'protocol.filedAt': services.now() } },
  );
  return true;
}

export const todayOf = (services: AppServices) => almatyDateOf(services.now());

/** The stored protocol's bytes: a lean read gives BSON Binary, not a Buffer. */
export function protocolBytes(c: CalibrationCase, lang: Language): Buffer | null {
  const stored = c.protocol?.[lang] as unknown;
  if (!stored) return null;
  if (Buffer.isBuffer(stored)) return stored;
  const bytes = (stored as { buffer?: Uint8Array }).buffer;
  return bytes ? Buffer.from(bytes) : null;
}
