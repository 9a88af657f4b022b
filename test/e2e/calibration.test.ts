import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbacks } from '../../src/bot/callback-data.ts';
import { mayView, sheetDocument } from '../../src/evaluation/confidentiality.ts';
import { getMethodology } from '../../src/methodology/index.ts';
import { notifyRankingResults } from '../../src/notifications/results/ranking.ts';
import { actorOfEmployee } from '../../src/people/access.ts';
import { writeRoster } from '../../src/people/roster/import.ts';
import { folded, readPdf } from '../documents/pdf-reader.ts';
import type { ChatMessage, SimulatedUser } from '../harness/index.ts';
import { keyPattern, kk, ru, timeOn } from '../support/i18n.ts';
import { forgeTap } from '../support/two-bodies.ts';
import { World } from '../support/world.ts';

const ALMATY = { code: 'calib-akimat', methodologyId: 'almaty-city-akimat-2023', form: 'staff' };
const JUSTICE = { code: 'calib-justice', methodologyId: 'justice-2026', form: 'non-leadership' };

interface Person {
  number: string;
  name: string;
  org: typeof ALMATY;
  isHead?: boolean;
  supervisor?: string;
  role?: 'hr' | 'hrHead' | 'authorised';
}

const PEOPLE: Person[] = [
  { number: '2001', name: 'Head Evaluator', org: ALMATY, isHead: true },
  { number: '2002', name: 'Staff Up', org: ALMATY, supervisor: '2001' },
  { number: '2003', name: 'Staff Keep', org: ALMATY, supervisor: '2001' },
  { number: '2004', name: 'Staff Refused', org: ALMATY, supervisor: '2001' },
  { number: '2005', name: 'Staff Late', org: ALMATY, supervisor: '2001' },
  { number: '2006', name: 'Member One', org: ALMATY },
  { number: '2007', name: 'Member Two', org: ALMATY },
  { number: '2008', name: 'Member Three', org: ALMATY },
  { number: '2009', name: 'Deputy Akim', org: ALMATY, role: 'authorised' },
  { number: '2010', name: 'Outsider Person', org: ALMATY },
  { number: '2011', name: 'Almaty Officer', org: ALMATY, role: 'hr' },
  { number: '3001', name: 'Justice Evaluator', org: JUSTICE, isHead: true },
  { number: '3002', name: 'Justice Staff', org: JUSTICE, supervisor: '3001' },
  { number: '3003', name: 'Justice Other Evaluator', org: JUSTICE, isHead: true },
  { number: '3004', name: 'Justice Quiet', org: JUSTICE, supervisor: '3003' },
  { number: '3005', name: 'Justice HR Head', org: JUSTICE, role: 'hrHead' },
  { number: '3006', name: 'Justice Member', org: JUSTICE },
  { number: '3007', name: 'Justice Second Member', org: JUSTICE },
  { number: '3009', name: 'Justice Authorised', org: JUSTICE, role: 'authorised' },
  { number: '3011', name: 'Justice Officer', org: JUSTICE, role: 'hr' },
];
const SCORES = { quality: 4, deadlines: 3, independence: 4, discipline: 3, 'no-sanctions': 4 };

let world: World;
const tg = (number: string) => 90_000 + Number(number);
const users = new Map<string, SimulatedUser>();
const user = (number: string) => users.get(number)!;
const texts = (number: string) =>
  user(number)
    .messages()
    .map((m) => m.text ?? m.caption ?? '');
const idOf = async (number: string) =>
  (await world.app.services.models.Employee.findOne({ personnelNumber: number }))!._id;
const buttonsOf = (m: ChatMessage) =>
  (
    (m.reply_markup as { inline_keyboard?: { text: string; callback_data?: string }[][] })?.inline_keyboard ??
    []
  ).flat();
/** The latest message of the user that starts with the text of a key (the case's title names the employee). */
const messageWith = (number: string, text: string) =>
  user(number)
    .messages()
    .filter((m) => (m.text ?? '').includes(text))
    .at(-1)!;
