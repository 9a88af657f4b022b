import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbacks } from '../../src/bot/callback-data.ts';
import { formatPeriod } from '../../src/i18n/format.ts';
import { getMethodology } from '../../src/methodology/index.ts';
import { isLaunchNotice, last, rankUser, seedRankingRoster, telegramIdOf } from '../support/ranking-world.ts';
import { forgeTap } from '../support/two-bodies.ts';
import { World } from '../support/world.ts';

/**
 * HR's new-campaign wizard (a conversation kept in MongoDB): 360 and ranking campaigns created step by
 * step, a restart in the middle, /cancel, refused dates and forged buttons, one flow at a time.
 */
const HR_ID = 8300;
const cw = callbacks.campaignWizard;

describe('the new-campaign wizard', () => {
  let world: World;
  const hr = () => world.api.user({ id: HR_ID, firstName: 'HR', languageCode: 'ru' });
  const t = (key: string, options?: Record<string, unknown>) =>
    world.app.services.translator.forLanguage('ru')(key, options);
  const models = () => world.app.services.models;
  const dialogueOf = (chatId: number) => models().ConversationState.findById(`chat:${chatId}`).lean();
  const lastAnswer = () => hr().callbackAnswers().at(-1)?.text;
  /** The callback data of the buttons on the latest message with buttons. */
  const buttonsData = () => {
    const withKeyboard = hr()
      .messages()
      .filter((m) => JSON.stringify(m.reply_markup ?? {}).includes('callback_data'));
    const markup = withKeyboard.at(-1)?.reply_markup as
      | { inline_keyboard: { text: string; callback_data: string }[][] }
      | undefined;
    return (markup?.inline_keyboard ?? []).flat().map((b) => b.callback_data);
  };

  beforeAll(async () => {
    world = await new World({ adminIds: [HR_ID] }).start();
    // Monday 5 October 2026, 09:00 in Almaty: the third quarter is being evaluated (due 10 October).
    world.setNow(new Date('2026-10-05T04:00:00Z'));
    await seedRankingRoster(world);
    await hr().send('/scope alm');
  }, 60_000);
  afterAll(async () => {
    await world.stop();
  });

  it('creates a 360 campaign from the /hr console with the deadline HR typed; wrong dates are refused', async () => {
    await hr().send('/hr');
    await hr().tap(t('wizard:consoleButton'));
    expect(last(hr())).toBe(t('wizard:family.ask'));
    expect(buttonsData()).toEqual([
      cw.family.build({ family: 'survey360' }),
      cw.family.build({ family: 'ranking' }),
      cw.cancel.build(),
    ]);
    await hr().tap(t('wizard:family.survey360'));
    expect(last(hr())).toContain(getMethodology('almaty-city-akimat-2023')!.title.ru);
    await hr().tap(t('wizard:scheme.s360'));
    // 2025's 360 was due on 10 January 2026: only this year and the next are offered.
    expect(buttonsData()).toEqual([
      cw.period.build({ period: '2026' }),
      cw.period.build({ period: '2027' }),
      cw.cancel.build(),
    ]);
    await hr().tap(formatPeriod(t, '2026'));
    expect(last(hr())).toBe(
      t('wizard:deadline.ask', {
        period: formatPeriod(t, '2026'),
        earliest: '05.10.2026',
        latest: '10.01.2027',
      }),
    );

    await hr().send('30.02.2026');
    expect(last(hr())).toBe(t('wizard:deadline.invalid', { example: '10.01.2027' }));
    await hr().send('01.10.2026');
    expect(last(hr())).toBe(t('wizard:deadline.tooEarly', { earliest: '05.10.2026' }));
    await hr().send('11.01.2027');
    expect(last(hr())).toBe(t('wizard:deadline.tooLate', { latest: '10.01.2027' }));
    expect(await models().SurveyCampaign.countDocuments()).toBe(0);

    await hr().send('20.12.2026');
    expect(last(hr())).toContain('20.12.2026');
    expect(buttonsData()).toEqual([cw.confirm.build(), cw.cancel.build()]);
    await hr().tap(t('wizard:summary.confirmButton'));
    const campaign = await models().SurveyCampaign.findOne({ organisationCode: 'alm', year: 2026 }).lean();
    expect(campaign).toMatchObject({
      state: 'draft',
      deadline: '2026-12-20',
      methodologyId: 'almaty-city-akimat-2023',
    });
    expect(await models().SurveyTarget.countDocuments({ campaignId: campaign!._id })).toBeGreaterThan(0);
    // The campaign's own console follows, as after /survey360.
    expect(buttonsData()).toContain(callbacks.surveyHr.launch.build({ campaignId: String(campaign!._id) }));
    expect(await dialogueOf(HR_ID)).toBeNull();
  });

  it('resumes at the same step after a restart and creates the quarter’s ranking campaign', async () => {
    await hr().send('/newcampaign');
    await hr().tap(t('wizard:family.ranking'));
    await hr().tap(t('wizard:scheme.quarter'));
    expect(buttonsData()).toEqual([
      cw.period.build({ period: '2026-Q3' }),
      cw.period.build({ period: '2026-Q4' }),
      cw.period.build({ period: '2027-Q1' }),
      cw.cancel.build(),
    ]);
    expect(await dialogueOf(HR_ID)).not.toBeNull();

    await world.restart();

    await hr().tap(formatPeriod(t, '2026-Q3'));
    expect(last(hr())).toBe(
      t('wizard:deadline.ask', {
        period: formatPeriod(t, '2026-Q3'),
        earliest: '05.10.2026',
        latest: '10.10.2026',
      }),
    );
    await world.restart();
    await hr().send('09.10.2026');
    await hr().tap(t('wizard:summary.confirmButton'));

    const campaign = await models()
      .RankingCampaign.findOne({ organisationCode: 'alm', period: '2026-Q3' })
      .lean();
    expect(campaign).toMatchObject({ state: 'open', methodologyId: 'almaty-city-akimat-2023' });
    const sheets = await models().RankingSheet.find({ campaignId: campaign!._id }).lean();
    expect(sheets.length).toBeGreaterThan(0);
    const deadlines = new Set(sheets.filter((s) => s.deadline).map((s) => s.deadline));
    expect([...deadlines]).toEqual(['2026-10-09']);
    // The evaluators are told, as after /ranking: the head of the unit evaluates its staff.
    await rankUser(world, '3001').waitForMessage(isLaunchNotice, { since: 0 });
    expect(await dialogueOf(HR_ID)).toBeNull();
    // The period now has its campaign: the wizard no longer offers it.
    await hr().send('/newcampaign');
    await hr().tap(t('wizard:family.ranking'));
    await hr().tap(t('wizard:scheme.quarter'));
    expect(buttonsData()).not.toContain(cw.period.build({ period: '2026-Q3' }));
    await hr().send('/cancel');
  });

  it('/cancel mid-wizard says what it left; the wizard’s old buttons then do nothing', async () => {
    await hr().send('/newcampaign');
    await hr().tap(t('wizard:family.survey360'));
    const atScheme = hr().lastMessage()!;
    await hr().send('/cancel');
    expect(last(hr())).toBe(t('wizard:cancelLeft'));
    expect(await dialogueOf(HR_ID)).toBeNull();
    await hr().tapIn(atScheme, t('wizard:scheme.s360'));
    expect(lastAnswer()).toBe(t('errors.staleButton'));
    await hr().send('05.11.2026');
    expect(last(hr())).toBe(t('help.unknown'));
    await hr().send('/cancel');
    expect(last(hr())).toBe(t('cancel.nothing'));
  });

  it('refuses a forged methodology and a forged period, and stays at its step', async () => {
    await hr().send('/newcampaign');
    await hr().tap(t('wizard:family.ranking'));
    // Another body's methodology, and this body's but a scheme it does not have.
    await forgeTap(world, hr(), cw.scheme.build({ methodologyId: 'justice-2026', scheme: 'quarter' }));
    expect(lastAnswer()).toBe(t('errors.notAllowed'));
    await forgeTap(
      world,
      hr(),
      cw.scheme.build({ methodologyId: 'almaty-city-akimat-2023', scheme: 'year' }),
    );
    expect(lastAnswer()).toBe(t('errors.notAllowed'));
    // A button of a later step is not taken at this one.
    await forgeTap(world, hr(), cw.period.build({ period: '2026-Q4' }));
    expect(lastAnswer()).toBe(t('wizard:oldStep'));
    await hr().tap(t('wizard:scheme.quarter'));
    // A period not offered (long past, and the one that already has its campaign).
    await forgeTap(world, hr(), cw.period.build({ period: '2025-Q1' }));
    expect(lastAnswer()).toBe(t('errors.notAllowed'));
    await forgeTap(world, hr(), cw.period.build({ period: '2026-Q3' }));
    expect(lastAnswer()).toBe(t('errors.notAllowed'));
    await hr().tap(formatPeriod(t, '2026-Q4'));
    expect(last(hr())).toContain('10.01.2027');
    await hr().send('/cancel');
    expect(await models().RankingCampaign.countDocuments({ period: { $ne: '2026-Q3' } })).toBe(0);
  });

  it('one flow at a time: the wizard clears a waiting upload; another command ends the wizard and runs', async () => {
    await hr().send('/import');
    expect(await models().AwaitingInput.findOne({ telegramId: HR_ID }).lean()).toMatchObject({
      kind: 'rosterFile',
    });
    await hr().send('/newcampaign');
    expect(await models().AwaitingInput.findOne({ telegramId: HR_ID }).lean()).toBeNull();
    expect(last(hr())).toBe(t('wizard:family.ask'));
    // Text at a button step is not taken.
    await hr().send('360');
    expect(last(hr())).toBe(t('wizard:useButtons'));
    await hr().send('/import');
    expect(
      hr()
        .messages()
        .some((m) => m.text === t('wizard:left')),
    ).toBe(true);
    expect(await dialogueOf(HR_ID)).toBeNull();
    expect(await models().AwaitingInput.findOne({ telegramId: HR_ID }).lean()).toMatchObject({
      kind: 'rosterFile',
    });
    await hr().send('/cancel');
  });

  it('/help leaves it open; another flow’s button ends it and goes to that flow; a day without an answer ends it', async () => {
    await hr().send('/hr');
    const console = hr().lastMessage()!;
    await hr().send('/newcampaign');
    await hr().send('/help');
    expect(last(hr())).toContain(t('help.hr'));
    await hr().tap(t('wizard:family.ranking'));
    expect(buttonsData()).toContain(
      cw.scheme.build({ methodologyId: 'almaty-city-akimat-2023', scheme: 'quarter' }),
    );
    await hr().tapIn(console, t('notices:console.appealsButton'));
    expect(hr().messages().at(-2)?.text).toBe(t('wizard:left'));
    expect(await dialogueOf(HR_ID)).toBeNull();
    expect(await models().AuditLog.exists({ action: 'hr.appeals' })).toBeTruthy();

    await hr().send('/newcampaign');
    await hr().tap(t('wizard:family.survey360'));
    const started = world.now();
    world.setNow(new Date(started.getTime() + 25 * 3_600_000));
    await hr().tap(t('wizard:scheme.s360'));
    expect(last(hr())).toBe(t('wizard:expired'));
    expect(await dialogueOf(HR_ID)).toBeNull();
    world.setNow(new Date('2026-10-05T06:00:00Z'));
  });

  it('a plain employee cannot open it, by command or by button', async () => {
    const employee = rankUser(world, '3002');
    await employee.send('/newcampaign');
    expect(last(employee)).toBe(t('errors.notAllowed'));
    await forgeTap(world, employee, cw.start.build());
    expect(employee.callbackAnswers().at(-1)?.text).toBe(t('errors.notAllowed'));
    expect(await dialogueOf(telegramIdOf('3002'))).toBeNull();
  });

  it('checks the officer’s rights again at "Create": rights removed mid-dialogue create nothing', async () => {
    await hr().send('/newcampaign');
    await hr().tap(t('wizard:family.ranking'));
    await hr().tap(t('wizard:scheme.quarter'));
    await hr().tap(formatPeriod(t, '2026-Q4'));
    await hr().send('10.01.2027');
    expect(hr().lastMessage()?.text).toContain('10.01.2027');
    await world.restart({ adminIds: [] });
    await hr().tap(t('wizard:summary.confirmButton'));
    expect(lastAnswer()).toBe(t('errors.notAllowed'));
    expect(await models().RankingCampaign.countDocuments({ period: '2026-Q4' })).toBe(0);
    expect(await dialogueOf(HR_ID)).toBeNull();
  });
});
