import type { Types } from 'mongoose';
import {
  type CommissionProtocolInput,
  type DocumentPerson,
  documentFileName,
  type Lang,
  renderCommissionProtocol,
} from '../../documents/index.ts';
import { getMethodology } from '../../methodology/index.ts';
import type { AppServices } from '../../services.ts';
import { revisionScaleOf } from './voting.ts';

/**
 * The Commission protocol (Appendix 11) of a decided or approved meeting, from what the meeting
 * recorded: the members and who took part, each case's result, decision, corrected result and tally,
 * and the authorised person's approval once given.
 */
export async function protocolInput(
  services: AppServices,
  meetingId: string,
): Promise<CommissionProtocolInput | null> {
  const { models } = services;
  const meeting = await models.CommissionMeeting.findById(meetingId).lean();
  const methodology = meeting && getMethodology(meeting.methodologyId);
  if (!meeting || !methodology || meeting.state === 'scheduled') return null;
  const cases = await models.CommissionCase.find({ meetingId: meeting._id }).sort({ _id: 1 }).lean();
  const ids = [
    ...meeting.members.map((m) => m.employeeId),
    ...cases.map((c) => c.employeeId),
    ...(meeting.authorisedPersonId ? [meeting.authorisedPersonId] : []),
  ];
  const people = new Map(
    (
      await models.Employee.find(
        { _id: { $in: ids } },
        { fullName: 1, position: 1, personnelNumber: 1 },
      ).lean()
    ).map((e) => [
      String(e._id),
      { fullName: e.fullName, position: e.position, personnelNumber: e.personnelNumber },
    ]),
  );
  const person = (id: Types.ObjectId): DocumentPerson => people.get(String(id)) ?? { fullName: '' };
  const bandOf = (id: string | null | undefined) => {
    const band = methodology.bands.find((b) => b.id === id);
    return band ? { label: band.label } : null;
  };
  const present = new Set(meeting.presentIds.map(String));
  const rows: CommissionProtocolInput['cases'] = [];
  for (const item of cases) {
    const scale = await revisionScaleOf(services, item.sheetId);
    const result = scale?.view.sheet.result;
    const decision = item.decision;
    rows.push({
      employee: person(item.employeeId),
      result: { kind: 'chapter6', period: item.period, score: null, band: bandOf(result?.band) },
      decision: decision?.outcome === 'revise' ? 'revise' : 'approve',
      revised:
        decision?.outcome === 'revise' && bandOf(decision.revisedBand)
          ? { score: null, band: bandOf(decision.revisedBand)! }
          : null,
      votes: decision
        ? { approve: decision.approve, revise: decision.revise, chairCasting: decision.chairCasting }
        : null,
    });
  }
  return {
    methodologyId: meeting.methodologyId,
    organisation: methodology.organization,
    meetingOn: meeting.meetingOn,
    period: meeting.period,
    kind: 'chapter6',
    members: meeting.members.map((m) => ({
      person: person(m.employeeId),
      role: m.role as 'chair' | 'member' | 'secretary',
      // The secretary keeps the protocol: present whenever there is one.
      present: m.role === 'secretary' || present.has(String(m.employeeId)),
    })),
    quorumReached: true,
    cases: rows,
    approvedBy: meeting.authorisedPersonId ? person(meeting.authorisedPersonId) : null,
    approvedOn: meeting.approvedOn ?? null,
  };
}

/** The protocol in one language with its file name. */
export async function renderProtocol(services: AppServices, meetingId: string, lang: Lang) {
  const input = await protocolInput(services, meetingId);
  if (!input) return null;
  const locale = { lang, t: services.translator.forLanguage(lang) };
  return {
    bytes: await renderCommissionProtocol(input, locale),
    fileName: documentFileName('commissionProtocol', { date: input.meetingOn }, locale),
  };
}

/** After the approval: the protocol in Kazakh and Russian is kept with the meeting. */
export async function keepProtocol(services: AppServices, meetingId: string): Promise<void> {
  const kk = await renderProtocol(services, meetingId, 'kk');
  const ru = await renderProtocol(services, meetingId, 'ru');
  if (!kk || !ru) return;
  await services.models.CommissionMeeting.updateOne(
    { _id: meetingId, state: 'approved' },
    { $set: { protocol: { kk: kk.bytes, ru: ru.bytes, generatedAt: services.now() } } },
  );
}

/** The protocol to hand out: the kept one once approved, else drawn now from the decision. */
export async function protocolFile(services: AppServices, meetingId: string, lang: Lang) {
  const meeting = await services.models.CommissionMeeting.findById(meetingId, {
    protocol: 1,
    meetingOn: 1,
  }).lean();
  const kept = meeting?.protocol?.[lang];
  if (kept) {
    const locale = { lang, t: services.translator.forLanguage(lang) };
    return {
      bytes: bytesOf(kept),
      fileName: documentFileName('commissionProtocol', { date: meeting.meetingOn }, locale),
    };
  }
  return renderProtocol(services, meetingId, lang);
}

/** A lean read gives stored bytes as a BSON Binary; a hydrated one as a Buffer. */
function bytesOf(stored: unknown): Buffer {
  if (Buffer.isBuffer(stored)) return stored;
  return Buffer.from((stored as { buffer: Uint8Array }).buffer);
}
