import type { InlineKeyboardButton } from 'grammy/types';
import { Types } from 'mongoose';
import { callbacks } from '../bot/callback-data.ts';
import {
  acquaintanceDeadline,
  almatyDateOf,
  appealDeadline,
  calibrationDecisionDeadline,
  calibrationSessionDeadline,
  type IsoDate,
} from '../calendar/index.ts';
import { formatDate } from '../i18n/format.ts';
import type { Translate } from '../i18n/index.ts';
import { getMethodology, NO_TERMS, type NoticeTerms, noticeTerms, routeOf } from '../methodology/index.ts';
import type { Language } from '../people/models.ts';
import type { AppServices } from '../services.ts';
import { alertHr } from './hr-alerts.ts';
import type { NoticeDoc } from './notice-models.ts';
import { type NotifyOutcome, notifyEmployee } from './notify.ts';
import type { OutboxItemRecord, OutboxState } from './outbox/models.ts';

export interface ResultNoticeInput {
  /** What is reported: `result360`, `quarter`, ... (also the outbox kind). */
  kind: string;
  campaignId: string;
  employeeId: Types.ObjectId | string;
  methodologyId: string | null;
  /**
   * The form of the reported sheets when its route differs from the methodology's (a Chapter 6 KPI
   * sheet carries its scope id): the notice then follows that route.
   */
  routeFormId?: string | null;
  organisationCode?: string | null;
  /** The message in the employee's language; the notice adds its own buttons. */
  render: (
    t: Translate,
    lang: Language,
  ) => { text: string; photo?: Buffer } | Promise<{ text: string; photo?: Buffer }>;
}

export const noticeKey = (kind: string, campaignId: string, employeeId: Types.ObjectId | string) =>
  `${kind}:${campaignId}:${String(employeeId)}`;

/**
 * The terms of a notice, from its methodology's route: each null where the data sets none (Justice has no
 * acquaintance term; commission routes offer no calibration request). No number comes from code.
 */
export function noticeRules(
  methodologyId: string | null | undefined,
  routeFormId?: string | null,
): NoticeTerms {
  const methodology = methodologyId ? getMethodology(methodologyId) : undefined;
  return methodology ? noticeTerms(routeOf(methodology, routeFormId)) : NO_TERMS;
}

/**
 * Notice kind of a calibration session's result. It is not calibrated again: the session's decision is
 * appealed under the Administrative Procedure Code, outside the bot.
 */
export const CALIBRATION_RESULT_NOTICE_KIND = 'calibrationResult';

/** The calibration request's terms of a notice, when its route offers one and the data sets all three. */
function requestTermsOf(notice: Pick<NoticeDoc, 'kind' | 'methodologyId' | 'routeFormId'>) {
  if (notice.kind === CALIBRATION_RESULT_NOTICE_KIND) return null;
  return calibrationRequestTerms(noticeRules(notice.methodologyId, notice.routeFormId));
}

/** The calibration request's terms, when the route offers one and the data sets all three. */
function calibrationRequestTerms(rules: NoticeTerms) {
  const application = rules.calibrationApplicationWorkingDays;
  const decision = rules.calibrationDecisionWorkingDays;
  const session = rules.calibrationSessionWorkingDays;
  return application !== null && decision !== null && session !== null
    ? { application, decision, session }
    : null;
}

/**
 * Records a result notice and queues it with an "I have read it" button (and, where the methodology
 * has refusal acts, "I refuse to acknowledge"). Idempotent per kind, campaign and employee.
 */
export async function sendResultNotice(
  services: AppServices,
  input: ResultNoticeInput,
): Promise<NotifyOutcome> {
  const { Notice, OutboxItem, Employee } = services.models;
  const key = noticeKey(input.kind, input.campaignId, input.employeeId);
  const employeeId = new Types.ObjectId(String(input.employeeId));
  const organisationCode =
    input.organisationCode ??
    (await Employee.findById(employeeId, { organisationCode: 1 }).lean())?.organisationCode;
  // The register entry exists before the message is queued, so a crash in between is repaired by a repeat.
  await Notice.updateOne(
    { outboxKey: key },
    {
      $setOnInsert: {
        kind: input.kind,
        campaignId: input.campaignId,
        employeeId,
        organisationCode: organisationCode ?? null,
        methodologyId: input.methodologyId,
        routeFormId: input.routeFormId ?? null,
        outboxKey: key,
        queuedAt: services.now(),
      },
    },
    { upsert: true },
  );
  const refusal = noticeRules(input.methodologyId, input.routeFormId).refusalActWitnesses !== null;
  const outcome = await notifyEmployee(services, {
    key,
    kind: input.kind,
    employeeId,
    render: async (t, lang) => {
      const content = await input.render(t, lang);
      const row: InlineKeyboardButton[] = [
        { text: t('notices:ackButton'), callback_data: callbacks.notice.acknowledge.queued({}) },
      ];
      if (refusal)
        row.push({ text: t('notices:refuseButton'), callback_data: callbacks.notice.refuse.queued({}) });
      return { ...content, reply_markup: { inline_keyboard: [row] } };
    },
  });
  const item = await OutboxItem.findOne({ key }, { _id: 1 }).lean();
  await Notice.updateOne(
    { outboxKey: key },
    {
      $set: {
        outboxItemId: item?._id ?? null,
        notQueuedReason: outcome === 'notLinked' ? 'notLinked' : null,
      },
    },
  );
  return outcome;
}

