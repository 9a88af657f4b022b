import type { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestReview } from '../../scenes/ranking/reviewer.ts';
import { callbacks } from '../../src/bot/callback-data.ts';
import { loadSheet } from '../../src/evaluation/ranking/sheet.ts';
import { periodWords } from '../../src/i18n/format.ts';
import { getMethodology } from '../../src/methodology/index.ts';
import { sendResultNotice } from '../../src/notifications/notices.ts';
import { notifyRankingResults } from '../../src/notifications/results/ranking.ts';
import type { Role } from '../../src/people/models.ts';
import { folded, readPdf } from '../documents/pdf-reader.ts';
import type { SimulatedUser } from '../harness/index.ts';
import { keyPattern, kk, ru, timeOn } from '../support/i18n.ts';
import { rankUser, seedRankingRoster, telegramIdOf } from '../support/ranking-world.ts';
import { forgeTap } from '../support/two-bodies.ts';
import { World } from '../support/world.ts';

const ADMIN_ID = 8200;
let world: World;
const region = getMethodology('almaty-region-maslikhat-2023')!;
const chapter6 = region.methods.scopedKpi!;
const bandOf = (id: string) => region.bands.find((b) => b.id === id)!.label.ru;
const YEAR = periodWords(ru, '2026');
const models = () => world.app.services.models;

// The Commission of the Almaty region maslikhat: chair, three members, the HR secretary, the authorised person.
const EXTRA: { number: string; name: string; roles: Role[] }[] = [
  { number: '5100', name: 'Chair Person', roles: ['employee'] },
  { number: '5101', name: 'Member One', roles: ['employee'] },
  { number: '5102', name: 'Member Two', roles: ['employee'] },
  { number: '5103', name: 'Member Three', roles: ['employee'] },
  { number: '5900', name: 'Secretary Hr', roles: ['employee', 'hr'] },
  // The roster names the authorised person; the composition need not repeat it.
  { number: '5010', name: 'Authorised Akim', roles: ['employee', 'authorised'] },
  { number: '5003', name: 'Second Staff', roles: ['employee'] },
  { number: '5004', name: 'Third Staff', roles: ['employee'] },
];
const user = (number: string) => rankUser(world, number);
const chair = () => user('5100');
const secretary = () => user('5900');
const authorised = () => user('5010');
const EVALUATED: [string, string][] = [
  ['5002', 'Region Staff'],
  ['5003', 'Second Staff'],
  ['5004', 'Third Staff'],
];

async function addPerson(org: string, p: { number: string; name: string; roles: Role[] }) {
  const employee = await models().Employee.create({
    organisationCode: org,
    personnelNumber: p.number,
    fullName: p.name,
    position: 'Chief specialist',
    categoryCode: 'E-4',
    unitCode: org === 'reg' ? 'RDEP' : 'KDEP',
    supervisorNumber: org === 'reg' ? '5001' : null,
    phone: `+7703000${p.number}`,
    appointedOn: '2020-01-01',
    roles: p.roles,
    telegramId: telegramIdOf(p.number),
  });
  await models().Account.updateOne(
    { telegramId: telegramIdOf(p.number) },
    { $set: { employeeId: employee._id, language: 'ru' } },
    { upsert: true },
  );
  return employee;
}

/** A Chapter 6 sheet filled and submitted to the superior: `fulfilled` of 5 KPIs. */
async function submittedSheet(campaignId: Types.ObjectId, number: string, fulfilled: number) {
  const employee = await models().Employee.findOne({ organisationCode: 'reg', personnelNumber: number });
  const evaluator = await models().Employee.findOne({ organisationCode: 'reg', personnelNumber: '5001' });
  const superior = await models().Employee.findOne({ organisationCode: 'reg', personnelNumber: '5000' });
  const sheet = await models().RankingSheet.create({
    campaignId,
    organisationCode: 'reg',
    period: '2026',
    year: 2026,
    employeeId: employee!._id,
    unitCode: 'RDEP',
    kind: 'kpi',
    formId: chapter6.scope.id,
    evaluatorId: evaluator!._id,
    participation: 'full',
    deadline: '2027-01-10',
    status: 'underReview',
    kpis: [1, 2, 3, 4, 5].map((i) => ({ title: `KPI ${i}`, fulfilled: i <= fulfilled })),
    result: { average: null, band: fulfilled === 5 ? 'effective' : 'proper', fulfilledCount: fulfilled },
    submittedAt: world.now(),
    review: { reviewerId: superior!._id, rounds: 0 },
  });
  await requestReview(world.app.services, (await loadSheet(models(), sheet._id))!);
  return sheet;
}