const caseOf = async (number: string) =>
  (await world.app.services.models.CalibrationCase.findOne({ employeeId: await idOf(number) }).lean())!;
const at = (iso: string) => world.setNow(new Date(iso));
/** Whether the roster person may see the disputed sheet of `appellant`'s case, by the one access function. */
async function seesSheet(number: string, appellant: string) {
  const { models } = world.app.services;
  const sheet = await models.RankingSheet.findById((await caseOf(appellant)).sheetId);
  const employee = (await models.Employee.findOne({ personnelNumber: number }).lean())!;
  return mayView(actorOfEmployee(employee), await sheetDocument(models, sheet!, ALMATY.methodologyId));
}
const band = (id: string) => getMethodology(ALMATY.methodologyId)!.bands.find((b) => b.id === id)!.label.kk;

async function seed(): Promise<void> {
  const { models } = world.app.services;
  const orgs = [ALMATY, JUSTICE];
  await writeRoster(models, {
    organisations: orgs.map((o) => ({ code: o.code, name: o.code, methodologyId: o.methodologyId })),
    units: orgs.map((o) => ({ organisationCode: o.code, code: 'U1', name: 'Department', parentCode: null })),
    rows: PEOPLE.map((p, index) => ({
      row: index + 2,
      organisationCode: p.org.code,
      personnelNumber: p.number,
      fullName: p.name,
      position: p.isHead ? 'Head of department' : 'Chief specialist',
      categoryCode: p.isHead ? 'E-2' : 'E-4',
      unitCode: 'U1',
      isHead: p.isHead ?? false,
      supervisorNumber: p.supervisor ?? null,
      phone: `+7701100${p.number}`,
      language: 'kk',
      status: 'active',
      appointedOn: '2020-01-01',
      roles: p.role ? ['employee', p.role] : ['employee'],
    })),
  });
  for (const p of PEOPLE) {
    const employee = await models.Employee.findOneAndUpdate(
      { personnelNumber: p.number },
      { $set: { telegramId: tg(p.number) } },
      { returnDocument: 'after' },
    );
    await models.Account.updateOne(
      { telegramId: tg(p.number) },
      { $set: { employeeId: employee!._id, language: 'kk' } },
      { upsert: true },
    );
    users.set(p.number, world.api.user({ id: tg(p.number), firstName: p.name }));
  }
  // A closed Q3 campaign per body with a submitted ranking sheet for each evaluated employee.
  for (const org of orgs) {
    const campaign = await models.RankingCampaign.create({
      organisationCode: org.code,
      methodologyId: org.methodologyId,
      periodKind: 'quarter',
      period: '2026-Q3',
      year: 2026,
      start: '2026-07-01',
      end: '2026-09-30',
      state: 'closed',
      createdBy: 1,
    });
    const evaluated = PEOPLE.filter((p) => p.org === org && p.supervisor);
    const form = getMethodology(org.methodologyId)!.methods.ranking!.forms.find((f) => f.id === org.form)!;
    for (const p of evaluated)
      await models.RankingSheet.create({
        campaignId: campaign._id,
        organisationCode: org.code,
        period: '2026-Q3',
        year: 2026,
        employeeId: await idOf(p.number),
        unitCode: 'U1',
        kind: 'ranking',
        formId: org.form,
        evaluatorId: await idOf(p.supervisor!),
        participation: 'full',
        status: 'submitted',
        step: form.parameters.length * 2,
        scores: Object.fromEntries(
          form.parameters.map((q) => [q.id, SCORES[q.id as keyof typeof SCORES] ?? 4]),
        ),
        justifications: Object.fromEntries(form.parameters.map((q) => [q.id, `Comment on ${q.id}`])),
        sanction: 'none',
        result: { average: 3.6, band: 'proper' },
        submittedAt: new Date('2026-10-10T05:00:00Z'),
      });
    await notifyRankingResults(world.app.services, String(campaign._id));
  }
  await world.outboxSettled();
}