export type AckOutcome =
  | { kind: 'notANotice' }
  | { kind: 'notYours' }
  /** appealUntil is null where the route offers no calibration request. */
  | { kind: 'acknowledged'; at: Date; appealUntil: IsoDate | null; noticeId: string; first: boolean };

/**
 * The day the notice was delivered, as the register has it: the time the send was recorded, else the
 * time it was queued (a tap proves delivery, but it never moves the day later than the register's).
 */
async function deliveredOn(
  services: AppServices,
  notice: Pick<NoticeDoc, 'outboxItemId' | 'queuedAt'>,
  tappedAt: Date,
): Promise<IsoDate> {
  const item = notice.outboxItemId
    ? await services.models.OutboxItem.findById(notice.outboxItemId).lean<OutboxItemRecord>()
    : null;
  const delivered = (item && sentTimeOf(item)) ?? notice.queuedAt ?? tappedAt;
  return almatyDateOf(delivered.getTime() < tappedAt.getTime() ? delivered : tappedAt);
}

/**
 * The employee tapped "I have read it": the acknowledgement time is fixed once, and the last day to
 * disagree is counted from the day of DELIVERY ("from the day the results were received", 002 paragraph
 * 10): a late tap does not extend it.
 */
export async function acknowledgeNotice(
  services: AppServices,
  itemId: string,
  employeeId: Types.ObjectId | null | undefined,
): Promise<AckOutcome> {
  const { Notice } = services.models;
  const notice = await Notice.findOne({ outboxItemId: itemId }).lean();
  if (!notice) return { kind: 'notANotice' };
  if (!employeeId || String(employeeId) !== String(notice.employeeId)) return { kind: 'notYours' };
  const at = services.now();
  const request = requestTermsOf(notice);
  const appealUntil = request
    ? appealDeadline(await deliveredOn(services, notice, at), request.application)
    : null;
  const updated = await Notice.findOneAndUpdate(
    { _id: notice._id, acknowledgedAt: null },
    { $set: { acknowledgedAt: at, appealUntil } },
    { returnDocument: 'after' },
  ).lean();
  const current = updated ?? notice;
  return {
    kind: 'acknowledged',
    at: current.acknowledgedAt ?? at,
    appealUntil: (current.appealUntil ?? appealUntil) as IsoDate | null,
    noticeId: String(notice._id),
    first: Boolean(updated),
  };
}

export type RefuseOutcome = 'notANotice' | 'notYours' | 'notAllowed' | 'alreadyAcknowledged' | 'refused';

/** Kentau variant: the employee refuses to acknowledge; HR is told so they can draw up the act. */
export async function refuseNotice(
  services: AppServices,
  itemId: string,
  employeeId: Types.ObjectId | null | undefined,
): Promise<RefuseOutcome> {
  const { Notice, Employee } = services.models;
  const notice = await Notice.findOne({ outboxItemId: itemId }).lean();
  if (!notice) return 'notANotice';
  if (!employeeId || String(employeeId) !== String(notice.employeeId)) return 'notYours';
  if (noticeRules(notice.methodologyId, notice.routeFormId).refusalActWitnesses === null) return 'notAllowed';
  if (notice.acknowledgedAt) return 'alreadyAcknowledged';
  await Notice.updateOne({ _id: notice._id, refusedAt: null }, { $set: { refusedAt: services.now() } });
  const employee = await Employee.findById(notice.employeeId, { fullName: 1 }).lean();
  await alertHr(services, {
    key: `noticeRefused:${String(notice._id)}`,
    organisationCode: notice.organisationCode,
    render: (t) =>
      t('notices:hr.refused', {
        name: employee?.fullName ?? '',
        kind: t(`notices:kinds.${notice.kind}`),
        noticeId: String(notice._id),
      }),
  });
  return 'refused';
}