const resultTitle = (name: string) => ru('ranking:result.title', { ...YEAR, name });
const gotResult = (number: string, name: string) =>
  user(number)
    .messages()
    .some((m) => m.text?.startsWith(resultTitle(name)) ?? false);
const caseIdOf = async (number: string) => {
  const employee = await models().Employee.findOne({ personnelNumber: number, organisationCode: 'reg' });
  return String((await models().CommissionCase.findOne({ employeeId: employee!._id }))!._id);
};
const buttonsOf = (m: { reply_markup?: unknown }) =>
  (
    (m.reply_markup as { inline_keyboard?: { text: string; callback_data?: string }[][] })?.inline_keyboard ??
    []
  ).flat();

/** The member's list of the meeting's sheets, from the meeting notice. */
async function openMeeting(member: SimulatedUser) {
  const told = member
    .messages()
    .find((m) => buttonsOf(m).some((b) => b.text === ru('commission:buttons.openMeeting')));
  await member.tapIn(told!, ru('commission:buttons.openMeeting'));
}

async function openCase(member: SimulatedUser, name: string) {
  await openMeeting(member);
  await member.tap(new RegExp(name));
}

beforeAll(async () => {
  world = await new World({ adminIds: [ADMIN_ID] }).start();
  // Monday 11 January 2027, 09:00 in Almaty.
  world.setNow(new Date('2027-01-11T04:00:00Z'));
  await seedRankingRoster(world);
  for (const p of EXTRA) await addPerson('reg', p);
}, 60_000);
afterAll(async () => {
  await world.stop();
});