/** The employee acknowledges the quarter notice, then files a statement through "I disagree". */
async function fileStatement(number: string, statement: string): Promise<void> {
  const employee = user(number);
  if (!employee.messages().some((m) => buttonsOf(m).some((b) => b.text === kk('notices:appealButton')))) {
    const notice = employee
      .messages()
      .find((m) => buttonsOf(m).some((b) => b.text === kk('notices:ackButton')))!;
    await employee.tapIn(notice, kk('notices:ackButton'));
  }
  await employee.tap(kk('notices:appealButton'));
  await employee.send(statement);
  await employee.tap(kk('notices:appeal.submitButton'));
  await world.outboxSettled();
}

/** The authorised person holds a session on the case of `number`: members typed, the date typed, confirmed. */
async function holdSession(number: string, members: string, date: string): Promise<void> {
  const deputy = user('2009');
  const name = PEOPLE.find((p) => p.number === number)!.name;
  await deputy.tapIn(
    messageWith('2009', kk('calibration:case.title', { name })),
    kk('calibration:decide.holdButton'),
  );
  await deputy.send(members);
  await deputy.send(date);
  await deputy.tap(kk('calibration:decide.confirmButton'));
  await world.outboxSettled();
}

/** A member votes from the invitation: keep, or up/down with the typed score. */
async function vote(number: string, appellant: string, choice: 'keep' | 'up' | 'down', score?: string) {
  const member = user(number);
  const name = PEOPLE.find((p) => p.number === appellant)!.name;
  const invitation = messageWith(number, kk('calibration:case.title', { name }));
  await member.tapIn(invitation, kk(`calibration:vote.buttons.${choice}`));
  if (score) await member.send(score);
  await world.outboxSettled();
}

beforeAll(async () => {
  world = await new World().start();
  // Monday 7 December 2026, 09:00 in Almaty: the quarter notices go out.
  at('2026-12-07T04:00:00Z');
  await seed();
}, 120_000);
afterAll(async () => {
  await world.stop();
});

