import { Types } from 'mongoose';
import { callbacks } from '../../bot/callback-data.ts';
import {
  addWorkingDays,
  almatyDateOf,
  type IsoDate,
  previousWorkingDay,
  workingDaysBetween,
} from '../../calendar/index.ts';
import { formatDate, periodWords } from '../../i18n/format.ts';
import { getMethodology } from '../../methodology/index.ts';
import { alertHr } from '../../notifications/hr-alerts.ts';
import { notifyEmployee } from '../../notifications/notify.ts';
import { forEachItem } from '../../notifications/scheduler.ts';
import type { AppServices } from '../../services.ts';
import { votingRoles } from './composition.ts';
import type { CommissionMeetingDoc } from './models.ts';
import {
  bodyCommissionRoute,
  type CommissionRules,
  commissionRules,
  needsCommissionApproval,
} from './rules.ts';

type Id = Types.ObjectId | string;

/** The Commission's rules of a case's or meeting's methodology (Chapter 6 has them all). */
export function rulesOf(methodologyId: string): CommissionRules | null {
  const methodology = getMethodology(methodologyId);
  const route = methodology && bodyCommissionRoute(methodology);
  return route ? commissionRules(route) : null;
}

/**
 * The superior agreed a Chapter 6 sheet: it waits for HR to pass it to the Commission within the route's
 * working days, and HR is told the last day. Idempotent per sheet; other routes open no case.
 */
export async function openCommissionCase(services: AppServices, sheetId: Id): Promise<boolean> {
  const { models } = services;
  const sheet = await models.RankingSheet.findById(sheetId).lean();
  if (sheet?.status !== 'agreed') return false;
  const campaign = await models.RankingCampaign.findById(sheet.campaignId, { methodologyId: 1 }).lean();
  if (!campaign || !needsCommissionApproval(campaign.methodologyId, sheet.formId)) return false;
  const rules = rulesOf(campaign.methodologyId)!;
  const agreedOn = almatyDateOf(sheet.review?.agreedAt ?? services.now());
  const passBy =
    rules.toCommissionWorkingDays === null ? null : addWorkingDays(agreedOn, rules.toCommissionWorkingDays);
  const result = await models.CommissionCase.updateOne(
    { sheetId: sheet._id },
    {
      $setOnInsert: {
        sheetId: sheet._id,
        campaignId: sheet.campaignId,
        organisationCode: sheet.organisationCode,
        employeeId: sheet.employeeId,
        methodologyId: campaign.methodologyId,
        period: sheet.period,
        agreedOn,
        passBy,
      },
    },
    { upsert: true },
  );
  if (result.upsertedCount === 0) return false;
  const employee = await models.Employee.findById(sheet.employeeId, { fullName: 1 }).lean();
  await alertHr(services, {
    key: `cmAgreed:${String(sheet._id)}`,
    organisationCode: sheet.organisationCode,
    render: (t) =>
      passBy
        ? t('commission:hr.agreed', { name: employee?.fullName ?? '', passBy: formatDate(passBy) })
        : t('commission:hr.agreedNoTerm', { name: employee?.fullName ?? '' }),
  });
  return true;
}

/** Daily safety net: every agreed Chapter 6 sheet has its case (a crash after the agreement is repaired). */
export async function openMissingCases(services: AppServices): Promise<number> {
  const { models } = services;
  const agreed = await models.RankingSheet.find({ status: 'agreed', kind: 'kpi' }, { _id: 1 })
    .sort({ _id: 1 })
    .lean();
  const known = new Set(
    (
      await models.CommissionCase.find({ sheetId: { $in: agreed.map((s) => s._id) } }, { sheetId: 1 }).lean()
    ).map((c) => String(c.sheetId)),
  );
  let opened = 0;
  for (const sheet of agreed)
    if (!known.has(String(sheet._id)) && (await openCommissionCase(services, sheet._id))) opened++;
  return opened;
}

/** Cases of the body that HR has not passed to the Commission yet, oldest agreement first. */
export function casesAwaitingHr(services: AppServices, organisationCode: string) {
  return services.models.CommissionCase.find({ organisationCode, state: 'awaitingHr' })
    .sort({ agreedOn: 1, _id: 1 })
    .lean();
}

/** Daily: cases HR has not passed by their last day are listed to HR, once per case. */
export async function alertLatePassing(services: AppServices): Promise<number> {
  const { CommissionCase, Employee } = services.models;
  const today = almatyDateOf(services.now());
  const late = await CommissionCase.find({
    state: 'awaitingHr',
    passBy: { $ne: null, $lt: today },
    lateAlertedOn: null,
  })
    .sort({ agreedOn: 1, _id: 1 })
    .lean();
  if (late.length === 0) return 0;
  await CommissionCase.updateMany(
    { _id: { $in: late.map((c) => c._id) }, lateAlertedOn: null },
    { $set: { lateAlertedOn: today } },
  );
  const names = new Map(
    (await Employee.find({ _id: { $in: late.map((c) => c.employeeId) } }, { fullName: 1 }).lean()).map(
      (e) => [String(e._id), e.fullName],
    ),
  );
  const byBody = new Map<string, typeof late>();
  for (const c of late) byBody.set(c.organisationCode, [...(byBody.get(c.organisationCode) ?? []), c]);
  for (const [organisationCode, cases] of byBody)
    await alertHr(services, {
      key: `cmLate:${organisationCode}:${today}`,
      organisationCode,
      render: (t) =>
        [
          t('commission:hr.lateTitle', { count: cases.length }),
          ...cases.map((c) =>
            t('commission:hr.lateLine', {
              name: names.get(String(c.employeeId)) ?? '',
              passBy: formatDate(c.passBy ?? ''),
            }),
          ),
        ].join('\n'),
    });
  return late.length;
}