export type RefusalActOutcome =
  | 'registered'
  | 'unknownNotice'
  | 'notAllowed'
  | 'alreadyAcknowledged'
  | { problem: 'witnesses'; required: number };

/** HR registers the refusal act signed by the methodology's number of witnesses. */
export async function registerRefusalAct(
  services: AppServices,
  input: { noticeId: string; witnesses: readonly string[]; registeredBy: number },
): Promise<RefusalActOutcome> {
  const { Notice } = services.models;
  if (!Types.ObjectId.isValid(input.noticeId)) return 'unknownNotice';
  const notice = await Notice.findById(input.noticeId).lean();
  if (!notice) return 'unknownNotice';
  const required = noticeRules(notice.methodologyId, notice.routeFormId).refusalActWitnesses;
  if (required === null) return 'notAllowed';
  if (notice.acknowledgedAt) return 'alreadyAcknowledged';
  const witnesses = input.witnesses.map((w) => w.trim()).filter(Boolean);
  if (witnesses.length !== required) return { problem: 'witnesses', required };
  const at = services.now();
  await Notice.updateOne(
    { _id: notice._id },
    {
      $set: {
        refusedAt: notice.refusedAt ?? at,
        refusalAct: { witnesses, registeredBy: input.registeredBy, registeredAt: at },
      },
    },
  );
  return 'registered';
}

/** One row of the delivery register. */
export interface RegisterRow {
  noticeId: string;
  name: string;
  kind: string;
  campaignId: string;
  state: OutboxState | 'notQueued';
  queuedAt: Date;
  sentAt: Date | null;
  messageId: number | null;
  acknowledgedAt: Date | null;
  refusedAt: Date | null;
  refusalWitnesses: string[];
  reason: string | null;
  appealUntil: string | null;
}

/** appealOpen: acknowledged, and the last day to disagree is today or later. */
export type RegisterFilter = 'all' | 'unacknowledged' | 'undeliverable' | 'appealOpen';

/** The delivery register, newest first: the notice joined with its outbox item. */
export async function deliveryRegister(
  services: AppServices,
  options: { filter?: RegisterFilter; organisationCode?: string | null; limit?: number } = {},
): Promise<RegisterRow[]> {
  const filter = options.filter ?? 'all';
  const notices = await services.models.Notice.find(noticeQuery(services, filter, options.organisationCode))
    .sort({ createdAt: -1, _id: -1 })
    .limit(options.limit ?? 5000)
    .lean();
  const rows = await registerRows(services, notices);
  if (filter === 'undeliverable')
    return rows.filter((r) => r.state === 'undeliverable' || r.state === 'notQueued');
  return rows;
}

/**
 * A body's whole register, newest first, for its export: read and joined a chunk at a time, since a
 * body keeps three years of notices (a large one has tens of thousands) and none may be left out.
 */
export async function wholeDeliveryRegister(
  services: AppServices,
  organisationCode: string,
  chunkSize = 2000,
): Promise<RegisterRow[]> {
  const rows: RegisterRow[] = [];
  let chunk: (NoticeDoc & { _id: Types.ObjectId })[] = [];
  const notices = services.models.Notice.find(noticeQuery(services, 'all', organisationCode))
    .sort({ createdAt: -1, _id: -1 })
    .lean<(NoticeDoc & { _id: Types.ObjectId })[]>()
    .cursor({ batchSize: chunkSize });
  for await (const notice of notices) {
    chunk.push(notice);
    if (chunk.length === chunkSize) {
      rows.push(...(await registerRows(services, chunk)));
      chunk = [];
    }
  }
  if (chunk.length > 0) rows.push(...(await registerRows(services, chunk)));
  return rows;
}

/**
 * One page of the register, newest first, with the total. "All" and "unacknowledged" are paged in the
 * database (a body's register has thousands of rows); "undeliverable" depends on the outbox's state, so
 * it is filtered first and then cut.
 */
export async function deliveryRegisterPage(
  services: AppServices,
  options: { filter: RegisterFilter; organisationCode: string; page: number; perPage: number },
): Promise<{ rows: RegisterRow[]; total: number; page: number; pages: number }> {
  const { filter, perPage } = options;
  if (filter === 'undeliverable') {
    const all = await deliveryRegister(services, options);
    const pages = Math.max(1, Math.ceil(all.length / perPage));
    const page = Math.min(Math.max(0, Math.trunc(options.page) || 0), pages - 1);
    return { rows: all.slice(page * perPage, (page + 1) * perPage), total: all.length, page, pages };
  }
  const query = noticeQuery(services, filter, options.organisationCode);
  const total = await services.models.Notice.countDocuments(query);
  const pages = Math.max(1, Math.ceil(total / perPage));
  // An old pager button past the end shows the last page.
  const page = Math.min(Math.max(0, Math.trunc(options.page) || 0), pages - 1);
  const notices = await services.models.Notice.find(query)
    .sort({ createdAt: -1, _id: -1 })
    .skip(page * perPage)
    .limit(perPage)
    .lean();
  return { rows: await registerRows(services, notices), total, page, pages };
}

