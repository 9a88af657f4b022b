import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftOf } from '../../src/evaluation/survey360/answering.ts';
import { getMethodology } from '../../src/methodology/index.ts';
import type { SimulatedUser } from '../harness/index.ts';
import { keyPattern, kk } from '../support/i18n.ts';
import {
  answer,
  answerQuestionnaire,
  METHODOLOGY,
  PEOPLE,
  progressOf,
  questionSlots,
  seedDepartment,
} from '../support/survey360.ts';
import { World } from '../support/world.ts';

const HR_ID = 7100;
let world: World;
const users = new Map<string, SimulatedUser>();
const user = (number: string) => users.get(number)!;
const survey = getMethodology(METHODOLOGY)!.methods.survey360!;
const bandKk = (id: string) => getMethodology(METHODOLOGY)!.bands.find((b) => b.id === id)!.label.kk;
const resultTitle = (name: string) => kk('survey360:result.title', { year: 2026, name });
/** A result notice is the radar chart with the result as its caption; no result is a text message. */
const isResultOf = (name: string) => (m: { text?: string; caption?: string }) =>
  (m.text ?? m.caption)?.startsWith(resultTitle(name)) ?? false;
const bodyOf = (m: { text?: string; caption?: string }) => m.text ?? m.caption ?? '';
const relation = (key: string) => kk(`survey360:relations.${key}`);

/** The whole campaign runs once; the tests below follow it step by step, in order. */
beforeAll(async () => {
  world = await new World({ adminIds: [HR_ID] }).start();
  world.setNow(new Date('2026-11-23T04:00:00Z'));
  await seedDepartment(world);
  for (const p of PEOPLE) users.set(p.number, world.api.user({ id: p.telegramId, firstName: p.name }));
}, 60_000);
afterAll(async () => {
  await world.stop();
});