// One timeline, in order (the clock only moves forward): notices on Monday 7 December 2026, applications
// on the 8th, sessions on the 15th and 17th, the daily job's reminders and alerts in between.
describe('Almaty city: the application reaches the authorised person, who decides', () => {
  it('filed on Tuesday 8 December: routed to the authorised person with the case, and to HR', async () => {
    at('2026-12-08T05:00:00Z');
    for (const number of ['2002', '2003', '2004']) await fileStatement(number, `Statement of ${number}`);
    const deputy = texts('2009');
    for (const name of ['Staff Up', 'Staff Keep', 'Staff Refused']) {
      const request = deputy.find((t) => t.startsWith(kk('calibration:case.title', { name })))!;
      // The case: the disputed score with its band, the evaluator, the sheet with the evaluator's comments.
      expect(request).toContain(kk('calibration:case.result', { score: '3,60', band: band('proper') }));
      expect(request).toContain(kk('calibration:case.evaluator', { name: 'Head Evaluator' }));
      expect(request).toContain('Comment on quality');
      // 3 working days for the decision, 10 for the session (16 December is a holiday).
      expect(request).toContain(
        kk('calibration:decide.request', { decisionBy: '11.12.2026', sessionBy: '23.12.2026' }),
      );
    }
    const caseId = String((await caseOf('2002'))._id);
    expect(buttonsOf(messageWith('2009', 'Staff Up')).map((b) => b.callback_data)).toEqual(
      expect.arrayContaining([
        callbacks.calibration.hold.build({ caseId }),
        callbacks.calibration.refuse.build({ caseId }),
      ]),
    );
    expect(texts('2011').some((t) => t.includes('Statement of 2002'))).toBe(true);
    expect(await caseOf('2002')).toMatchObject({
      state: 'awaitingDecision',
      score: 3.6,
      band: 'proper',
      filedOn: '2026-12-08',
      decisionBy: '2026-12-11',
      sessionBy: '2026-12-23',
    });
  });

  it('only the authorised person decides: anyone else tapping "hold" is refused', async () => {
    const caseId = String((await caseOf('2002'))._id);
    await user('2010').send('/start');
    await forgeTap(world, user('2010'), callbacks.calibration.hold.build({ caseId }));
    expect(user('2010').callbackAnswers().at(-1)?.text).toBe(
      kk('calibration:decide.refusedBecause.notAllowed'),
    );
    expect((await caseOf('2002')).state).toBe('awaitingDecision');
  });

  it('the authorised person refuses with a typed reason: the employee and HR are told', async () => {
    const deputy = user('2009');
    await deputy.tapIn(
      messageWith('2009', kk('calibration:case.title', { name: 'Staff Refused' })),
      kk('calibration:decide.refuseButton'),
    );
    expect(deputy.lastMessage()?.text).toBe(kk('calibration:decide.askReason'));
    await deputy.send('The statement gives no grounds.');
    expect(deputy.lastMessage()?.text).toBe(kk('calibration:decide.refused'));
    await world.outboxSettled();
    expect(texts('2004')).toContain(
      kk('calibration:employee.refused', { reason: 'The statement gives no grounds.', date: '08.12.2026' }),
    );
    expect(texts('2011')).toContain(
      kk('calibration:hr.refused', {
        name: 'Staff Refused',
        authorised: 'Deputy Akim',
        reason: 'The statement gives no grounds.',
      }),
    );
    expect((await caseOf('2004')).state).toBe('refused');
    // A refused case takes no further decision.
    await deputy.tapIn(
      messageWith('2009', kk('calibration:case.title', { name: 'Staff Refused' })),
      kk('calibration:decide.holdButton'),
    );
    expect(deputy.callbackAnswers().at(-1)?.text).toBe(
      kk('calibration:decide.refusedBecause.alreadyDecided'),
    );
  });

  it('members: odd, at least 3, never the employee or the evaluator; a working-day date within the term', async () => {
    const deputy = user('2009');
    await deputy.tapIn(
      messageWith('2009', kk('calibration:case.title', { name: 'Staff Up' })),
      kk('calibration:decide.holdButton'),
    );
    expect(deputy.lastMessage()?.text).toBe(kk('calibration:decide.askMembers', { min: 3 }));
    await deputy.send('2006 2007 2001');
    expect(deputy.lastMessage()?.text).toBe(kk('calibration:decide.members.excluded'));
    await deputy.send('2006 2002 2007');
    expect(deputy.lastMessage()?.text).toBe(kk('calibration:decide.members.excluded'));
    await deputy.send('2006 2007');
    expect(deputy.lastMessage()?.text).toBe(kk('calibration:decide.members.tooFew', { min: 3, size: 2 }));
    await deputy.send('2006 2007 2008 2010');
    expect(deputy.lastMessage()?.text).toBe(kk('calibration:decide.members.even', { size: 4 }));
    await deputy.send('2006, 2007, 9999');
    expect(deputy.lastMessage()?.text).toBe(kk('calibration:decide.members.unknown', { numbers: '9999' }));
    await deputy.send('2006, 2007, 2008');
    expect(deputy.lastMessage()?.text).toBe(
      kk('calibration:decide.askDate', {
        size: 3,
        members: 'Member One; Member Two; Member Three',
        sessionBy: '23.12.2026',
      }),
    );
    await deputy.send('24.12.2026');
    expect(deputy.lastMessage()?.text).toBe(kk('calibration:decide.date.late', { sessionBy: '23.12.2026' }));
    await deputy.send('19.12.2026');
    expect(deputy.lastMessage()?.text).toBe(
      kk('calibration:decide.date.dayOff', { sessionBy: '23.12.2026' }),
    );
    await deputy.send('15.12.2026');
    expect(deputy.lastMessage()?.text).toBe(kk('calibration:decide.confirm', { date: '15.12.2026' }));
    await deputy.tap(kk('calibration:decide.confirmButton'));
    expect(deputy.lastMessage()?.text).toBe(
      kk('calibration:decide.scheduled', { date: '15.12.2026', size: 3 }),
    );
    await world.outboxSettled();
    const c = await caseOf('2002');
    expect(c).toMatchObject({ state: 'scheduled', sessionOn: '2026-12-15', decidedOn: '2026-12-08' });
    expect(c.members.map((m) => m.role)).toEqual(['member', 'member', 'member']);
    // The second case, for the session that keeps the score.
    await holdSession('2003', '2006 2007 2008', '17.12.2026');
    expect((await caseOf('2003')).state).toBe('scheduled');
  });

  it('members are told and see the case; the employee and the evaluator argue in writing', async () => {
    for (const number of ['2006', '2007', '2008']) {
      const invitation = messageWith(number, 'Statement of 2002');
      expect(invitation.text).toContain(kk('calibration:member.invited', { date: '15.12.2026' }));
      expect(invitation.text).toContain('Comment on deadlines');
      expect(buttonsOf(invitation).map((b) => b.text)).toEqual(
        expect.arrayContaining([
          kk('calibration:vote.buttons.keep'),
          kk('calibration:vote.buttons.up'),
          kk('calibration:vote.buttons.down'),
        ]),
      );
    }
    expect(texts('2002')).toContain(kk('calibration:employee.scheduled', { date: '15.12.2026', size: 3 }));
    // While the case runs its members see the sheet; someone outside it does not.
    expect(await seesSheet('2006', '2002')).toEqual({ allowed: true, as: 'caseMember' });
    expect(await seesSheet('2010', '2002')).toEqual({ allowed: false });
    expect(texts('2011')).toContain(
      [
        kk('calibration:hr.scheduled', { name: 'Staff Up', date: '15.12.2026', size: 3 }),
        ...['Member One', 'Member Two', 'Member Three'].map((name) =>
          kk('calibration:hr.memberLine', { name }),
        ),
      ].join('\n'),
    );
    const staff = user('2002');
    await staff.tapIn(
      messageWith('2002', kk('calibration:employee.scheduled', { date: '15.12.2026', size: 3 })),
      kk('calibration:argument.button'),
    );
    await staff.send('All tasks were done on time.');
    expect(staff.lastMessage()?.text).toBe(kk('calibration:argument.saved'));
    const head = user('2001');
    await head.tapIn(
      messageWith('2001', kk('calibration:evaluator.scheduled', { name: 'Staff Up', date: '15.12.2026' })),
      kk('calibration:argument.button'),
    );
    await head.send('Two tasks were late.');
    expect((await caseOf('2002')).arguments).toEqual({
      employee: 'All tasks were done on time.',
      evaluator: 'Two tasks were late.',
    });
  });

  it('before the session day a vote is refused', async () => {
    await user('2006').tapIn(messageWith('2006', 'Statement of 2002'), kk('calibration:vote.buttons.keep'));
    expect(user('2006').callbackAnswers().at(-1)?.text).toBe(
      kk('calibration:vote.problems.beforeSession', { date: '15.12.2026' }),
    );
    expect((await caseOf('2002')).members.every((m) => m.vote === null)).toBe(true);
  });
});

