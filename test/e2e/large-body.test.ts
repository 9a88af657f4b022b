import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbacks } from '../../src/bot/callback-data.ts';
import type { ChatMessage, SimulatedUser } from '../harness/index.ts';
import { LARGE_BODY, LARGE_ORG, largeNameOf, seedLargeBody, seedNotices } from '../support/large-body.ts';
import { forgeTap } from '../support/two-bodies.ts';
import { World } from '../support/world.ts';

const HR_ID = 8900;
let world: World;
const hr = () => world.api.user({ id: HR_ID, firstName: 'HR', languageCode: 'ru' });

const TEXT_LIMIT = 4096;
const CALLBACK_LIMIT = 64;

/** The buttons of a message as rows of { text, data }. */
function buttonsOf(message: ChatMessage | undefined): { text: string; data: string }[][] {
  const markup = (message?.raw as { reply_markup?: { inline_keyboard?: unknown[][] } } | undefined)
    ?.reply_markup;
  return (markup?.inline_keyboard ?? []).map((row) =>
    row.map((b) => {
      const button = b as { text: string; callback_data?: string };
      return { text: button.text, data: button.callback_data ?? '' };
    }),
  );
}

/** The pager row (◀ k / n ▶) of a message: the page shown and how many there are, from the counter. */
function pagerOf(message: ChatMessage | undefined): { page: number; pages: number; data: string[] } | null {
  for (const row of buttonsOf(message)) {
    const counter = row.find((b) => /^\d+ \/ \d+$/.test(b.text));
    if (!counter) continue;
    const [page, pages] = counter.text.split(' / ').map(Number) as [number, number];
    return { page, pages, data: row.map((b) => b.data) };
  }
  return null;
}

/** Shows the page with this callback data (a pager button's data) on the user's latest message. */
async function tapData(user: SimulatedUser, data: string): Promise<void> {
  await forgeTap(world, user, data);
}

beforeAll(async () => {
  world = await new World({ adminIds: [HR_ID] }).start();
  world.setNow(new Date('2026-10-05T04:00:00Z'));
  await seedLargeBody(world);
  await hr().send(`/scope ${LARGE_ORG}`);
}, 120_000);
afterAll(async () => {
  await world?.stop();
});

