import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftForTap } from '../../src/evaluation/survey360/answering.ts';
import type { SimulatedUser } from '../harness/index.ts';
import {
  answer,
  answerQuestionnaire,
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
    expect(hr().lastMessage()?.text).toContain('2026 жылға 360 әдісімен бағалау науқаны әлі құрылмаған');
    await hr().tap('➕ 2026 жылға науқан құру');
    const status = hr().lastMessage()?.text ?? '';
    expect(status).toContain('Күйі: дайындалуда. Жауап беру мерзімі: 10.01.2027 дейін.');
    expect(status).toContain('Бағаланатындар: 5.');
    expect(status).toContain('— New Comer: лауазымда бір айдан аз');
    await hr().tap('👥 Бағаланатындар');
    expect(hr().lastMessage()?.reply_markup).toMatchObject({
      inline_keyboard: expect.arrayContaining([[expect.objectContaining({ text: 'Head One (4)' })]]),
    });
    await hr().tap('Staff One (4)');
    const respondents = JSON.stringify(hr().lastMessage()?.reply_markup);
    expect(respondents).toContain('✖ Head One — тікелей басшы');
    expect(respondents).toContain('✖ Staff Two — әріптес');
  });

  it('HR removes and adds a respondent before launch', async () => {
    await hr().tap('✖ Staff Four — әріптес');
    expect(hr().lastMessage()?.text).toContain('Staff One: респонденттер (3,');
    await hr().send('/add360 1002 1005');
    expect(hr().messages().at(-2)?.text).toBe('Респондент қосылды.');
    expect(hr().lastMessage()?.text).toContain('Staff One: респонденттер (4,');
  });

  it('a non-HR user is refused by the console', async () => {
    await user('1003').send('/survey360');
    expect(user('1003').lastMessage()?.text).toBe('Бұл әрекетке рұқсатыңыз жоқ.');
  });

  it('launch sends every respondent one invitation through the outbox', async () => {
    await hr().send('/survey360');
    await hr().tap('🚀 Бастау');
    expect(hr().lastMessage()?.text).toBe('Науқан басталды. Шақырулар жіберілуде: 5.');
    for (const p of PEOPLE.filter((p) => p.number !== '1006')) {
      const invitation = await user(p.number).waitForMessage(
        (m) => m.text?.includes('360 әдісімен бағалауға') ?? false,
      );
      expect(invitation.text).toContain('Жауап беру мерзімі: 10.01.2027 дейін.');
    }
    expect(
      world.api.callsOf('sendMessage').filter((c) => String(c.params.text).includes('респондент ретінде')),
    ).toHaveLength(5);
  });

  it('shows the intro once, then one question per message edited in place, with progress', async () => {
    const staffTwo = user('1003');
    await staffTwo.tap('📝 Сауалнамаларды ашу');
    await staffTwo.tap('Head One');
    expect(staffTwo.lastMessage()?.text).toMatch(/^Құрметті респондент!/);
    await staffTwo.tap('Жалғастыру ▶');
    const questionMessage = staffTwo.lastMessage()!;
    expect(questionMessage.text).toMatch(/^Сұрақ 1 \/ 35 · Қызметті басқару\nБағаланатын: Head One/);
    await answer(staffTwo, 4);
    expect(staffTwo.lastMessage()?.message_id).toBe(questionMessage.message_id);
    expect(progressOf(staffTwo)).toEqual({ k: 2, n: 35 });
  });

  it('back returns to the previous question and shows the chosen answer; a changed answer replaces it', async () => {
    const staffTwo = user('1003');
    await staffTwo.tap('◀ Артқа');
    expect(progressOf(staffTwo)).toEqual({ k: 1, n: 35 });
    expect(JSON.stringify(staffTwo.lastMessage()?.reply_markup)).toContain('● 4 — ');
    await answer(staffTwo, 5);
    expect(progressOf(staffTwo)).toEqual({ k: 2, n: 35 });
  });

  it('a stale tap on an answered question and a double tap change nothing', async () => {
    const staffTwo = user('1003');
    const message = staffTwo.lastMessage()!;
    const question2 = message.edits.at(-1)!; // the screen of question 1, before the edit
    expect(question2.text).toMatch(/^Сұрақ 1/);
    // Tap "3" on question 2 twice without waiting: the second tap finds the draft moved on.
    const first = staffTwo.tap(/^3 — /, { wait: false });
    await first;
    await staffTwo.tapIn(message, /^3 — /);
    expect(progressOf(staffTwo)).toEqual({ k: 3, n: 35 });
    expect(staffTwo.callbackAnswers().at(-1)?.text).toBe(
      'Бұл сұраққа жауап берілген. Соңғы хабарламаны пайдаланыңыз.',
    );
    const { models } = world.app.services;
    const respondent = await models.Employee.findOne({ personnelNumber: '1003' }).lean();
    const stored = await models.SurveyDraft.findOne({ respondentId: respondent!._id }).lean();
    // In the database the answers are sealed; the storage API opens them.
    for (const box of Object.values(stored?.answers as Record<string, unknown>))
      expect(String(box)).toMatch(/^v1:[\w-]+$/);
    const step = await draftForTap(world.app.services, String(stored!._id), respondent!._id);
    const answers = step.ok ? step.draft.answers : {};
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
    expect(staffThree.callbackAnswers().at(-1)?.text).toBe('Бұл батырма сізге арналмаған.');
    expect(progressOf(staffTwo)).toEqual(before);
  });

  it('resumes at the same question after the bot restarts', async () => {
    const staffTwo = user('1003');
    await world.restart();
    await staffTwo.send('/survey');
    await staffTwo.tap('Head One');
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
    await four.tap('✏️ Өзгерту');
    await four.tap(/^1\. Қызметті басқару/);
    expect(progressOf(four)).toEqual({ k: 1, n: 35 });
    for (let q = 0; q < 3; q++) await answer(four, 4);
    expect(four.lastMessage()?.text).toContain('1. Қызметті басқару: 4, 4, 4');
    await four.tap('✅ Жіберу');
    expect(four.lastMessage()?.text).toContain('Жіберілгеннен кейін жауаптарды өзгерту мүмкін болмайды');
    await four.tap('Иә, жіберу');
    // Self-assessment: all 2, asked but never counted.
    await answerQuestionnaire(user('1001'), 'Өзін-өзі бағалау', 'heads', () => 2);

    // Staff One: respondents Head One 5, Staff Two 4, Staff Three 3, Staff Four (added) 1 on
    // competency 1, (2,4,4) on competency 2, 4 elsewhere; self-assessment 1 everywhere.
    await answerQuestionnaire(user('1001'), 'Staff One', 'staff', () => 5);
    await answerQuestionnaire(user('1003'), 'Staff One', 'staff', () => 4);
    await answerQuestionnaire(user('1004'), 'Staff One', 'staff', () => 3);
    await answerQuestionnaire(user('1005'), 'Staff One', 'staff', (c, q) =>
      c === 0 ? 1 : c === 1 && q === 0 ? 2 : 4,
    );
    await answerQuestionnaire(user('1002'), 'Өзін-өзі бағалау', 'staff', () => 1);

    // Staff Two gets only two questionnaires.
    await answerQuestionnaire(user('1001'), 'Staff Two', 'staff', () => 4);
    await answerQuestionnaire(user('1002'), 'Staff Two', 'staff', () => 4);
  }, 120_000);

  it('a submitted questionnaire cannot be opened again', async () => {
    const one = user('1002');
    await one.send('/survey');
    await one.tap('✅ Head One');
    expect(one.callbackAnswers().at(-1)?.text).toBe('Бұл сауалнама бұрын жіберілген.');
  });

  it('HR sees completion counts only', async () => {
    await hr().send('/survey360');
    await hr().tap('📊 Барысы');
    const progress = hr().lastMessage()?.text ?? '';
    expect(progress).toContain('Head One: 4 / 4');
    expect(progress).toContain('Staff One: 4 / 4');
    expect(progress).toContain('Staff Two: 2 / 4');
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
    await hr().tap('🏁 Аяқтау');
    await hr().tap('Иә, аяқтау');
    // Five evaluatees; only Head One and Staff One have the 3 responses a result needs.
    expect(hr().lastMessage()?.text).toMatch(/: 2 \/ 5\.$/);
    // Released: plain responses without respondent, time or token; sealed pieces and drafts gone.
    const db = world.db.db!;
    const responses = await db.collection('surveyresponses').find().toArray();
    expect(responses).toHaveLength(4 + 1 + 4 + 1 + 2);
    for (const response of responses)
      expect(Object.keys(response).sort()).toEqual(['_id', 'answers', 'campaignId', 'isSelf', 'targetId']);
    expect(await db.collection('surveysealedresponses').countDocuments()).toBe(0);
    expect(await db.collection('surveydrafts').countDocuments()).toBe(0);

    const head = user('1001');
    const notice = await head.waitForMessage(
      (m) => m.text?.startsWith('360 әдісімен бағалау нәтижесі') ?? false,
    );
    // Management: Staff Two answered 5, 3, 5 (the 3 from the double-tap test), so
    // (15 + 13 + 12 + 12) / 12 = 4.33; every other competency (5+5+4+4)/4 = 4.50;
    // overall (4.33 + 11 × 4.50) / 12 = 4.4858 → 4.49. The self-assessment (2.00) is not counted.
    expect(notice.text).toContain('Қызметті басқару: 4,33 (өзін-өзі бағалау: 2,00) ⚠');
    expect(notice.text).toContain('Тиімді коммуникацияларды құру: 4,50 (өзін-өзі бағалау: 2,00)');
    expect(notice.text).toContain('Жалпы балл: 4,49 — Функционалдық міндеттерін тиімді атқарады');
    expect(notice.text).toContain('Респонденттер саны: 4');
    const photo = await head.waitForMessage((m) => m.method === 'sendPhoto');
    const png = photo.photo?.bytes ?? Buffer.alloc(0);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // Result notice and chart cannot be forwarded or saved (checked once the outbox recorded them).
    await world.outboxSettled();
    const sentToHead = world.api.calls
      .filter((c) => /^send(Message|Photo)$/.test(c.method) && Number(c.params.chat_id) === 7001)
      .filter(
        (c) => c.method === 'sendPhoto' || String(c.params.text).startsWith('360 әдісімен бағалау нәтижесі'),
      );
    expect(sentToHead.length).toBeGreaterThanOrEqual(2);
    for (const call of sentToHead) expect(String(call.params.protect_content)).toBe('true');

    const staffOne = user('1002');
    const table = (
      await staffOne.waitForMessage((m) => m.text?.startsWith('360 әдісімен бағалау нәтижесі') ?? false)
    ).text!;
    // Hand-computed: (5+4+3+1)/4 = 3.25; (5+4+3+(2+4+4)/3)/4 = 3.83; (5+4+3+4)/4 = 4.00 for the other six;
    // overall (3.25 + 3.83 + 6 × 4.00)/8 = 3.885 → 3.89. The self-assessment (1.00) is shown, not counted.
    const staffSet = questionSlots('staff');
    const title = (i: number) => staffSet.find((s) => s.competencyIndex === i)!.competency.title.kk;
    expect(table).toContain(`${title(0)}: 3,25 (өзін-өзі бағалау: 1,00) ⚠`);
    expect(table).toContain(`${title(1)}: 3,83 (өзін-өзі бағалау: 1,00) ⚠`);
    expect(table).toContain(`${title(2)}: 4,00 (өзін-өзі бағалау: 1,00)`);
    expect(table).toMatch(/Жалпы балл: 3,89 — /);
  });

  it('results are refused with fewer than 3 responses', async () => {
    const staffTwo = user('1003');
    const notice = await staffTwo.waitForMessage(
      (m) => m.text?.startsWith('360 әдісімен бағалау нәтижесі') ?? false,
    );
    expect(notice.text).toContain('Нәтиже жоқ: респонденттердің 2 жауабы бар, кемінде 3 қажет.');
    await staffTwo.send('/results');
    expect(staffTwo.lastMessage()?.text).toContain('кемінде 3 қажет');
    expect(staffTwo.messages().filter((m) => m.method === 'sendPhoto')).toHaveLength(0);
  });

  it('only the evaluatee and the HR head can open a result; every other view is audited', async () => {
    const { models } = world.app.services;
    const target = await models.SurveyTarget.findOne({
      employeeId: (await models.Employee.findOne({ personnelNumber: '1001' }))!._id,
    });
    // A respondent who evaluated Head One tries HR's results button.
    const staffOne = user('1002');
    await staffOne.send('/results');
    expect(staffOne.messages().at(-2)?.text).toContain('360 әдісімен бағалау нәтижесі, 2026 ж.: Staff One');
    expect(staffOne.lastMessage()?.method).toBe('sendPhoto');
    // The result screen, text and chart, is protected too.
    for (const call of world.api.calls.slice(-6).filter((c) => /^send(Message|Photo)$/.test(c.method)))
      expect(String(call.params.protect_content), call.method).toBe('true');
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
    expect(staffOne.callbackAnswers().at(-1)?.text).toBe('Бұл әрекетке рұқсатыңыз жоқ.');
    expect(staffOne.messages().some((m) => m.text?.includes('нәтижесі, 2026 ж.: Head One'))).toBe(false);

    // The administrator runs the campaign but sees no result.
    await hr().send('/survey360');
    await hr().tap('📈 Нәтижелер');
    await hr().tap('Head One');
    expect(hr().callbackAnswers().at(-1)?.text).toBe('Бұл әрекетке рұқсатыңыз жоқ.');
    expect(
      hr()
        .messages()
        .some((m) => m.text?.includes('нәтижесі, 2026 ж.: Head One')),
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
    await hrHead.tap('📈 Нәтижелер');
    await hrHead.tap('Head One');
    expect(hrHead.messages().at(-2)?.text).toContain('нәтижесі, 2026 ж.: Head One');
    expect(hrHead.lastMessage()?.method).toBe('sendPhoto');
    const view = await models.AuditLog.findOne({ action: 'results.view', telegramId: 7190 }).lean();
    expect(view?.details).toMatchObject({ kind: 'survey360', targetId: String(target!._id), as: 'hrHead' });
    expect(view?.organisationCode).toBe('test-akimat');
  });
});
