// One acknowledgement per 360 result: the radar chart is the notice, and no result is only information.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbacks } from '../../src/bot/callback-data.ts';
import { createCampaign, launchCampaign } from '../../src/evaluation/survey360/campaign.ts';
import { getMethodology } from '../../src/methodology/index.ts';
import type { SimulatedUser } from '../harness/index.ts';
import { submitAllAbout } from '../support/answer-360.ts';
import { kk } from '../support/i18n.ts';
import { METHODOLOGY, ORG, PEOPLE, seedDepartment } from '../support/survey360.ts';
import { World } from '../support/world.ts';

const HR_ID = 7100;
let world: World;
const users = new Map<string, SimulatedUser>();
const user = (number: string) => users.get(number)!;
const hr = () => world.api.user({ id: HR_ID, firstName: 'HR' });
const employeeOf = async (number: string) =>
  (await world.app.services.models.Employee.findOne({ personnelNumber: number }).lean())!;
const buttonsOf = (m: { reply_markup?: unknown }) =>
  (
    (m.reply_markup as { inline_keyboard?: { text: string; callback_data?: string }[][] })?.inline_keyboard ??
    []
  ).flat();
const title = (name: string) => kk('survey360:result.title', { year: 2026, name });
const bodyOf = (m: { text?: string; caption?: string }) => m.text ?? m.caption ?? '';
const botMessages = (telegramId: number) =>
  world.api.chatMessages(telegramId).filter((m) => m.sender === 'bot');

beforeAll(async () => {
  world = await new World({ adminIds: [HR_ID] }).start();
  // Tuesday 1 December 2026, 09:00 in Almaty.
  world.setNow(new Date('2026-12-01T04:00:00Z'));
  await seedDepartment(world);
  for (const p of PEOPLE) users.set(p.number, world.api.user({ id: p.telegramId, firstName: p.name }));
  const { models } = world.app.services;
  const created = await createCampaign(models, { organisationCode: ORG, year: 2026, createdBy: HR_ID });
  if (!created.ok) throw new Error(created.problem);
  const launched = await launchCampaign(models, created.campaignId);
  if (!launched.ok) throw new Error(launched.problem);
  // Staff One and Head One get every questionnaire (at least 3 others each); nobody answers about the rest.
  expect(await submitAllAbout(world, '1002', 4)).toBeGreaterThanOrEqual(4);
  expect(await submitAllAbout(world, '1001', 5)).toBeGreaterThanOrEqual(4);
  await hr().send('/start');
}, 120_000);
afterAll(async () => {
  await world.stop();
});