function noticeQuery(
  services: AppServices,
  filter: RegisterFilter,
  organisationCode: string | null | undefined,
) {
  return {
    ...(organisationCode ? { organisationCode } : {}),
    ...(filter === 'unacknowledged' ? { acknowledgedAt: null } : {}),
    ...(filter === 'appealOpen' ? { appealUntil: { $gte: almatyDateOf(services.now()) } } : {}),
  };
}

async function registerRows(
  services: AppServices,
  notices: readonly (NoticeDoc & { _id: Types.ObjectId })[],
): Promise<RegisterRow[]> {
  const { OutboxItem, Employee } = services.models;
  const items = new Map(
    (
      await OutboxItem.find({ _id: { $in: notices.map((n) => n.outboxItemId).filter(Boolean) } }).lean<
        OutboxItemRecord[]
      >()
    ).map((item) => [String(item._id), item]),
  );
  const names = new Map(
    (await Employee.find({ _id: { $in: notices.map((n) => n.employeeId) } }, { fullName: 1 }).lean()).map(
      (e) => [String(e._id), e.fullName],
    ),
  );
  return notices.map((notice): RegisterRow => {
    const item = notice.outboxItemId ? items.get(String(notice.outboxItemId)) : undefined;
    return {
      noticeId: String(notice._id),
      name: names.get(String(notice.employeeId)) ?? '',
      kind: notice.kind,
      campaignId: notice.campaignId,
      state: item?.state ?? 'notQueued',
      queuedAt: notice.queuedAt ?? notice.createdAt,
      sentAt: item ? sentTimeOf(item) : null,
      messageId: item?.messageId ?? null,
      acknowledgedAt: notice.acknowledgedAt ?? null,
      refusedAt: notice.refusedAt ?? null,
      refusalWitnesses: notice.refusalAct?.witnesses ?? [],
      reason:
        item?.state === 'undeliverable' ? (item.failureReason ?? null) : (notice.notQueuedReason ?? null),
      appealUntil: notice.appealUntil ?? null,
    };
  });
}

/** When the worker recorded the send (the app's clock), else Telegram's date, else the reconciliation time. */
function sentTimeOf(item: OutboxItemRecord): Date | null {
  if (item.state !== 'sent') return null;
  return item.sentAt ?? item.telegramDate ?? item.reconciledAt ?? null;
}

/**
 * Daily: notices sent but neither acknowledged nor refused within the route's acquaintance term are
 * reported to HR, once per notice, in one list per organisation. A route without that term (Justice:
 * results arrive in the information system) raises no such alert.
 */
export async function alertUnacknowledged(services: AppServices): Promise<number> {
  const { Notice, OutboxItem } = services.models;
  const today = almatyDateOf(services.now());
  const candidates = await Notice.find({
    acknowledgedAt: null,
    refusedAt: null,
    overdueAlertedOn: null,
  }).lean();
  const items = new Map(
    (
      await OutboxItem.find({
        _id: { $in: candidates.map((n) => n.outboxItemId).filter(Boolean) },
        state: 'sent',
      }).lean<OutboxItemRecord[]>()
    ).map((item) => [String(item._id), item]),
  );
  const overdue = candidates.filter((notice) => {
    const item = items.get(String(notice.outboxItemId));
    const sent = item && sentTimeOf(item);
    const workingDays = noticeRules(notice.methodologyId, notice.routeFormId).acquaintanceWorkingDays;
    if (!sent || workingDays === null) return false;
    return today > acquaintanceDeadline(almatyDateOf(sent), workingDays);
  });
  // Marked first, then listed by date: a re-run the same day (after a crash) re-queues the same keys.
  if (overdue.length > 0)
    await Notice.updateMany(
      { _id: { $in: overdue.map((n) => n._id) }, overdueAlertedOn: null },
      { $set: { overdueAlertedOn: today } },
    );
  const todays = await Notice.find({ overdueAlertedOn: today }).sort({ createdAt: 1 }).lean();
  const byOrganisation = new Map<string, typeof todays>();
  for (const notice of todays) {
    const org = notice.organisationCode ?? '';
    byOrganisation.set(org, [...(byOrganisation.get(org) ?? []), notice]);
  }
  const names = new Map(
    (
      await services.models.Employee.find(
        { _id: { $in: todays.map((n) => n.employeeId) } },
        { fullName: 1 },
      ).lean()
    ).map((e) => [String(e._id), e.fullName]),
  );
  for (const [org, list] of byOrganisation) {
    await alertHr(services, {
      key: `noticesOverdue:${org}:${today}`,
      organisationCode: org || null,
      render: (t) =>
        [
          t('notices:hr.overdueTitle', { count: list.length }),
          ...list.map((n) =>
            t('notices:hr.overdueLine', {
              name: names.get(String(n.employeeId)) ?? '',
              kind: t(`notices:kinds.${n.kind}`),
            }),
          ),
        ].join('\n'),
    });
  }
  return overdue.length;
}

