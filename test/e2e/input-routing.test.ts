import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign, launchCampaign } from '../../src/evaluation/survey360/campaign.ts';
import { formatDate } from '../../src/i18n/format.ts';
import { sendResultNotice } from '../../src/notifications/notices.ts';
import type { SimulatedUser } from '../harness/index.ts';
import { approveKpiPlan } from '../support/kpi-plan.ts';
import { last, openSheet, rankUser, seedRankingRoster, sheetOf } from '../support/ranking-world.ts';
import {
  answerQuestionnaire,
  ORG,
  PEOPLE,
  progressOf,
  questionSlots,
  seedDepartment,
} from '../support/survey360.ts';
import { World } from '../support/world.ts';

/**
 * Typed input goes to the one flow the account waits for (its awaiting-input record), whatever else
 * is open; /cancel says what it left; a button of another flow, or an old one, changes nothing.
 */
const HR_ID = 8100;

describe('typed input with a ranking sheet open', () => {
  let world: World;
  const hr = () => world.api.user({ id: HR_ID, firstName: 'HR', languageCode: 'ru' });
  const head = () => rankUser(world, '3001');
  const t = (key: string, options?: Record<string, unknown>) =>
    world.app.services.translator.forLanguage('ru')(key, options);
  const awaitingOf = (user: SimulatedUser) =>
    world.app.services.models.AwaitingInput.findOne({ telegramId: user.id }).lean();
  const appealsOf = async (campaignId: string) => {
    const { Notice, Appeal } = world.app.services.models;
    const notice = await Notice.findOne({ campaignId }).lean();
    return Appeal.find({ noticeId: notice!._id }).lean();
  };
  /** A quarter result notice to the head of unit, acknowledged: it then carries "I disagree". */
  async function acknowledgedNotice(campaignId: string) {
    const { Employee } = world.app.services.models;
    const employee = await Employee.findOne({ personnelNumber: '3001' });
    await sendResultNotice(world.app.services, {
      kind: 'quarter',
      campaignId,
      employeeId: employee!._id,
      methodologyId: 'almaty-city-akimat-2023',
      render: (tr) => ({ text: `${tr('notices:kinds.quarter')}: ${campaignId}` }),
    });
    const notice = await head().waitForMessage((m) => m.text?.endsWith(campaignId) ?? false, { since: 0 });
    await head().tapIn(notice, t('notices:ackButton'));
    return head().lastMessage()!;
  }
  let firstQuestion: number;

  beforeAll(async () => {
    world = await new World({ adminIds: [HR_ID] }).start();
    // Monday 5 October 2026, 09:00 in Almaty: the 2026-Q3 sheets are due by 10 October.
    world.setNow(new Date('2026-10-05T04:00:00Z'));
    await seedRankingRoster(world);
    await hr().send('/scope alm');
    await hr().send('/ranking 2026-Q3 alm');
    await hr().tap(/^➕/);
  }, 60_000);
  afterAll(async () => {
    await world.stop();
  });

  it('an appeal typed while the appellant’s own sheet waits for a justification is filed; the sheet is untouched', async () => {
    await openSheet(head(), 'Bolat Active');
    firstQuestion = head().lastMessage()!.message_id;
    await head().send('4');
    expect(last(head())).toContain(t('ranking:sheet.progress', { k: 2, n: 8 }));
    const before = (await sheetOf(world, '3002'))!.toObject();
    expect(before.step).toBe(1);

    const ack = await acknowledgedNotice('appeal-1');
    await head().tapIn(ack, t('notices:appealButton'));
    expect(last(head())).toBe(t('notices:appeal.askStatement'));
    const statement = 'Не согласна: не учтены итоги проверки';
    await head().send(statement);
    expect(last(head())).toBe(t('notices:appeal.confirm', { statement }));
    await head().tap(t('notices:appeal.submitButton'));
    const appeals = await appealsOf('appeal-1');
    expect(appeals.map((a) => a.statement)).toEqual([statement]);
    expect(last(head())).toBe(
      t('notices:appeal.filed', {
        decisionBy: formatDate(appeals[0]!.decisionBy),
        sessionBy: formatDate(appeals[0]!.sessionBy),
      }),
    );
    const after = (await sheetOf(world, '3002'))!.toObject();
    expect(after.step).toBe(before.step);
    expect(after.scores).toEqual(before.scores);
    expect(after.justifications).toEqual(before.justifications);
    expect(await awaitingOf(head())).toBeNull();
  });

  it('/cancel at a justification says it left the sheet; the score given stays', async () => {
    await head().send('/evaluate');
    await head().tap(/Bolat Active/);
    expect(last(head())).toContain(t('ranking:sheet.progress', { k: 2, n: 8 }));
    await head().send('/cancel');
    expect(last(head())).toBe(t('cancel.left.sheet', { name: 'Bolat Active' }));
    await head().send('Замечаний нет');
    expect(last(head())).toBe(t('help.unknown'));
    const sheet = await sheetOf(world, '3002');
    expect(sheet?.step).toBe(1);
    expect(Object.values(sheet?.toObject().scores ?? {})).toEqual([4]);
    expect(Object.keys(sheet?.toObject().justifications ?? {})).toEqual([]);
  });

  it('/cancel at a score says it left the sheet; a number typed afterwards is no score', async () => {
    await head().send('/evaluate');
    await head().tap(/Dana Leave/);
    expect(last(head())).toContain(t('ranking:sheet.progress', { k: 1, n: 8 }));
    await head().send('/cancel');
    expect(last(head())).toBe(t('cancel.left.sheet', { name: 'Dana Leave' }));
    await head().send('5');
    expect(last(head())).toBe(t('help.unknown'));
    expect((await sheetOf(world, '3003'))?.step).toBe(0);
  });

  it('/cancel while the appeal statement is awaited says it was not sent and until when it can be', async () => {
    const ack = await acknowledgedNotice('appeal-2');
    await head().tapIn(ack, t('notices:appealButton'));
    await head().send('Первый вариант заявления');
    expect(last(head())).toContain('Первый вариант заявления');
    await head().send('/cancel');
    // Acknowledged on Monday 5 October: 5 working days to disagree.
    expect(last(head())).toBe(t('cancel.left.appealStatement', { date: '12.10.2026' }));
    await head().send('Ещё текст');
    expect(last(head())).toBe(t('help.unknown'));
    expect(await appealsOf('appeal-2')).toEqual([]);
  });

  it('another flow’s old button while a justification is awaited changes nothing; the justification is then taken', async () => {
    const oldConfirmation = head()
      .messages()
      .filter((m) => m.text?.includes('Первый вариант заявления'))
      .at(-1)!;
    await head().send('/evaluate');
    await head().tap(/Bolat Active/);
    const awaiting = await awaitingOf(head());
    expect(awaiting).toMatchObject({ kind: 'sheet', step: 1 });
    await head().tapIn(oldConfirmation, t('notices:appeal.submitButton'));
    expect(head().callbackAnswers().at(-1)?.text).toBe(t('errors.staleButton'));
    expect(await appealsOf('appeal-2')).toEqual([]);
    expect(await awaitingOf(head())).toMatchObject({
      kind: 'sheet',
      documentId: awaiting!.documentId,
      step: 1,
    });
    await head().send('Замечаний нет');
    expect(last(head())).toContain(t('ranking:sheet.progress', { k: 3, n: 8 }));
    const sheet = (await sheetOf(world, '3002'))!.toObject();
    expect(Object.values(sheet.justifications ?? {})).toEqual(['Замечаний нет']);
    expect(sheet.step).toBe(2);
  });

  it('a stale sheet button while the appeal statement is awaited changes nothing; the statement is then taken', async () => {
    const ack = head()
      .messages()
      .filter((m) => m.reply_markup && JSON.stringify(m.reply_markup).includes(t('notices:appealButton')))
      .at(-1)!;
    await head().tapIn(ack, t('notices:appealButton'));
    const before = (await sheetOf(world, '3002'))!.toObject();
    await head().tapIn(firstQuestion, '3');
    expect(head().callbackAnswers().at(-1)?.text).toBe(t('ranking:stale.answered'));
    expect((await sheetOf(world, '3002'))!.toObject().scores).toEqual(before.scores);
    expect(await awaitingOf(head())).toMatchObject({ kind: 'appealStatement' });
    await head().send('Второе заявление');
    expect(last(head())).toBe(t('notices:appeal.confirm', { statement: 'Второе заявление' }));
    await head().tap(t('notices:appeal.cancelButton'));
    expect(last(head())).toBe(t('notices:appeal.cancelled'));
    expect(await appealsOf('appeal-2')).toEqual([]);
  });

  it('after a day without an answer the sheet no longer takes typed input, and says so', async () => {
    await head().send('/evaluate');
    await head().tap(/Bolat Active/);
    expect(last(head())).toContain(t('ranking:sheet.progress', { k: 3, n: 8 }));
    world.setNow(new Date('2026-10-06T05:00:00Z'));
    await head().send('4');
    expect(last(head())).toBe(t('input.expired', { what: t('input.what.sheet') }));
    expect((await sheetOf(world, '3002'))?.step).toBe(2);
    await head().send('4');
    expect(last(head())).toBe(t('help.unknown'));
  });

  it('/cancel with nothing to leave says so', async () => {
    await head().send('/cancel');
    expect(last(head())).toBe(t('cancel.nothing'));
  });
});

