// `/survey` shows the latest launched campaign, whatever order the database returns them in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign, launchCampaign } from '../../src/evaluation/survey360/campaign.ts';
import { ORG, PEOPLE, seedDepartment } from '../support/survey360.ts';
import { World } from '../support/world.ts';

let world: World;
beforeAll(async () => {
  world = await new World().start();
  world.setNow(new Date('2026-12-01T04:00:00Z'));
  await seedDepartment(world);
  const { models } = world.app.services;
  // The newer campaign is stored first, so the natural order ends with the older one.
  for (const year of [2027, 2026]) {
    const created = await createCampaign(models, { organisationCode: ORG, year, createdBy: 1 });
    if (!created.ok) throw new Error(created.problem);
    const launched = await launchCampaign(models, created.campaignId);
    if (!launched.ok) throw new Error(launched.problem);
  }
});
afterAll(async () => {
  await world.stop();
});

describe('/survey with two launched campaigns', () => {
  it("lists the latest year's questionnaires", async () => {
    const staffOne = world.api.user({ id: PEOPLE[1]!.telegramId, firstName: 'Staff One' });
    await staffOne.send('/survey');
    const t = world.app.services.translator.forLanguage('kk');
    expect(staffOne.lastMessage()?.text).toBe(t('survey360:list.title', { year: 2027 }));
  });
});