describe('Justice: the evaluators and the HR head sit on the session', () => {
  it("included by the methodology, never the appellant's evaluator; the authorised person completes an odd number", async () => {
    await fileStatement('3002', 'Statement of 3002');
    const authorised = user('3009');
    await authorised.tapIn(
      messageWith('3009', kk('calibration:case.title', { name: 'Justice Staff' })),
      kk('calibration:decide.holdButton'),
    );
    expect(authorised.lastMessage()?.text).toBe(kk('calibration:decide.askMembersWithIncluded', { min: 3 }));
    await authorised.send('3001 3006');
    expect(authorised.lastMessage()?.text).toBe(kk('calibration:decide.members.excluded'));
    await authorised.send('3006 3007');
    expect(authorised.lastMessage()?.text).toBe(kk('calibration:decide.members.even', { size: 4 }));
    await authorised.send('3006');
    expect(authorised.lastMessage()?.text).toBe(
      kk('calibration:decide.askDate', {
        size: 3,
        members: 'Justice Other Evaluator; Justice HR Head; Justice Member',
        sessionBy: '23.12.2026',
      }),
    );
    await authorised.send('23.12.2026');
    await authorised.tap(kk('calibration:decide.confirmButton'));
    await world.outboxSettled();
    const c = await caseOf('3002');
    expect(c.state).toBe('scheduled');
    expect(c.members.map((m) => m.role)).toEqual(['evaluator', 'hrHead', 'member']);
    for (const number of ['3003', '3005', '3006'])
      expect(messageWith(number, 'Statement of 3002')?.text).toContain(
        kk('calibration:member.invited', { date: '23.12.2026' }),
      );
    expect(
      texts('3001').some((t) => t.includes(kk('calibration:member.invited', { date: '23.12.2026' }))),
    ).toBe(false);
  });
});