describe('the superior’s comment on sending a sheet back', () => {
  let world: World;
  const hr = () => world.api.user({ id: HR_ID, firstName: 'HR', languageCode: 'ru' });
  const evaluator = () => rankUser(world, '5001');
  const superior = () => rankUser(world, '5000');
  const t = (key: string, options?: Record<string, unknown>) =>
    world.app.services.translator.forLanguage('ru')(key, options);

  beforeAll(async () => {
    world = await new World({ adminIds: [HR_ID] }).start();
    world.setNow(new Date('2027-01-05T04:00:00Z'));
    await seedRankingRoster(world);
    await hr().send('/scope reg');
    await hr().send('/kpiplan 5002 2026\nКЦИ 1\nКЦИ 2\nКЦИ 3\nКЦИ 4\nКЦИ 5');
    // Only an approved plan puts the employee in the Chapter 6 group: the higher superior approves it.
    await approveKpiPlan(world, rankUser(world, '5000'));
    await hr().send('/ranking 2026 reg');
    await hr().tap(/^➕/);
    await openSheet(evaluator(), 'Region Staff');
    for (let i = 0; i < 5; i++) await evaluator().tap(t('ranking:buttons.fulfilled'));
    await evaluator().tap(t('ranking:buttons.submit'));
    await evaluator().tap(t('ranking:buttons.confirm'));
  }, 60_000);
  afterAll(async () => {
    await world.stop();
  });

  it('/cancel after "send back" says the sheet still waits for a decision; text then is no comment', async () => {
    await superior().waitForMessage(
      (m) => JSON.stringify(m.reply_markup ?? {}).includes(t('ranking:buttons.sendBack')),
      { since: 0 },
    );
    await superior().tap(t('ranking:buttons.sendBack'));
    expect(last(superior())).toBe(t('ranking:review.askComment'));
    await superior().send('/cancel');
    expect(last(superior())).toBe(t('cancel.left.reviewComment', { name: 'Region Staff' }));
    await superior().send('Проверьте КЦИ 5');
    expect(last(superior())).toBe(t('help.unknown'));
    const sheet = await sheetOf(world, '5002', 'kpi');
    expect(sheet?.status).toBe('underReview');
    expect(sheet?.review?.comment ?? null).toBeNull();
  });

  it('the comment typed after "send back" returns the sheet', async () => {
    await superior().tap(t('ranking:buttons.sendBack'));
    await superior().send('Проверьте КЦИ 5');
    expect(last(superior())).toBe(t('ranking:review.sentBack'));
    const sheet = await sheetOf(world, '5002', 'kpi');
    expect(sheet?.status).toBe('returned');
    expect(sheet?.review?.comment).toBe('Проверьте КЦИ 5');
  });
});