describe('Chapter 6: the Commission before the employee sees anything', () => {
  it('the superior agrees three sheets; HR is told to pass each within 2 working days', async () => {
    const campaign = await models().RankingCampaign.create({
      organisationCode: 'reg',
      methodologyId: region.id,
      periodKind: 'year',
      period: '2026',
      year: 2026,
      start: '2026-01-01',
      end: '2026-12-31',
      createdBy: ADMIN_ID,
    });
    await submittedSheet(campaign._id, '5002', 5);
    await submittedSheet(campaign._id, '5003', 4);
    await submittedSheet(campaign._id, '5004', 4);
    await world.outboxSettled();
    const superior = user('5000');
    for (const name of ['Region Staff', 'Second Staff', 'Third Staff']) {
      const request = await superior.waitForMessage((m) => m.text?.includes(name) ?? false, { since: 0 });
      await superior.tapIn(request, ru('ranking:buttons.agree'));
    }
    await world.outboxSettled();
    // Monday 11 January + 2 working days: Wednesday 13 January.
    const alert = await secretary().waitForMessage(
      (m) => m.text === ru('commission:hr.agreed', { name: 'Third Staff', passBy: '13.01.2027' }),
      { since: 0 },
    );
    expect(alert).toBeDefined();
    expect(await models().CommissionCase.countDocuments({ state: 'awaitingHr', passBy: '2027-01-13' })).toBe(
      3,
    );
  });

  it('HR records the composition from the order; a non-HR secretary and a missing chair are refused', async () => {
    await secretary().send(
      '/commission_set\nприказ 3 05.01.2027\nчлен 5101\nсекретарь 5900\nуполномоченное лицо 5010',
    );
    expect(secretary().lastMessage()?.text).toBe(ru('commission:set.problems.chairCount'));
    await secretary().send(
      '/commission_set\nпредседатель 5100\nчлен 5101\nсекретарь 5102\nуполномоченное лицо 5010',
    );
    expect(secretary().lastMessage()?.text).toBe(
      ru('commission:set.problems.secretaryNotHr', { number: '5102' }),
    );
    await user('5101').send('/commission_set\nпредседатель 5100');
    expect(user('5101').lastMessage()?.text).toBe(ru('errors.notAllowed'));
    await secretary().send(
      '/commission_set\nприказ 3 05.01.2027\nпредседатель 5100\nчлен 5101\nчлен 5102\nчлен 5103\nсекретарь 5900',
    );
    expect(secretary().lastMessage()?.text).toBe(ru('commission:set.recorded', { count: 5 }));
  });

  it('a day past the last day HR is alerted; a meeting less than 3 working days ahead is refused', async () => {
    await world.dailyTickAt('2027-01-14T04:00:00Z');
    const late = await secretary().waitForMessage(
      (m) => m.text?.startsWith(ru('commission:hr.lateTitle', { count: 3 })) ?? false,
      { since: 0 },
    );
    expect(late.text).toContain(ru('commission:hr.lateLine', { name: 'Region Staff', passBy: '13.01.2027' }));
    // Thursday 14 January: 3 working days ahead is Tuesday 19 January.
    await secretary().send('/commission_pass 15.01.2027');
    expect(secretary().lastMessage()?.text).toBe(
      ru('commission:pass.tooSoon', { days: 3, earliest: '19.01.2027' }),
    );
    await secretary().send('/commission_pass 19.01.2027');
    expect(secretary().lastMessage()?.text).toBe(
      `${ru('commission:pass.done', { count: 3, date: '19.01.2027', noticeOn: '14.01.2027' })}\n${ru('commission:pass.late', { count: 3 })}`,
    );
    await world.outboxSettled();
  });

  it('members are told 3 working days before; voting opens on the meeting day only', async () => {
    const told = ru('commission:member.told', {
      date: '19.01.2027',
      role: ru('commission:roles.member'),
      count: 3,
      ...YEAR,
    });
    await user('5101').waitForMessage((m) => m.text === told, { since: 0 });
    await openCase(user('5101'), 'Region Staff');
    await user('5101').tap(ru('commission:buttons.approve'));
    expect(user('5101').callbackAnswers().at(-1)?.text).toBe(
      ru('commission:vote.notYet', { date: '19.01.2027' }),
    );
    expect(EVALUATED.some(([n, name]) => gotResult(n, name))).toBe(false);
  });

  it('on the day: open votes, once each; the secretary and outsiders cannot vote', async () => {
    world.setNow(new Date('2027-01-19T05:00:00Z'));
    const approve = async (member: SimulatedUser, name: string) => {
      await openCase(member, name);
      await member.tap(ru('commission:buttons.approve'));
      expect(member.callbackAnswers().at(-1)?.text).toBe(ru('commission:vote.recorded'));
    };
    const revise = async (member: SimulatedUser, name: string, to: number) => {
      await openCase(member, name);
      await member.tap(ru('commission:buttons.revise'));
      await member.tap(String(to));
      expect(member.callbackAnswers().at(-1)?.text).toBe(ru('commission:vote.recorded'));
    };
    await approve(chair(), 'Region Staff');
    await approve(user('5101'), 'Region Staff');
    // A second tap on the same case is refused; the vote stays one.
    await chair().tapIn(
      chair()
        .messages()
        .filter((m) => buttonsOf(m).some((b) => b.text === ru('commission:buttons.approve')))
        .at(-1)!,
      ru('commission:buttons.approve'),
    );
    expect(chair().callbackAnswers().at(-1)?.text).toBe(ru('commission:vote.alreadyVoted'));
    const regionStaff = await caseIdOf('5002');
    // The secretary has no vote; someone outside the Commission gets "not allowed".
    await secretary().send('/commission');
    await forgeTap(world, secretary(), callbacks.commission.approve.build({ caseId: regionStaff }));
    expect(secretary().callbackAnswers().at(-1)?.text).toBe(ru('commission:vote.doesNotVote'));
    await user('5001').send('/help');
    await forgeTap(world, user('5001'), callbacks.commission.approve.build({ caseId: regionStaff }));
    expect(user('5001').callbackAnswers().at(-1)?.text).toBe(ru('errors.notAllowed'));
    expect((await models().CommissionCase.findById(regionStaff))?.votes).toHaveLength(2);

    // Two of four voting members so far: the chair's close is refused for want of a quorum (3 needed).
    await chair().tap(ru('commission:buttons.backToList'));
    await chair().tap(ru('commission:buttons.close'));
    expect(chair().lastMessage()?.text).toBe(
      ru('commission:close.noQuorum', { present: 2, needed: 3, total: 4 }),
    );
    expect((await models().CommissionMeeting.findOne())?.state).toBe('scheduled');

    await approve(user('5102'), 'Region Staff');
    await revise(chair(), 'Second Staff', 3);
    await revise(user('5101'), 'Second Staff', 3);
    await approve(user('5102'), 'Second Staff');
    // A tie on the third sheet, 2 : 2: the chair's vote decides.
    await approve(chair(), 'Third Staff');
    await approve(user('5102'), 'Third Staff');
    await revise(user('5101'), 'Third Staff', 3);
    await revise(user('5103'), 'Third Staff', 3);
  });

  it('the secretary closes the vote; nobody but the authorised person approves; only then the employees hear', async () => {
    await openMeeting(secretary());
    await secretary().tap(ru('commission:buttons.close'));
    expect(secretary().lastMessage()?.text).toBe(ru('commission:close.decided', { approved: 2, revised: 1 }));
    const third = await models().CommissionCase.findById(await caseIdOf('5004'));
    expect(third?.decision).toMatchObject({ outcome: 'approve', approve: 2, revise: 2, chairCasting: true });
    const request = await authorised().waitForMessage(
      (m) =>
        m.text?.startsWith(
          ru('commission:authorised.request', {
            date: '19.01.2027',
            count: 3,
            approved: 2,
            revised: 1,
            ...YEAR,
          }),
        ) ?? false,
      { since: 0 },
    );
    await world.outboxSettled();
    // HR finalising the year meanwhile sends no Chapter 6 result either.
    const campaign = await models().RankingCampaign.findOne({ organisationCode: 'reg' });
    expect(await notifyRankingResults(world.app.services, String(campaign!._id))).toBe(0);
    await world.outboxSettled();
    expect(EVALUATED.some(([n, name]) => gotResult(n, name))).toBe(false);
    expect(await models().Notice.countDocuments({ organisationCode: 'reg' })).toBe(0);

    // The chair presses the approval button's data: refused, nothing released.
    const approveData = buttonsOf(request).find((b) => b.text === ru('commission:buttons.approveResults'))!
      .callback_data!;
    await forgeTap(world, chair(), approveData);
    expect(chair().callbackAnswers().at(-1)?.text).toBe(ru('errors.notAllowed'));
    expect((await models().CommissionMeeting.findOne())?.state).toBe('decided');

    await authorised().tapIn(request, ru('commission:buttons.approveResults'));
    expect(authorised().lastMessage()?.text).toBe(
      ru('commission:approve.done', { date: '19.01.2027', count: 3 }),
    );
    await authorised().tapIn(request, ru('commission:buttons.approveResults'));
    expect(authorised().callbackAnswers().at(-1)?.text).toBe(ru('commission:approve.already'));
    await world.outboxSettled();
  });

  it('each employee gets one notice: the Commission column and the agency appeal with its last day, no calibration', async () => {
    // 19 January 2027 + 10 working days: Tuesday 2 February.
    const appeal = ru('commission:notice.agencyAppeal', {
      days: 10,
      decidedOn: '19.01.2027',
      until: '02.02.2027',
    });
    const first = await user('5002').waitForMessage(
      (m) => m.text?.startsWith(resultTitle('Region Staff')) ?? false,
      { since: 0 },
    );
    expect(first.text).toContain(ru('commission:notice.approved'));
    expect(first.text).toContain(appeal);
    expect(first.text).toContain(ru('commission:notice.courts'));
    expect(buttonsOf(first).map((b) => b.text)).toEqual([ru('notices:ackButton')]);
    const second = await user('5003').waitForMessage(
      (m) => m.text?.startsWith(resultTitle('Second Staff')) ?? false,
      { since: 0 },
    );
    expect(second.text).toContain(
      ru('commission:notice.revised', { fulfilled: 3, total: 5, band: bandOf('satisfactory') }),
    );
    expect(second.text).toContain(ru('commission:notice.approvedBy', { date: '19.01.2027' }));
    await user('5003').tapIn(second, ru('notices:ackButton'));
    expect(user('5003').lastMessage()?.text).toMatch(
      keyPattern(ru, 'notices:ack.doneNoCalibration', {}, { time: timeOn('19.01.2027') }),
    );
    expect(buttonsOf(user('5003').lastMessage()!)).toEqual([]);
  });

  it('HR gets the protocol in the chat, in Kazakh and Russian: names, votes and dates', async () => {
    const alert = await secretary().waitForMessage((m) => m.text?.startsWith('✅') ?? false, { since: 0 });
    expect(alert.text).toBe(
      ru('commission:hr.approved', {
        date: '19.01.2027',
        approvedOn: '19.01.2027',
        count: 3,
        approved: 2,
        revised: 1,
      }),
    );
    await secretary().tapIn(alert, ru('commission:buttons.protocol'));
    const documents = secretary()
      .messages()
      .filter((m) => m.document)
      .slice(-2);
    expect(documents).toHaveLength(2);
    for (const [index, t] of [kk, ru].entries()) {
      const text = folded((await readPdf(documents[index]!.document!.bytes!)).text);
      for (const name of [
        'Chair Person',
        'Member One',
        'Member Two',
        'Member Three',
        'Secretary Hr',
        'Region Staff',
        'Second Staff',
        'Third Staff',
        'Authorised Akim',
      ])
        expect(text).toContain(name);
      expect(text).toContain('19.01.2027');
      expect(text).toContain(t('documents:commission.attendanceCount', { present: 4, total: 4 }));
      expect(text).toContain(folded(t('documents:commission.voteTally', { approve: 3, revise: 0 })));
      expect(text).toContain(folded(t('documents:commission.voteTally', { approve: 1, revise: 2 })));
      expect(text).toContain(t('documents:commission.casting'));
      expect(text).toContain(t('documents:commission.decisions.revise'));
      // The corrected band, wrapped inside its table cell.
      const band = region.bands.find((b) => b.id === 'satisfactory')!.label[index === 0 ? 'kk' : 'ru'];
      expect(text.replace(/\s/g, '')).toContain(band.replace(/\s/g, ''));
    }
    const kept = await models().CommissionMeeting.findOne().lean();
    expect(kept?.protocol?.kk).toBeTruthy();
    expect(kept?.protocol?.ru).toBeTruthy();
  });
});