describe('a 360 result is one notice with one acknowledgement', () => {
  it('the close summary says how many results exist, out of how many evaluatees', async () => {
    await hr().send('/survey360');
    await hr().tap(kk('survey360:hr.closeButton'));
    await hr().tap(kk('survey360:hr.closeYesButton'));
    // The close runs as a task after the update; its summary is the task's final word.
    await world.app.services.wakeTasks();
    // Five evaluatees (the newcomer is left out); two have the 3 responses a result needs.
    expect(hr().lastMessage()?.text).toBe(kk('survey360:hr.closed', { count: 2, total: 5 }));
  });

  it('the radar chart is the notice: the result in its caption, the acknowledgement its only button', async () => {
    const one = user('1002');
    const notice = await one.waitForMessage((m) => bodyOf(m).startsWith(title('Staff One')), {
      timeoutMs: 30_000,
    });
    expect(notice.method).toBe('sendPhoto');
    expect([...(notice.photo?.bytes ?? Buffer.alloc(0)).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const buttons = buttonsOf(notice);
    expect(buttons.map((b) => b.text)).toEqual([kk('notices:ackButton')]);
    expect(buttons[0]?.callback_data).toMatch(/^ob:[0-9a-f]{24}:ack$/);
    await world.outboxSettled();
    // No second message about the same result: one photo, nothing else from the bot.
    expect(botMessages(PEOPLE[1]!.telegramId).map((m) => m.method)).toEqual(['sendPhoto']);
    const { models } = world.app.services;
    const stored = await models.Notice.find({ employeeId: (await employeeOf('1002'))._id }).lean();
    expect(stored.map((n) => n.kind)).toEqual(['result360']);
  });

  it('the one tap is recorded and starts the window to disagree', async () => {
    // Wednesday 2 December.
    world.setNow(new Date('2026-12-02T05:00:00Z'));
    const one = user('1002');
    const notice = one.messages().find((m) => m.method === 'sendPhoto')!;
    await one.tapIn(notice, kk('notices:ackButton'));
    expect(one.callbackAnswers().at(-1)?.text).toBe(kk('notices:ack.toast'));
    const stored = await world.app.services.models.Notice.findOne({
      employeeId: (await employeeOf('1002'))._id,
    }).lean();
    expect(stored?.acknowledgedAt).toBeInstanceOf(Date);
    // The window counts from delivery (Tuesday 1 December), not from the tap: 5 working days, 8 December.
    expect(stored?.appealUntil).toBe('2026-12-08');
    expect(buttonsOf(one.lastMessage()!).map((b) => b.text)).toEqual([kk('notices:appealButton')]);
  });

  it('below the response threshold: an information message, nothing to acknowledge, in no register', async () => {
    const two = user('1003');
    const info = await two.waitForMessage((m) => bodyOf(m).startsWith(title('Staff Two')));
    expect(info.method).toBe('sendMessage');
    expect(info.text).toContain(kk('survey360:result.notEnough', { have: 0, need: 3 }));
    const buttons = buttonsOf(info);
    expect(buttons.map((b) => b.text)).toEqual([kk('notices:hr.seenButton')]);
    expect(buttons[0]?.callback_data).toMatch(/^ob:[0-9a-f]{24}$/);
    const { models } = world.app.services;
    expect(await models.Notice.countDocuments({ employeeId: (await employeeOf('1003'))._id })).toBe(0);
    await two.tapIn(info, kk('notices:hr.seenButton'));
    expect(two.callbackAnswers().at(-1)?.text).toBe(kk('notices.acknowledged'));
  });

  it('the 2-day alert names the unacknowledged result only, never an information message', async () => {
    await world.outboxSettled();
    // Sent on 1 December; the 2 working days end on Thursday the 3rd.
    await world.dailyTickAt('2026-12-04T04:00:00Z');
    const alert = await hr().waitForMessage((m) => m.text?.startsWith('⏰') ?? false, { since: 0 });
    const result360 = kk('notices:kinds.result360');
    expect(alert.text).toBe(
      [
        kk('notices:hr.overdueTitle', { count: 1 }),
        kk('notices:hr.overdueLine', { name: 'Head One', kind: result360 }),
      ].join('\n'),
    );
  });

  it('the result is downloadable as its appendix form (PDF) by the evaluatee, and by nobody unrelated', async () => {
    const one = user('1002');
    await one.send('/results');
    await one.tap(kk('results:papers.result360Button'));
    const paper = one.messages().find((m) => m.method === 'sendDocument')!;
    expect(paper.document?.file_name).toContain(kk('documents:files.result360'));
    // pdfjs is loaded only now: its canvas polyfills must not reach the radar charts drawn before.
    const { folded, readPdf } = await import('../documents/pdf-reader.ts');
    const text = folded((await readPdf(paper.document!.bytes!)).text);
    expect(text).toContain('Staff One');
    const staff = getMethodology(METHODOLOGY)!.methods.survey360!.competencySets.find(
      (s) => s.id === 'staff',
    )!;
    for (const competency of staff.competencies) expect(text).toContain(competency.title.kk);
    // Every respondent answered 4 on every question.
    expect(text).toContain('4,00');
    const target = await world.app.services.models.SurveyTarget.findOne({
      employeeId: (await employeeOf('1002'))._id,
    }).lean();
    const outsider = user('1004');
    await outsider.send('/help');
    const update = world.api.pushUpdate({
      callback_query: {
        id: world.api.registerCallbackQuery(outsider.id),
        from: outsider.info,
        chat_instance: `ci-${outsider.id}`,
        data: callbacks.papers.result360.build({ targetId: String(target!._id) }),
        message: outsider.lastMessage()!.raw,
      },
    } as never);
    await world.api.waitProcessed(update.update_id);
    expect(outsider.callbackAnswers().at(-1)?.text).toBe(kk('errors.notAllowed'));
    expect(outsider.messages().some((m) => m.method === 'sendDocument')).toBe(false);
  });
});
