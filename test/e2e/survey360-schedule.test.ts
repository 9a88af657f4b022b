import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign, launchCampaign } from '../../src/evaluation/survey360/campaign.ts';
import { dailyJobs } from '../../src/notifications/jobs.ts';
import { startScheduler } from '../../src/notifications/scheduler.ts';
import { keyPattern, kk } from '../support/i18n.ts';
import { PEOPLE, seedDepartment } from '../support/survey360.ts';
import { World } from '../support/world.ts';

let world: World;
const REMINDER = keyPattern(kk, 'survey360:reminder', {}, { deadline: '[^]*' });
const reminders = (telegramId: number) =>
  world.api.chatMessages(telegramId).filter((m) => m.sender === 'bot' && REMINDER.test(m.text ?? ''));

beforeAll(async () => {
  world = await new World().start();
  world.setNow(new Date('2026-12-01T04:00:00Z'));
  await seedDepartment(world);
  const { models } = world.app.services;
  const created = await createCampaign(models, { organisationCode: 'test-akimat', year: 2026, createdBy: 1 });
  if (!created.ok) throw new Error(created.problem);
  const launched = await launchCampaign(models, created.campaignId);
  if (!launched.ok) throw new Error(launched.problem);
  // Staff Four has finished everything; the others have not started.
  const staffFour = await models.Employee.findOne({ personnelNumber: '1005' });
  await models.SurveyAssignment.updateMany({ respondentId: staffFour!._id }, { $set: { done: true } });
});
afterAll(async () => {
  await world.stop();
});

describe('daily 360 job at 09:00 Asia/Almaty (deadline Sunday 10 January 2027)', () => {
  const headOne = PEOPLE[0]!.telegramId;
  const staffFour = PEOPLE[4]!.telegramId;

  it('does nothing before 09:00 Almaty time', async () => {
    // 08:59 in Almaty on Thursday 31 December, 3 working days before the deadline
    // (1-2 January are holidays, and Saturday 2 January moves the day off to Monday 4 January).
    expect(await world.dailyTickAt('2026-12-31T03:59:00Z')).toEqual([]);
    expect(reminders(headOne)).toHaveLength(0);
  });

  it('reminds respondents with unfinished questionnaires 3 working days before, saying nothing about others', async () => {
    expect(await world.dailyTickAt('2026-12-31T04:00:00Z')).toContain('survey360');
    const [reminder] = reminders(headOne);
    // No count: a count dropping between two stored reminders would tell who has just submitted.
    expect(reminder?.text).toBe(kk('survey360:reminder', { deadline: '10.01.2027' }));
    for (const p of PEOPLE) expect(reminder?.text).not.toContain(p.name);
    expect(reminders(staffFour)).toHaveLength(0);
  });

  it('runs once a day however often it is ticked (also across instances)', async () => {
    expect(await world.dailyTickAt('2026-12-31T10:00:00Z')).toEqual([]);
    // A second bot instance on the same database finds the day's run already claimed.
    const other = startScheduler({
      jobs: dailyJobs(world.app.services),
      JobRun: world.app.services.models.JobRun,
      instanceId: 'second-instance',
      now: () => world.now(),
      logger: world.app.services.logger,
      timers: false,
    });
    expect(await other.runDue()).toEqual([]);
    await other.stop();
    await world.outboxSettled();
    expect(reminders(headOne)).toHaveLength(1);
  });

  it('stays quiet on days off and on working days that are not reminder days', async () => {
    // Monday 4 January is a day off; Tuesday the 5th is 2 working days before.
    expect(await world.dailyTickAt('2027-01-04T04:00:00Z')).toContain('survey360');
    expect(await world.dailyTickAt('2027-01-05T04:00:00Z')).toContain('survey360');
    expect(reminders(headOne)).toHaveLength(1);
  });

  it('reminds again 1 working day before (7 January is a holiday, so Wednesday the 6th)', async () => {
    await world.dailyTickAt('2027-01-06T04:00:00Z');
    expect(reminders(headOne)).toHaveLength(2);
    await world.dailyTickAt('2027-01-07T04:00:00Z');
    await world.dailyTickAt('2027-01-08T04:00:00Z');
    expect(reminders(headOne)).toHaveLength(2);
  });

  it('closes the campaign once the deadline has passed and tells evaluatees there is no result below 3 responses', async () => {
    await world.dailyTickAt('2027-01-11T04:00:00Z');
    const campaign = await world.app.services.models.SurveyCampaign.findOne({});
    expect(campaign?.state).toBe('closed');
    const notEnough = kk('survey360:result.notEnough', { have: 0, need: 3 });
    const notice = world.api
      .chatMessages(headOne)
      .find((m) => m.sender === 'bot' && (m.text?.includes(notEnough) ?? false));
    expect(notice?.text).toMatch(
      keyPattern(kk, 'survey360:result.title', { year: 2026 }, { name: '[^\\n]+' }),
    );
  });
});