describe(`a body of ${LARGE_BODY.people} staff`, () => {
  it('a ranking campaign is created, its summary paged, and every evaluator notified', async () => {
    const { models } = world.app.services;
    await hr().send(`/ranking 2026-Q3 ${LARGE_ORG}`);
    // Creating some 1,500 sheets takes the stand-in database a while.
    await hr().tap(/^➕ /, { timeoutMs: 60_000 });
    const campaign = await models.RankingCampaign.findOne({ organisationCode: LARGE_ORG, period: '2026-Q3' });
    expect(campaign).not.toBeNull();
    const sheets = await models.RankingSheet.find({ campaignId: campaign!._id }).lean();
    // Everyone but the body's head has a superior, so every employee but one is evaluated.
    expect(sheets.length).toBeGreaterThanOrEqual(LARGE_BODY.people - 1);
    const summary = hr().lastMessage();
    expect(summary?.text).toContain(`листов ${sheets.length}`);
    const pager = pagerOf(summary);
    expect(pager).toMatchObject({ page: 1, pages: Math.ceil(sheets.length / 20) });

    // Every evaluator's notice is queued once (counted in the outbox, not waited for).
    const evaluators = new Set(
      sheets.filter((s) => s.status === 'pending' && s.evaluatorId).map((s) => String(s.evaluatorId)),
    );
    expect(evaluators.size).toBe(Math.ceil(LARGE_BODY.people / LARGE_BODY.unitSize));
    const queued = await models.OutboxItem.countDocuments({
      key: { $regex: `^rkLaunch:${String(campaign!._id)}:` },
    });
    expect(queued).toBe(evaluators.size);

    // The last page from its callback data, then back one page with ◀.
    const last = pager!.pages - 1;
    await tapData(
      hr(),
      callbacks.rankingHr.summaryPage.build({ campaignId: String(campaign!._id), page: last }),
    );
    expect(pagerOf(hr().lastMessage())).toMatchObject({ page: last + 1, pages: pager!.pages });
    await hr().tap('◀');
    expect(pagerOf(hr().lastMessage())).toMatchObject({ page: last, pages: pager!.pages });
  }, 120_000);

  it('the delivery register shows all 1,500 notices page by page, the last page too', async () => {
    const count = await seedNotices(world);
    expect(count).toBe(LARGE_BODY.people);
    await hr().send('/hr');
    await hr().tap('📒 Реестр доставки');
    const first = hr().lastMessage();
    const pages = Math.ceil(count / 10);
    expect(pagerOf(first)).toMatchObject({ page: 1, pages });
    const seen = new Set<string>();
    const namesOn = (message: ChatMessage | undefined) =>
      (message?.text ?? '').match(/Sotrudnikova-\S+ \S+ \S+ \d{4}/g) ?? [];
    for (const name of namesOn(first)) seen.add(name);
    await hr().tap('▶');
    expect(pagerOf(hr().lastMessage())).toMatchObject({ page: 2, pages });
    for (const name of namesOn(hr().lastMessage())) seen.add(name);
    await hr().tap('▶');
    for (const name of namesOn(hr().lastMessage())) seen.add(name);
    await tapData(hr(), callbacks.console.registerPage.build({ filter: 'all', page: pages - 1 }));
    const lastPage = hr().lastMessage();
    expect(pagerOf(lastPage)?.page).toBe(pages);
    expect(
      buttonsOf(lastPage)
        .flat()
        .some((b) => b.text === '▶'),
    ).toBe(false);
    for (const name of namesOn(lastPage)) seen.add(name);
    // Four pages of ten different people each; the list is the same on every tap.
    expect(seen.size).toBe(40);
    expect(lastPage?.text).toContain(`(${count})`);
  }, 120_000);

  it('360 targets and progress are paged', async () => {
    const { models } = world.app.services;
    await hr().send('/survey360');
    // Planning 1,500 evaluatees with their respondents is the slowest step of the run.
    await hr().tap(/Создать кампанию/, { timeoutMs: 60_000 });
    const campaign = await models.SurveyCampaign.findOne({ organisationCode: LARGE_ORG });
    expect(campaign).not.toBeNull();
    const targets = await models.SurveyTarget.countDocuments({
      campaignId: campaign!._id,
      excludedReason: null,
    });
    expect(targets).toBeGreaterThan(1000);
    await hr().tap('👥 Оцениваемые');
    const targetPages = Math.ceil(targets / 10);
    expect(pagerOf(hr().lastMessage())).toMatchObject({ page: 1, pages: targetPages });
    expect(
      buttonsOf(hr().lastMessage())
        .flat()
        .filter((b) => b.data.startsWith('s3h:t:')),
    ).toHaveLength(10);
    await hr().tap('▶');
    expect(pagerOf(hr().lastMessage())).toMatchObject({ page: 2, pages: targetPages });
    await tapData(
      hr(),
      callbacks.surveyHr.targetsPage.build({ campaignId: String(campaign!._id), page: targetPages - 1 }),
    );
    expect(pagerOf(hr().lastMessage())).toMatchObject({ page: targetPages, pages: targetPages });

    // Launched (its invitations are another test's matter): the progress per evaluatee is paged.
    await models.SurveyCampaign.updateOne({ _id: campaign!._id }, { $set: { state: 'launched' } });
    await hr().send('/survey360');
    await hr().tap('📊 Ход оценки');
    const progressPages = Math.ceil(targets / 25);
    const progress = hr().lastMessage();
    expect(pagerOf(progress)).toMatchObject({ page: 1, pages: progressPages });
    expect(progress?.text).toContain(largeNameOf(0).slice(0, 20));
    await hr().tap('▶');
    expect(pagerOf(hr().lastMessage())).toMatchObject({ page: 2, pages: progressPages });
  }, 120_000);

  it('no Telegram call was ever over its limit: no 400 came back, every text and button fits', async () => {
    const rejected = world.api.calls.filter((call) => !call.response.ok && call.response.error_code === 400);
    expect(rejected.map((call) => `${call.method}: ${JSON.stringify(call.response)}`)).toEqual([]);
    const sent = world.api.calls.filter((call) => /^(sendMessage|editMessageText)$/.test(call.method));
    expect(sent.length).toBeGreaterThan(10);
    for (const call of sent) {
      expect(String(call.params.text ?? '').length).toBeLessThanOrEqual(TEXT_LIMIT);
      const markup = call.params.reply_markup;
      const keyboard = (typeof markup === 'string' ? JSON.parse(markup) : markup) as
        | { inline_keyboard?: { callback_data?: string }[][] }
        | undefined;
      for (const button of keyboard?.inline_keyboard?.flat() ?? [])
        expect(Buffer.byteLength(button.callback_data ?? '', 'utf8')).toBeLessThanOrEqual(CALLBACK_LIMIT);
    }
  });
});
