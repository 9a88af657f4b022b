import { AsyncLocalStorage } from 'node:async_hooks';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { callbacks } from '../../src/bot/callback-data.ts';
import { createCampaign, launchCampaign } from '../../src/evaluation/survey360/campaign.ts';
import { getMethodology } from '../../src/methodology/index.ts';
import type { SimulatedUser } from '../harness/index.ts';
import { kk } from '../support/i18n.ts';
import { answer, METHODOLOGY, ORG, PEOPLE, progressOf, seedDepartment } from '../support/survey360.ts';
import { World } from '../support/world.ts';

/**
 * What one questionnaire answer costs the database: the driver's own command monitoring, counted
 * for the answer taps' updates only (the outbox worker and the scheduler run meanwhile).
 */
const monitoredUri = () => {
  const url = new URL(inject('mongoUri'));
  url.searchParams.set('monitorCommands', 'true');
  return url.toString();
};

let world: World;
let respondent: SimulatedUser;
const answering = new AsyncLocalStorage<true>();
let commands: string[] = [];

beforeAll(async () => {
  world = await new World({ env: { MONGODB_URI: monitoredUri() } }).start();
  world.setNow(new Date('2026-12-01T04:00:00Z'));
  await seedDepartment(world);
  const { models } = world.app.services;
  const created = await createCampaign(models, { organisationCode: ORG, year: 2026, createdBy: 1 });
  if (!created.ok) throw new Error(created.problem);
  const launched = await launchCampaign(models, created.campaignId);
  if (!launched.ok) throw new Error(launched.problem);

  const { bot } = world.app;
  const handle = bot.handleUpdate.bind(bot);
  bot.handleUpdate = (update, ...rest) => {
    const data = update.callback_query?.data;
    const isAnswer = data !== undefined && callbacks.survey.answer.parse(data) !== null;
    return isAnswer ? answering.run(true, () => handle(update, ...rest)) : handle(update, ...rest);
  };
  models.Account.db.getClient().on('commandStarted', (event) => {
    if (!answering.getStore()) return;
    const collection = String((event.command as Record<string, unknown>)[event.commandName] ?? '');
    commands.push(`${event.commandName}:${collection}`);
  });
  respondent = world.api.user({ id: PEOPLE[1]!.telegramId, firstName: PEOPLE[1]!.name });
}, 60_000);
afterAll(async () => {
  await world.stop();
});

describe('a questionnaire answer', () => {
  it('costs one MongoDB command: the draft update (no dialogue state, no identity read)', async () => {
    await respondent.send('/survey');
    await respondent.tap('Head One');
    const intro = getMethodology(METHODOLOGY)!.methods.survey360!.intro?.kk;
    if (intro && respondent.lastMessage()?.text === intro)
      await respondent.tap(kk('survey360:continueButton'));
    expect(progressOf(respondent)?.k).toBe(1);

    commands = [];
    const taps = 6;
    for (let k = 1; k <= taps; k++) await answer(respondent, 1 + (k % 5));
    expect(progressOf(respondent)?.k).toBe(taps + 1);
    // The cache versions are read at most once a second per instance, whatever the number of updates.
    const perAnswer = commands.filter((c) => c !== 'find:cachestamps');
    expect(perAnswer).toEqual(Array.from({ length: taps }, () => 'findAndModify:surveydrafts'));
  });

  it('is kept, with its next screen and no error reply, when answering the tap fails', async () => {
    const before = progressOf(respondent)!.k;
    world.api.failNext('answerCallbackQuery', {
      error_code: 400,
      description: 'Bad Request: query is too old and response timeout expired or query ID is invalid',
    });
    await answer(respondent, 3);
    expect(progressOf(respondent)?.k).toBe(before + 1);
    expect(respondent.messages().some((m) => m.text === kk('errors.generic'))).toBe(false);
  });
});