describe('delivery and the decision term', () => {
  it('a late tap does not move the application deadline: delivered on the 7th, tapped on the 11th → 14 December', async () => {
    at('2026-12-11T05:00:00Z');
    const late = user('2005');
    const notice = late.messages().find((m) => buttonsOf(m).some((b) => b.text === kk('notices:ackButton')))!;
    await late.tapIn(notice, kk('notices:ackButton'));
    expect(late.lastMessage()?.text).toMatch(
      keyPattern(kk, 'notices:ack.done', { until: '14.12.2026' }, { time: timeOn('11.12.2026') }),
    );
    const stored = await world.app.services.models.Notice.findOne({ employeeId: await idOf('2005') }).lean();
    expect(stored?.appealUntil).toBe('2026-12-14');
    await fileStatement('2005', 'Statement of 2005');
    expect((await caseOf('2005')).decisionBy).toBe('2026-12-17');
  });

  it('the authorised person is reminded the working day before the decision term ends', async () => {
    const reminder = kk('calibration:decide.reminder', { name: 'Staff Late', date: '17.12.2026' });
    await world.dailyTickAt('2026-12-14T04:00:00Z');
    expect(texts('2009')).not.toContain(reminder);
    await world.dailyTickAt('2026-12-15T04:00:00Z');
    expect(texts('2009')).toContain(reminder);
  });
});