describe('a 360 campaign from creation to results', () => {
  const hr = () => world.api.user({ id: HR_ID, firstName: 'HR' });

  it('HR creates the campaign: respondents proposed, the newcomer left out with the reason', async () => {
    await hr().send('/survey360');
    expect(hr().lastMessage()?.text).toBe(kk('survey360:hr.noCampaign', { year: 2026 }));
    await hr().tap(kk('survey360:hr.createButton', { year: 2026 }));
    const status = hr().lastMessage()?.text ?? '';
    expect(status).toContain(
      kk('survey360:hr.status', {
        year: 2026,
        state: kk('survey360:states.draft'),
        deadline: '10.01.2027',
        targets: 5,
      }),
    );
    expect(status).toContain(
      kk('survey360:hr.excludedLine', {
        name: 'New Comer',
        reason: kk('survey360:reasons.lessThanMonthInPosition'),
      }),
    );
    await hr().tap(kk('survey360:hr.targetsButton'));
    const target = (name: string, count: number) => kk('survey360:hr.targetLine', { name, count });
    expect(hr().lastMessage()?.reply_markup).toMatchObject({
      inline_keyboard: expect.arrayContaining([[expect.objectContaining({ text: target('Head One', 4) })]]),
    });
    await hr().tap(target('Staff One', 4));
    // Who is who goes into the text; the buttons only remove.
    const text = hr().lastMessage()?.text ?? '';
    expect(text).toContain(
      kk('survey360:hr.respondentLine', { name: 'Head One', relation: relation('supervisor') }),
    );
    expect(text).toContain(
      kk('survey360:hr.respondentLine', { name: 'Staff Two', relation: relation('peer') }),
    );
    const respondents = JSON.stringify(hr().lastMessage()?.reply_markup);
    expect(respondents).toContain('"✖ Head One"');
    expect(respondents).toContain('"✖ Staff Two"');
  });

  it('HR removes and adds a respondent before launch', async () => {
    const title = (count: number) =>
      kk('survey360:hr.targetTitle', { name: 'Staff One', count, min: 3, max: 7 });
    await hr().tap('✖ Staff Four');
    expect(hr().lastMessage()?.text).toContain(title(3));
    await hr().send('/add360 1002 1005');
    expect(hr().messages().at(-2)?.text).toBe(kk('survey360:hr.added'));
    expect(hr().lastMessage()?.text).toContain(title(4));
  });

  it('a non-HR user is refused by the console', async () => {
    await user('1003').send('/survey360');
    expect(user('1003').lastMessage()?.text).toBe(kk('errors.notAllowed'));
  });

  it('launch sends every respondent one invitation through the outbox', async () => {
    await hr().send('/survey360');
    await hr().tap(kk('survey360:hr.launchButton'));
    // The invitations are queued by a task; its word is their count.
    await world.app.services.wakeTasks();
    expect(hr().lastMessage()?.text).toBe(kk('survey360:hr.launched', { count: 5 }));
    const invitation = keyPattern(
      kk,
      'survey360:invitation',
      { year: 2026, deadline: '10.01.2027' },
      { count: '\\d+' },
    );
    for (const p of PEOPLE.filter((p) => p.number !== '1006')) {
      const received = await user(p.number).waitForMessage((m) => invitation.test(m.text ?? ''));
      expect(received.text).toMatch(invitation);
    }
    // Every send answered (a call is logged once Telegram answers it), then counted.
    await world.outboxSettled();
    expect(
      world.api.callsOf('sendMessage').filter((c) => invitation.test(String(c.params.text))),
    ).toHaveLength(5);
  });

  it('shows the intro once, then one question per message edited in place, with progress', async () => {
    const staffTwo = user('1003');
    await staffTwo.tap(kk('survey360:openButton'));
    await staffTwo.tap('Head One');
    expect(staffTwo.lastMessage()?.text).toBe(survey.intro!.kk);
    await staffTwo.tap(kk('survey360:continueButton'));
    const questionMessage = staffTwo.lastMessage()!;
    const [first] = questionSlots('heads');
    const header = [
      kk('survey360:question.progress', { k: 1, n: 35, competency: first!.competency.title.kk }),
      kk('survey360:question.about', { name: 'Head One' }),
      '',
      first!.question.text.kk,
    ].join('\n');
    expect(questionMessage.text?.startsWith(header)).toBe(true);
    // The full scale once in the message; each button the point and a short label.
    const legend = kk('survey360:question.legend', {
      legend: survey.answerScale.steps.map((s) => `${s.value} — ${s.label.kk}`).join('\n'),
    });
    expect(questionMessage.text).toContain(legend);
    const buttons = (
      questionMessage.reply_markup as { inline_keyboard: { text: string }[][] }
    ).inline_keyboard.flat();
    for (const step of survey.answerScale.steps)
      expect(buttons.map((b) => b.text)).toContain(`${step.value} — ${step.short!.kk}`);
    await answer(staffTwo, 4);
    expect(staffTwo.lastMessage()?.message_id).toBe(questionMessage.message_id);
    expect(progressOf(staffTwo)).toEqual({ k: 2, n: 35 });
  });

  it('back returns to the previous question and shows the chosen answer; a changed answer replaces it', async () => {
    const staffTwo = user('1003');
    await staffTwo.tap(kk('survey360:backButton'));
    expect(progressOf(staffTwo)).toEqual({ k: 1, n: 35 });
    expect(JSON.stringify(staffTwo.lastMessage()?.reply_markup)).toContain('● 4 — ');
    await answer(staffTwo, 5);
    expect(progressOf(staffTwo)).toEqual({ k: 2, n: 35 });
  });

  it('a stale tap on an answered question and a double tap change nothing', async () => {
    const staffTwo = user('1003');
    const message = staffTwo.lastMessage()!;
    const question2 = message.edits.at(-1)!; // the screen of question 1, before the edit
    expect(question2.text).toMatch(
      keyPattern(kk, 'survey360:question.progress', { k: 1, n: 35 }, { competency: '.*' }),
    );
    // Tap "3" on question 2 twice without waiting: the second tap finds the draft moved on.
    const first = staffTwo.tap(/^3 — /, { wait: false });
    await first;
    await staffTwo.tapIn(message, /^3 — /);
    expect(progressOf(staffTwo)).toEqual({ k: 3, n: 35 });
    expect(staffTwo.callbackAnswers().at(-1)?.text).toBe(kk('survey360:stale.answered'));
    const { models } = world.app.services;
    const respondent = await models.Employee.findOne({ personnelNumber: '1003' }).lean();
    const stored = await models.SurveyDraft.findOne({ respondentId: respondent!._id }).lean();
    // In the database the answers are sealed; the storage API opens them.
    for (const box of Object.values(stored?.answers as Record<string, unknown>))
      expect(String(box)).toMatch(/^v1:[\w-]+$/);
    const step = await draftOf(world.app.services, String(stored!._id), respondent!._id);
    const answers = step?.draft.answers ?? {};
    expect(answers['management-1']).toBe(5);
    expect(answers['management-2']).toBe(3);
  });

  it("another respondent's button is refused", async () => {
    const staffTwo = user('1003');
    const staffThree = user('1004');
    const foreign = staffTwo.lastMessage()!;
    const data = JSON.stringify(foreign.reply_markup);
    // Staff Three forges a tap with Staff Two's callback data.
    const forged = /"callback_data":"(s3:a:[^"]+)"/.exec(data)![1]!;
    await world.api.user({ id: 7004, firstName: 'Staff Three' }).send('/survey');
    const before = progressOf(staffTwo);
    world.api.pushUpdate({
      callback_query: {
        id: world.api.registerCallbackQuery(7004),
        from: { id: 7004, is_bot: false, first_name: 'Staff Three' },
        chat_instance: '7004',
        data: forged,
        message: staffThree.lastMessage()!.raw,
      },
    } as never);
    await staffThree.waitForMessage(() => false, { timeoutMs: 300 }).catch(() => undefined);
    expect(staffThree.callbackAnswers().at(-1)?.text).toBe(kk('survey360:stale.notYours'));
    expect(progressOf(staffTwo)).toEqual(before);
  });

  it('resumes at the same question after the bot restarts; the old message takes no more taps', async () => {
    const staffTwo = user('1003');
    const before = staffTwo.lastMessage()!;
    await world.restart();
    await staffTwo.send('/survey');
    await staffTwo.tap('Head One');
    expect(progressOf(staffTwo)).toEqual({ k: 3, n: 35 });
    const live = staffTwo.lastMessage()!;
    expect(live.message_id).not.toBe(before.message_id);
    await staffTwo.tapIn(before, /^3 — /);
    expect(staffTwo.callbackAnswers().at(-1)?.text).toBe(kk('survey360:stale.oldMessage'));
    expect(progressOf(staffTwo)).toEqual({ k: 3, n: 35 });
  });

  it('four respondents and a self-assessment answer; the review screen allows a change', async () => {
    // Head One is evaluated by his four staff: 5, 5, 4, 4 everywhere → 4.50 for every competency.
    await answerQuestionnaire(user('1002'), 'Head One', 'heads', () => 5);
    await answerQuestionnaire(user('1003'), 'Head One', 'heads', () => 5);
    await answerQuestionnaire(user('1004'), 'Head One', 'heads', () => 4);
    // Staff Four first answers 1 to the first competency, then changes it to 4 from the review screen.
    await answerQuestionnaire(user('1005'), 'Head One', 'heads', (c) => (c === 0 ? 1 : 4), { submit: false });
    const four = user('1005');
    const management = survey.competencySets[0]!.competencies[0]!.title.kk;
    await four.tap(kk('survey360:review.changeButton'));
    expect(four.lastMessage()?.text).toContain(
      kk('survey360:review.competencyLine', { index: 1, competency: management }),
    );
    await four.tap('1');
    expect(progressOf(four)).toEqual({ k: 1, n: 35 });
    for (let q = 0; q < 3; q++) await answer(four, 4);
    expect(four.lastMessage()?.text).toContain(
      kk('survey360:review.line', { index: 1, competency: management, answers: '4, 4, 4' }),
    );
    await four.tap(kk('survey360:review.submitButton'));
    expect(four.lastMessage()?.text).toBe(kk('survey360:confirm.text'));
    await four.tap(kk('survey360:confirm.yesButton'));
    // The self-assessment asks in the first person: the question's own self wording, no prefix.
    const self = user('1001');
    await self.send('/survey');
    await self.tap(kk('survey360:list.self'));
    if (self.lastMessage()?.text === survey.intro!.kk) await self.tap(kk('survey360:continueButton'));
    const [firstSelf] = questionSlots('heads');
    expect(self.lastMessage()?.text).toContain(kk('survey360:question.aboutSelf'));
    expect(self.lastMessage()?.text).toContain(firstSelf!.question.selfText.kk);
    expect(self.lastMessage()?.text).not.toContain(firstSelf!.question.text.kk);
    // Self-assessment: all 2, asked but never counted.
    await answerQuestionnaire(self, kk('survey360:list.self'), 'heads', () => 2);

    // Staff One: respondents Head One 5, Staff Two 4, Staff Three 3, Staff Four (added) 1 on
    // competency 1, (2,4,4) on competency 2, 4 elsewhere; self-assessment 1 everywhere.
    await answerQuestionnaire(user('1001'), 'Staff One', 'staff', () => 5);
    await answerQuestionnaire(user('1003'), 'Staff One', 'staff', () => 4);
    await answerQuestionnaire(user('1004'), 'Staff One', 'staff', () => 3);
    await answerQuestionnaire(user('1005'), 'Staff One', 'staff', (c, q) =>
      c === 0 ? 1 : c === 1 && q === 0 ? 2 : 4,
    );
    await answerQuestionnaire(user('1002'), kk('survey360:list.self'), 'staff', () => 1);

    // Staff Two gets only two questionnaires.
    await answerQuestionnaire(user('1001'), 'Staff Two', 'staff', () => 4);
    await answerQuestionnaire(user('1002'), 'Staff Two', 'staff', () => 4);
  }, 120_000);

  it('a submitted questionnaire cannot be opened again', async () => {
    const one = user('1002');
    await one.send('/survey');
    await one.tap('✅ Head One');
    expect(one.callbackAnswers().at(-1)?.text).toBe(kk('survey360:stale.done'));
  });

  it('HR sees completion counts only', async () => {
    await hr().send('/survey360');
    await hr().tap(kk('survey360:hr.progressButton'));
    const progress = hr().lastMessage()?.text ?? '';
    const line = (name: string, done: number, total: number) =>
      kk('survey360:hr.progressLine', { name, done, total });
    expect(progress).toContain(line('Head One', 4, 4));
    expect(progress).toContain(line('Staff One', 4, 4));
    expect(progress).toContain(line('Staff Two', 2, 4));
    for (const p of PEOPLE.filter((p) => p.number !== '1001'))
      expect(progress).not.toMatch(new RegExp(`${p.name}: .*${p.name}`));
  });

  it('before the close, submitted questionnaires are sealed: no response, nothing in clear', async () => {
    const db = world.db.db!;
    expect(await db.collection('surveyresponses').countDocuments()).toBe(0);
    const sealed = await db.collection('surveysealedresponses').find().toArray();
    expect(sealed).toHaveLength(4 + 1 + 4 + 1 + 2);
    const employees = await db.collection('employees').find().toArray();
    const identifying = new Set<string>();
    for (const e of employees) {
      identifying.add(String(e._id));
      identifying.add(String(e.telegramId));
      identifying.add(String(e.personnelNumber));
      identifying.add(String(e.phone));
    }
    const assignments = await db.collection('surveyassignments').find().toArray();
    const targets = await db.collection('surveytargets').find().toArray();
    for (const a of [...assignments, ...targets]) identifying.add(String(a._id));
    for (const piece of sealed) {
      expect(Object.keys(piece).sort()).toEqual(['_id', 'box', 'campaignId', 'submissionMac']);
      expect(typeof piece._id).toBe('string'); // not an ObjectId: no insertion timestamp
      // As a field value (a random box may contain any short string by chance, which says nothing).
      const values = JSON.stringify(piece);
      for (const id of identifying)
        expect(new RegExp(`[":]${id}["},]`).test(values), `sealed piece holds ${id}`).toBe(false);
      expect(values).not.toMatch(/management-1/);
    }
    // The assignments say only "done": no time, no answer, no link to a response.
    for (const a of assignments) {
      expect(Object.keys(a).sort()).toEqual([
        '__v',
        '_id',
        'campaignId',
        'done',
        'relation',
        'respondentId',
        'targetId',
      ]);
    }
    // No draft survives a submission, and what remains matches no sealed piece.
    const drafts = await db.collection('surveydrafts').find().toArray();
    const macs = new Set(sealed.map((p) => p.submissionMac));
    for (const d of drafts) expect(macs.has(d.submissionToken)).toBe(false);
    // Nor does the conversation plugin's state hold any answer.
    const states = await db.collection('conversation_states').find().toArray();
    for (const s of states) expect(s.state).not.toMatch(/management-1/);
  });

  it('HR closes the campaign; the evaluatees get their table and radar chart', async () => {
    await hr().send('/survey360');
    await hr().tap(kk('survey360:hr.closeButton'));
    await hr().tap(kk('survey360:hr.closeYesButton'));
    // The close runs as a task after the update; its summary is the task's final word.
    await world.app.services.wakeTasks();
    // Five evaluatees; only Head One and Staff One have the 3 responses a result needs.
    expect(hr().lastMessage()?.text).toBe(kk('survey360:hr.closed', { count: 2, total: 5 }));
    // Released: plain responses without respondent, time or token; sealed pieces and drafts gone.
    // Staff Two's two questionnaires (below the minimum of 3) are not released at all: only the count stays.
    const db = world.db.db!;
    const responses = await db.collection('surveyresponses').find().toArray();
    expect(responses).toHaveLength(4 + 1 + 4 + 1);
    for (const response of responses)
      expect(Object.keys(response).sort()).toEqual(['_id', 'answers', 'campaignId', 'isSelf', 'targetId']);
    expect(await db.collection('surveysealedresponses').countDocuments()).toBe(0);
    expect(await db.collection('surveydrafts').countDocuments()).toBe(0);

    const head = user('1001');
    const notice = await head.waitForMessage(isResultOf('Head One'));
    const headSet = survey.competencySets[0]!.competencies;
    const line = (competency: string, average: string, self: string | null, flag = false) =>
      `${kk('survey360:result.line', { competency, average })}${
        self ? kk('survey360:result.selfPart', { value: self }) : ''
      }${flag ? ' ⚠' : ''}`;
    // Management: Staff Two answered 5, 3, 5 (the 3 from the double-tap test), so
    // (15 + 13 + 12 + 12) / 12 = 4.33; every other competency (5+5+4+4)/4 = 4.50;
    // overall (4.33 + 11 × 4.50) / 12 = 4.4858 → 4.49. The self-assessment (2.00) is not counted.
    // Twelve competencies with the self column do not fit a caption: the averages are there without it.
    const caption = bodyOf(notice);
    expect(caption.length).toBeLessThanOrEqual(1024);
    expect(caption).toContain(line(headSet[0]!.title.kk, '4,33', null, true));
    expect(caption).toContain(line(headSet[1]!.title.kk, '4,50', null));
    expect(caption).toContain(kk('survey360:result.overall', { overall: '4,49', band: bandKk('effective') }));
    expect(caption).toContain(kk('survey360:result.respondents', { count: 4 }));
    // One message: the radar chart is the notice, and it carries the notice's one acknowledgement.
    expect(notice.method).toBe('sendPhoto');
    const png = notice.photo?.bytes ?? Buffer.alloc(0);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // Result notice and chart cannot be forwarded or saved (checked once the outbox recorded them).
    await world.outboxSettled();
    const sentToHead = world.api.calls
      .filter((c) => /^send(Message|Photo)$/.test(c.method) && Number(c.params.chat_id) === 7001)
      .filter((c) => c.method === 'sendPhoto');
    expect(sentToHead).toHaveLength(1);
    for (const call of sentToHead) expect(String(call.params.protect_content)).toBe('true');

    const staffOne = user('1002');
    const table = bodyOf(await staffOne.waitForMessage(isResultOf('Staff One')));
    // Hand-computed: (5+4+3+1)/4 = 3.25; (5+4+3+(2+4+4)/3)/4 = 3.83; (5+4+3+4)/4 = 4.00 for the other six;
    // overall (3.25 + 3.83 + 6 × 4.00)/8 = 3.885 → 3.89. The self-assessment (1.00) is shown, not counted.
    const staffSet = questionSlots('staff');
    const title = (i: number) => staffSet.find((s) => s.competencyIndex === i)!.competency.title.kk;
    expect(table).toContain(line(title(0), '3,25', '1,00', true));
    expect(table).toContain(line(title(1), '3,83', '1,00', true));
    expect(table).toContain(line(title(2), '4,00', '1,00'));
    expect(table).toMatch(keyPattern(kk, 'survey360:result.overall', { overall: '3,89' }, { band: '.+' }));
  });

  it('results are refused with fewer than 3 responses', async () => {
    const staffTwo = user('1003');
    const notice = await staffTwo.waitForMessage(isResultOf('Staff Two'));
    const notEnough = kk('survey360:result.notEnough', { have: 2, need: 3 });
    expect(notice.text).toContain(notEnough);
    await staffTwo.send('/results');
    expect(staffTwo.lastMessage()?.text).toContain(notEnough);
    expect(staffTwo.messages().filter((m) => m.method === 'sendPhoto')).toHaveLength(0);
  });

  it('only the evaluatee and the HR head can open a result; every other view is audited', async () => {
    const { models } = world.app.services;
    const target = await models.SurveyTarget.findOne({
      employeeId: (await models.Employee.findOne({ personnelNumber: '1001' }))!._id,
    });
    // A respondent who evaluated Head One tries HR's results button.
    const staffOne = user('1002');
    const callsBefore = world.api.calls.length;
    await staffOne.send('/results');
    expect(staffOne.messages().at(-2)?.text).toContain(resultTitle('Staff One'));
    expect(staffOne.lastMessage()?.method).toBe('sendPhoto');
    // The result screen, text and chart, is protected too.
    const screen = world.api.calls
      .slice(callsBefore)
      .filter((c) => /^send(Message|Photo)$/.test(c.method) && Number(c.params.chat_id) === 7002);
    expect(screen.map((c) => c.method)).toEqual(['sendMessage', 'sendPhoto']);
    for (const call of screen) expect(String(call.params.protect_content), call.method).toBe('true');
    world.api.pushUpdate({
      callback_query: {
        id: world.api.registerCallbackQuery(7002),
        from: { id: 7002, is_bot: false, first_name: 'Staff One' },
        chat_instance: '7002',
        data: `s3h:r:${String(target!._id)}`,
        message: staffOne.lastMessage()!.raw,
      },
    } as never);
    await staffOne.waitForMessage(() => false, { timeoutMs: 300 }).catch(() => undefined);
    expect(staffOne.callbackAnswers().at(-1)?.text).toBe(kk('errors.notAllowed'));
    expect(staffOne.messages().some((m) => m.text?.includes(resultTitle('Head One')))).toBe(false);

    // The administrator runs the campaign but sees no result.
    await hr().send('/survey360');
    await hr().tap(kk('survey360:hr.resultsButton'));
    await hr().tap('Head One');
    expect(hr().callbackAnswers().at(-1)?.text).toBe(kk('errors.notAllowed'));
    expect(
      hr()
        .messages()
        .some((m) => m.text?.includes(resultTitle('Head One'))),
    ).toBe(false);

    // The head of the HR service (roster role hrHead) sees it, and the view is in the audit log.
    const head = await models.Employee.create({
      organisationCode: 'test-akimat',
      personnelNumber: '1900',
      fullName: 'HR Head',
      position: 'Head of HR',
      categoryCode: 'E-2',
      unitCode: 'U1',
      phone: '+77010001900',
      appointedOn: '2020-01-01',
      roles: ['employee', 'hrHead'],
      telegramId: 7190,
    });
    await models.Account.updateOne(
      { telegramId: 7190 },
      { $set: { employeeId: head._id, language: 'kk' } },
      { upsert: true },
    );
    const hrHead = world.api.user({ id: 7190, firstName: 'HR Head' });
    await hrHead.send('/survey360');
    await hrHead.tap(kk('survey360:hr.resultsButton'));
    await hrHead.tap('Head One');
    expect(hrHead.messages().at(-2)?.text).toContain(resultTitle('Head One'));
    expect(hrHead.lastMessage()?.method).toBe('sendPhoto');
    const view = await models.AuditLog.findOne({ action: 'results.view', telegramId: 7190 }).lean();
    expect(view?.details).toMatchObject({ kind: 'survey360', targetId: String(target!._id), as: 'hrHead' });
    expect(view?.organisationCode).toBe('test-akimat');
  });
});