export type AppealWindow =
  | { kind: 'open'; until: IsoDate }
  | { kind: 'closed'; until: IsoDate }
  | { kind: 'notAcknowledged' }
  | { kind: 'exists' }
  /** The route offers no calibration request (commission routes), or the data sets no terms for it. */
  | { kind: 'notOffered' }
  | { kind: 'unknown' };

/** Whether the employee may still disagree with this notice today. */
export async function appealWindow(
  services: AppServices,
  noticeId: string,
  employeeId: Types.ObjectId | null | undefined,
): Promise<AppealWindow> {
  const { Notice, Appeal } = services.models;
  if (!Types.ObjectId.isValid(noticeId)) return { kind: 'unknown' };
  const notice = await Notice.findById(noticeId).lean();
  if (!notice || !employeeId || String(notice.employeeId) !== String(employeeId)) return { kind: 'unknown' };
  if (!requestTermsOf(notice)) return { kind: 'notOffered' };
  if (!notice.appealUntil) return { kind: 'notAcknowledged' };
  if (await Appeal.exists({ noticeId: notice._id })) return { kind: 'exists' };
  const until = notice.appealUntil as IsoDate;
  return almatyDateOf(services.now()) > until ? { kind: 'closed', until } : { kind: 'open', until };
}

export type FileAppealOutcome =
  | { kind: 'filed'; decisionBy: IsoDate; sessionBy: IsoDate; appealId: string }
  | Exclude<AppealWindow, { kind: 'open' }>;

/**
 * Files the disagreement (a calibration request) if the window is still open today; deadlines for the
 * decision and the session run from the day of filing. HR and the authorised person are told.
 */
export async function fileAppeal(
  services: AppServices,
  input: { noticeId: string; employeeId: Types.ObjectId | string; statement: string },
): Promise<FileAppealOutcome> {
  const { Notice, Appeal, Employee } = services.models;
  if (!Types.ObjectId.isValid(String(input.employeeId))) return { kind: 'unknown' };
  const employeeId = new Types.ObjectId(String(input.employeeId));
  const window = await appealWindow(services, input.noticeId, employeeId);
  if (window.kind !== 'open') return window;
  const notice = (await Notice.findById(input.noticeId).lean())!;
  // appealWindow is open only when the route has all three terms.
  const request = requestTermsOf(notice)!;
  const filedAt = services.now();
  const filedOn = almatyDateOf(filedAt);
  const decisionBy = calibrationDecisionDeadline(filedOn, request.decision);
  const sessionBy = calibrationSessionDeadline(filedOn, request.session);
  let appealId: string;
  try {
    const appeal = await Appeal.create({
      noticeId: notice._id,
      employeeId,
      organisationCode: notice.organisationCode,
      kind: notice.kind,
      campaignId: notice.campaignId,
      statement: input.statement,
      filedAt,
      filedOn,
      decisionBy,
      sessionBy,
    });
    appealId = String(appeal._id);
  } catch (error) {
    if ((error as { code?: number }).code === 11000) return { kind: 'exists' };
    throw error;
  }
  const employee = await Employee.findById(employeeId, { fullName: 1 }).lean();
  await alertHr(services, {
    key: `appeal:${appealId}`,
    organisationCode: notice.organisationCode,
    render: (t) =>
      t('notices:hr.appealFiled', {
        name: employee?.fullName ?? '',
        kind: t(`notices:kinds.${notice.kind}`),
        statement: input.statement,
        decisionBy: formatDate(decisionBy),
        sessionBy: formatDate(sessionBy),
      }),
  });
  return { kind: 'filed', decisionBy, sessionBy, appealId };
}