export type PassOutcome =
  | { kind: 'passed'; meetingId: string; cases: number; late: number; noticeOn: IsoDate }
  | { kind: 'nothing' }
  | { kind: 'noComposition' }
  | { kind: 'past' }
  | { kind: 'tooSoon'; earliest: IsoDate; days: number };

/** The day the members are told: N working days before the meeting (today when the data sets no term). */
function noticeDayOf(meetingOn: IsoDate, days: number | null, today: IsoDate): IsoDate {
  if (days === null) return today;
  let day = meetingOn;
  for (let i = 0; i < days; i++) day = previousWorkingDay(day);
  return day;
}

/**
 * HR passes the body's waiting sheets (of the oldest waiting period) to a Commission meeting on a day at
 * least the route's working days ahead, so the members can be told in time. The members are the
 * composition as it stands; they are told on the notice day (now, when that day has come).
 */
export async function passToCommission(
  services: AppServices,
  input: { organisationCode: string; meetingOn: IsoDate; by: number },
): Promise<PassOutcome> {
  const { models } = services;
  const today = almatyDateOf(services.now());
  const composition = await models.CommissionComposition.findOne({
    organisationCode: input.organisationCode,
  }).lean();
  if (!composition || composition.members.length === 0) return { kind: 'noComposition' };
  const waiting = await casesAwaitingHr(services, input.organisationCode);
  if (waiting.length === 0) return { kind: 'nothing' };
  const { period, methodologyId } = waiting[0]!;
  const rules = rulesOf(methodologyId)!;
  if (input.meetingOn < today) return { kind: 'past' };
  const days = rules.meetingNoticeWorkingDays;
  if (days !== null && workingDaysBetween(today, input.meetingOn) < days)
    return { kind: 'tooSoon', earliest: addWorkingDays(today, days), days };
  const noticeOn = noticeDayOf(input.meetingOn, days, today);
  const meeting = await models.CommissionMeeting.create({
    organisationCode: input.organisationCode,
    methodologyId,
    period,
    meetingOn: input.meetingOn,
    noticeOn,
    members: composition.members,
    authorisedPersonId: composition.authorisedPersonId,
    createdBy: input.by,
  });
  const ids = waiting.filter((c) => c.period === period).map((c) => c._id);
  // A case goes to one meeting: the state in the filter lets only the first HR action take it.
  await models.CommissionCase.updateMany(
    { _id: { $in: ids }, state: 'awaitingHr' },
    { $set: { state: 'passed', meetingId: meeting._id, passedOn: today, passedBy: input.by } },
  );
  const cases = await models.CommissionCase.find({ meetingId: meeting._id }, { passBy: 1 }).lean();
  if (cases.length === 0) {
    await models.CommissionMeeting.deleteOne({ _id: meeting._id });
    return { kind: 'nothing' };
  }
  if (noticeOn <= today) await tellMembers(services, String(meeting._id));
  return {
    kind: 'passed',
    meetingId: String(meeting._id),
    cases: cases.length,
    late: cases.filter((c) => c.passBy && c.passBy < today).length,
    noticeOn,
  };
}

/** The members hear of the meeting once: its date, their role, how many sheets, a button to the cases. */
export async function tellMembers(services: AppServices, meetingId: string): Promise<boolean> {
  const { models } = services;
  const meeting = await models.CommissionMeeting.findOneAndUpdate(
    { _id: meetingId, notifiedAt: null },
    { $set: { notifiedAt: services.now() } },
    { returnDocument: 'after' },
  ).lean();
  if (!meeting) return false;
  const count = await models.CommissionCase.countDocuments({ meetingId: meeting._id });
  for (const member of meeting.members)
    await notifyEmployee(services, {
      key: `cmMeeting:${meetingId}:${String(member.employeeId)}`,
      kind: 'commissionMeeting',
      employeeId: member.employeeId,
      render: (t) => ({
        text: t('commission:member.told', {
          date: formatDate(meeting.meetingOn),
          role: t(`commission:roles.${member.role}`),
          count,
          ...periodWords(t, meeting.period),
        }),
        reply_markup: {
          inline_keyboard: [
            [
              {
                text: t('commission:buttons.openMeeting'),
                callback_data: callbacks.commission.casesFromNotice.queued({ meetingId }),
              },
            ],
          ],
        },
      }),
    });
  return true;
}

/** Daily: meetings whose notice day has come tell their members. */
export async function tellMembersDue(services: AppServices): Promise<number> {
  const today = almatyDateOf(services.now());
  const due = await services.models.CommissionMeeting.find(
    { state: 'scheduled', notifiedAt: null, noticeOn: { $lte: today } },
    { _id: 1 },
  )
    .sort({ _id: 1 })
    .lean();
  let told = 0;
  await forEachItem(
    services.logger,
    'commissionNotices',
    due,
    (m) => String(m._id),
    async (m) => {
      if (await tellMembers(services, String(m._id))) told++;
    },
  );
  return told;
}

/** The member's seat at the meeting, or null for anyone else. */
export function seatOf(meeting: Pick<CommissionMeetingDoc, 'members'>, employeeId: Id | null | undefined) {
  if (!employeeId) return null;
  return meeting.members.find((m) => String(m.employeeId) === String(employeeId)) ?? null;
}

/** Whether this seat votes under the meeting's rules (the secretary does not, in Chapter 6). */
export function seatVotes(rules: CommissionRules, role: string): boolean {
  return (votingRoles(rules.secretaryVotes) as readonly string[]).includes(role);
}

export const asObjectId = (id: Id) => new Types.ObjectId(String(id));