describe('Almaty city: the sessions vote', () => {
  it('a forged vote by a non-member (or by the evaluator) is refused', async () => {
    const caseId = String((await caseOf('2002'))._id);
    await forgeTap(world, user('2010'), callbacks.calibration.vote.build({ caseId, vote: 'up' }));
    expect(user('2010').callbackAnswers().at(-1)?.text).toBe(kk('calibration:vote.problems.notMember'));
    await forgeTap(world, user('2001'), callbacks.calibration.vote.build({ caseId, vote: 'keep' }));
    expect(user('2001').callbackAnswers().at(-1)?.text).toBe(kk('calibration:vote.problems.notMember'));
    expect((await caseOf('2002')).members.every((m) => m.vote === null)).toBe(true);
  });

  it('up 4,20, up 4,50, keep → corrected to 4,20 with its band; each member votes once', async () => {
    await vote('2006', '2002', 'up', '3,5');
    expect(user('2006').lastMessage()?.text).toBe(
      kk('calibration:vote.wrongDirection.up', { score: '3,60' }),
    );
    await user('2006').send('4,2');
    expect(user('2006').lastMessage()?.text).toBe(kk('calibration:vote.recorded'));
    // A second tap counts nothing, and arguments are closed once voting has begun.
    await user('2006').tapIn(messageWith('2006', 'Statement of 2002'), kk('calibration:vote.buttons.keep'));
    expect(user('2006').callbackAnswers().at(-1)?.text).toBe(kk('calibration:vote.problems.alreadyVoted'));
    await user('2002').tapIn(
      messageWith('2002', kk('calibration:employee.scheduled', { date: '15.12.2026', size: 3 })),
      kk('calibration:argument.button'),
    );
    expect(user('2002').callbackAnswers().at(-1)?.text).toBe(kk('calibration:argument.closed'));
    await vote('2007', '2002', 'up', '4,5');
    await vote('2008', '2002', 'keep');
    expect(texts('2008')).toContain(kk('calibration:vote.decided'));
    const c = await caseOf('2002');
    expect(c.state).toBe('decided');
    expect(c.outcome).toMatchObject({ result: 'corrected', score: 4.2, band: 'effective', on: '2026-12-15' });
    expect(c.members.map((m) => [m.vote, m.score])).toEqual([
      ['up', 4.2],
      ['up', 4.5],
      ['keep', null],
    ]);
  });

  it('the result is a new registered notice with the band; acknowledging it offers no second session', async () => {
    const notice = messageWith('2002', kk('calibration:result.title', { date: '15.12.2026' }));
    expect(notice.text).toContain(
      kk('calibration:result.corrected', { from: '3,60', score: '4,20', band: band('effective') }),
    );
    expect(notice.text).toContain(kk('calibration:result.furtherAppeal'));
    await user('2002').tapIn(notice, kk('notices:ackButton'));
    expect(user('2002').lastMessage()?.text).toMatch(
      keyPattern(kk, 'notices:ack.doneNoCalibration', {}, { time: timeOn('15.12.2026') }),
    );
    const stored = await world.app.services.models.Notice.findOne({ kind: 'calibrationResult' }).lean();
    expect(stored?.acknowledgedAt).toBeInstanceOf(Date);
    expect(stored?.appealUntil).toBeNull();
  });

  it('the protocol goes to HR in both languages: names, votes, dates, and the filing term', async () => {
    const officer = user('2011');
    const message = messageWith(
      '2011',
      kk('calibration:hr.decidedCorrected', {
        name: 'Staff Up',
        from: '3,60',
        score: '4,20',
        band: band('effective'),
      }),
    );
    // Signed on Tuesday 15 December: 3 working days (16 December is a holiday) → Monday 21 December.
    expect(message.text).toContain(kk('calibration:hr.fileBy', { date: '21.12.2026' }));
    await officer.tapIn(message, kk('calibration:protocol.downloadButton'));
    const documents = officer.messages().filter((m) => m.document);
    expect(documents.map((m) => m.document?.file_name)).toEqual([
      `${kk('calibration:protocol.fileName', { name: 'Staff Up' })}.pdf`,
      `${ru('calibration:protocol.fileName', { name: 'Staff Up' })}.pdf`,
    ]);
    for (const [index, t] of [kk, ru].entries()) {
      const text = folded((await readPdf(documents[index]!.document!.bytes!)).text);
      for (const name of [
        'Staff Up',
        'Head Evaluator',
        'Member One',
        'Member Two',
        'Member Three',
        'Deputy Akim',
      ])
        expect(text).toContain(name);
      expect(text).toContain(t('documents:calibration.tally', { keep: 1, up: 2, down: 0 }));
      expect(text).toContain(t('documents:calibration.votes.up'));
      expect(text).toContain(t('documents:calibration.votes.keep'));
      expect(text).toContain('4,50');
      expect(text).toContain('All tasks were done on time.');
      expect(text).toContain('Two tasks were late.');
      // Session, application, decision and filing dates.
      for (const date of ['15.12.2026', '08.12.2026', '21.12.2026']) expect(text).toContain(date);
    }
    const c = await caseOf('2002');
    expect(c.protocol?.fileBy).toBe('2026-12-21');
    // Decided: the members' view of the sheet ended with the case.
    expect(await seesSheet('2006', '2002')).toEqual({ allowed: false });
    // Someone not in HR cannot download it.
    await forgeTap(world, user('2010'), callbacks.calibration.protocol.build({ caseId: String(c._id) }));
    expect(
      user('2010')
        .messages()
        .some((m) => m.document),
    ).toBe(false);
  });

  it('keep, down 3,20, keep → kept at 3,60', async () => {
    await world.dailyTickAt('2026-12-17T04:00:00Z');
    await vote('2006', '2003', 'keep');
    await vote('2007', '2003', 'down', '3,2');
    await vote('2008', '2003', 'keep');
    expect((await caseOf('2003')).outcome).toMatchObject({ result: 'kept', score: 3.6, band: 'proper' });
    const notice = messageWith('2003', kk('calibration:result.title', { date: '17.12.2026' }));
    expect(notice.text).toContain(kk('calibration:result.kept', { score: '3,60', band: band('proper') }));
    expect(texts('2011')).toContain(
      [
        kk('calibration:hr.decidedKept', { name: 'Staff Keep', score: '3,60', band: band('proper') }),
        kk('calibration:hr.fileBy', { date: '22.12.2026' }),
      ].join('\n'),
    );
  });
});