describe('Kentau: a Commission of at least 5, no calibration session, another channel after a refusal', () => {
  const HR = '6900';
  beforeAll(async () => {
    await models().Organisation.create({
      code: 'ken',
      name: 'ken',
      methodologyId: 'kentau-city-maslikhat-2018',
    });
    await models().Unit.create({ organisationCode: 'ken', code: 'KDEP', name: 'Apparatus' });
    const kentau: { number: string; name: string; roles: Role[] }[] = [
      { number: '6000', name: 'Kentau One', roles: ['employee'] },
      { number: '6001', name: 'Kentau Two', roles: ['employee'] },
      { number: '6002', name: 'Kentau Three', roles: ['employee'] },
      { number: '6003', name: 'Kentau Four', roles: ['employee'] },
      { number: '6004', name: 'Kentau Five', roles: ['employee'] },
      { number: HR, name: 'Kentau Hr', roles: ['employee', 'hr'] },
    ];
    for (const p of kentau) await addPerson('ken', p);
  });

  it('a Commission of four is refused, of five recorded; the open rules are shown with who sets them', async () => {
    const hr = user(HR);
    await hr.send('/commission_set\nтөраға 6000\nмүше 6001\nмүше 6002\nмүше 6003');
    expect(hr.lastMessage()?.text).toBe(ru('commission:set.problems.tooFew', { min: 5, count: 4 }));
    await hr.send('/commission_set\nтөраға 6000\nмүше 6001\nмүше 6002\nмүше 6003\nмүше 6004');
    expect(hr.lastMessage()?.text).toBe(ru('commission:set.recorded', { count: 5 }));
    await hr.send('/commission');
    const text = hr.lastMessage()?.text ?? '';
    expect(text).toContain(ru('commission:hr.minMembers', { count: 5 }));
    expect(text).toContain(
      ru('commission:hr.notSet', {
        rule: ru('commission:rules.quorum'),
        setBy: ru('methodology:setBy.organisation'),
      }),
    );
  });

  it('the result offers no calibration session; after a refusal HR records the intranet delivery and its day', async () => {
    const employee = await models().Employee.findOne({ organisationCode: 'ken', personnelNumber: '6001' });
    await sendResultNotice(world.app.services, {
      kind: 'result360',
      campaignId: 'ken-2027',
      employeeId: employee!._id,
      methodologyId: 'kentau-city-maslikhat-2018',
      render: (t) => ({ text: `${t('notices:kinds.result360')}: 4,10` }),
    });
    const two = user('6001');
    const notice = await two.waitForMessage(
      (m) => m.text?.startsWith(ru('notices:kinds.result360')) ?? false,
      { since: 0 },
    );
    expect(buttonsOf(notice).map((b) => b.text)).toEqual([
      ru('notices:ackButton'),
      ru('notices:refuseButton'),
    ]);
    await two.tapIn(notice, ru('notices:refuseButton'));
    // HR's alert about the refusal comes first, so the replies below are the latest messages.
    await world.outboxSettled();
    const stored = await models().Notice.findOne({ employeeId: employee!._id });
    const noticeId = String(stored!._id);
    const hr = user(HR);
    await hr.send(`/refusal ${noticeId} Witness One; Witness Two`);
    expect(hr.lastMessage()?.caption).toBe(ru('results:refusalAct.caption'));
    await hr.send(`/delivered ${noticeId} 20.01.2027`);
    expect(hr.lastMessage()?.text).toBe(ru('commission:delivered.future'));
    await hr.send(`/delivered ${noticeId} 19.01.2027`);
    const choose = hr.lastMessage()!;
    expect(choose.text).toBe(ru('commission:delivered.choose', { date: '19.01.2027' }));
    expect(buttonsOf(choose).map((b) => b.text)).toEqual([
      ru('commission:channels.intranet'),
      ru('commission:channels.hrDatabase'),
      ru('commission:channels.documentFlow'),
    ]);
    await hr.tapIn(choose, ru('commission:channels.intranet'));
    const replies = hr.messages().slice(-3);
    expect(replies[0]?.text).toBe(
      ru('commission:delivered.recorded', {
        channel: ru('commission:channels.intranet'),
        date: '19.01.2027',
      }),
    );
    // The act, filed again in both languages, now says how and when the result went out.
    for (const [index, t] of [kk, ru].entries()) {
      const act = folded((await readPdf(replies[index + 1]!.document!.bytes!)).text);
      expect(act).toContain('Kentau Two');
      expect(act).toContain(
        folded(
          t('documents:refusal.sentVia', {
            channel: t('documents:refusal.channels.intranet'),
            date: '19.01.2027',
          }),
        ),
      );
    }
    await hr.tapIn(choose, ru('commission:channels.documentFlow'));
    expect(hr.lastMessage()?.text).toBe(
      ru('commission:delivered.already', { channel: ru('commission:channels.intranet'), date: '19.01.2027' }),
    );
    const delivery = await models().OtherChannelDelivery.findOne({ noticeId: stored!._id }).lean();
    expect(delivery).toMatchObject({ channel: 'intranet', deliveredOn: '2027-01-19' });
    // Another body's HR cannot record on this notice.
    await user('5900').send(`/delivered ${noticeId} 19.01.2027`);
    expect(user('5900').lastMessage()?.text).toBe(ru('errors.notAllowed'));
  });
});