describe('/cancel in the middle of a 360 questionnaire', () => {
  let world: World;
  const respondent = () => world.api.user({ id: PEOPLE[2]!.telegramId, firstName: PEOPLE[2]!.name });
  const t = (key: string, options?: Record<string, unknown>) =>
    world.app.services.translator.forLanguage('kk')(key, options);

  beforeAll(async () => {
    world = await new World({ adminIds: [HR_ID] }).start();
    world.setNow(new Date('2026-11-23T04:00:00Z'));
    await seedDepartment(world);
    const { models } = world.app.services;
    const created = await createCampaign(models, { organisationCode: ORG, year: 2026, createdBy: HR_ID });
    if (!created.ok) throw new Error(created.problem);
    const launched = await launchCampaign(models, String(created.campaignId));
    if (!launched.ok) throw new Error(launched.problem);
  }, 60_000);
  afterAll(async () => {
    await world.stop();
  });

  it('says how many answers are kept, turns the questionnaire message into "paused", and /survey resumes', async () => {
    const total = questionSlots('staff').length;
    await answerQuestionnaire(respondent(), PEOPLE[1]!.name, 'staff', () => 4, { stopAfter: 3 });
    const questionnaire = respondent().lastMessage()!;
    expect(progressOf(respondent())).toEqual({ k: 4, n: total });
    await respondent().send('/cancel');
    expect(last(respondent())).toBe(t('cancel.left.survey', { answered: 3, total }));
    const paused = world.api.message(respondent().chatId, questionnaire.message_id);
    expect(paused?.text).toBe(t('survey360:paused'));
    expect(JSON.stringify(paused?.reply_markup ?? {})).not.toContain('s3:');
    await respondent().send('/cancel');
    expect(last(respondent())).toBe(t('cancel.nothing'));
    await respondent().send('/survey');
    await respondent().tap(PEOPLE[1]!.name);
    expect(progressOf(respondent())).toEqual({ k: 4, n: total });
  });
});