describe('missed deadlines', () => {
  it('HR is alerted once the decision term is missed, once', async () => {
    const missed = kk('calibration:hr.decisionMissed', { name: 'Staff Late', date: '17.12.2026' });
    expect(texts('2011')).not.toContain(missed);
    await world.dailyTickAt('2026-12-18T04:00:00Z');
    expect(texts('2011').filter((t) => t === missed)).toHaveLength(1);
    await world.dailyTickAt('2026-12-21T04:00:00Z');
    expect(texts('2011').filter((t) => t === missed)).toHaveLength(1);
  });

  it('HR is reminded to file the protocol the working day before, and alerted when it is not marked filed', async () => {
    expect(texts('2011')).toContain(
      kk('calibration:hr.fileReminder', { name: 'Staff Up', date: '21.12.2026' }),
    );
    expect(texts('2011')).toContain(
      kk('calibration:hr.fileReminder', { name: 'Staff Keep', date: '22.12.2026' }),
    );
    // The second protocol is marked filed: its term passes with no alert.
    const kept = messageWith(
      '2011',
      kk('calibration:hr.decidedKept', { name: 'Staff Keep', score: '3,60', band: band('proper') }),
    );
    await user('2011').tapIn(kept, kk('calibration:protocol.filedButton'));
    expect(user('2011').callbackAnswers().at(-1)?.text).toBe(kk('calibration:protocol.filed'));
    await world.dailyTickAt('2026-12-22T04:00:00Z');
    expect(texts('2011')).toContain(
      kk('calibration:hr.fileMissed', { name: 'Staff Up', date: '21.12.2026' }),
    );
    await world.dailyTickAt('2026-12-23T04:00:00Z');
    expect(texts('2011')).not.toContain(
      kk('calibration:hr.fileMissed', { name: 'Staff Keep', date: '22.12.2026' }),
    );
  });

  it('Justice sets no acquaintance term: its unacknowledged notice raises no "not acknowledged" alert', async () => {
    const stored = await world.app.services.models.Notice.findOne({ employeeId: await idOf('3004') }).lean();
    expect(stored?.outboxItemId).toBeTruthy();
    expect(stored?.acknowledgedAt).toBeNull();
    // Daily ticks ran from the 14th to the 23rd, far past any 2-working-day term.
    expect(stored?.overdueAlertedOn).toBeNull();
    const overdue = kk('notices:hr.overdueLine', {
      name: 'Justice Quiet',
      kind: kk('notices:kinds.quarter'),
    });
    for (const number of ['3011', '3005']) expect(texts(number).some((t) => t.includes(overdue))).toBe(false);
  });
});
