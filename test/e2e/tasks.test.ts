import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign, launchCampaign } from '../../src/evaluation/survey360/campaign.ts';
import { finishCampaign } from '../../src/notifications/results/survey360.ts';
import { taskKey } from '../../src/tasks/kinds.ts';
import { PEOPLE, seedDepartment } from '../support/survey360.ts';
import { World } from '../support/world.ts';

let world: World;
let campaignId = '';
const evaluatees = PEOPLE.filter((p) => p.number !== '1006');

beforeAll(async () => {
  world = await new World().start();
  world.setNow(new Date('2027-01-11T04:00:00Z'));
  await seedDepartment(world);
  const { models } = world.app.services;
  const created = await createCampaign(models, { organisationCode: 'test-akimat', year: 2026, createdBy: 1 });
  if (!created.ok) throw new Error(created.problem);
  campaignId = String(created.campaignId);
  const launched = await launchCampaign(models, campaignId);
  if (!launched.ok) throw new Error(launched.problem);
});
afterAll(async () => {
  await world.stop();
});

describe('a campaign close that dies halfway', () => {
  it('is finished by the restarted bot, with one message per evaluatee queued and sent exactly once', async () => {
    const { services } = world.app;
    // An instance took the task (its lease runs a minute) and dies after two notices: it never finishes,
    // never lets go. Written as already claimed, so this bot's own runner cannot take it first.
    const task = await services.models.Task.create({
      key: taskKey.closeSurvey360(campaignId),
      kind: 'survey360.close',
      payload: { campaignId },
      state: 'running',
      owner: 'dying-instance',
      leaseUntil: new Date(world.now().getTime() + 60_000),
      attempts: 1,
      runAfter: world.now(),
      createdAt: world.now(),
    });
    // It stops for good before the third evaluatee, with the first two fully queued.
    let stuck = false;
    void finishCampaign(services, campaignId, async (done) => {
      if (done < 2) return;
      stuck = true;
      await new Promise(() => undefined);
    });
    for (let i = 0; i < 1000 && !stuck; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    // Nobody answered: each evaluatee is told there is no result (information, not a registered notice).
    expect(await services.models.OutboxItem.countDocuments({ kind: 'result360info' })).toBe(2);
    expect(await services.models.Task.findById(task._id).lean()).toMatchObject({ state: 'running' });

    // The restart happens after the dead instance's lease ran out.
    world.setNow(new Date(world.now().getTime() + 61_000));
    await world.restart();
    await world.app.services.wakeTasks();
    await world.outboxSettled();

    const { models } = world.app.services;
    expect(await models.Task.findById(task._id).lean()).toMatchObject({ state: 'done', attempts: 2 });
    expect(await models.OutboxItem.countDocuments({ kind: 'result360info' })).toBe(evaluatees.length);
    expect(await models.Notice.countDocuments()).toBe(0);
    for (const person of evaluatees) {
      const notices = world.api
        .chatMessages(person.telegramId)
        .filter((m) => m.sender === 'bot' && m.method === 'sendMessage' && m.reply_markup);
      expect(notices, person.number).toHaveLength(1);
    }
  });
});
