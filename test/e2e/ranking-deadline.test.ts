import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodWords } from '../../src/i18n/format.ts';
import { keyPattern, kk, ru } from '../support/i18n.ts';
import { rankUser, seedRankingRoster, sheetOf } from '../support/ranking-world.ts';
import { World } from '../support/world.ts';

const HR_ID = 8300;
let world: World;
const hr = () => world.api.user({ id: HR_ID, firstName: 'HR', languageCode: 'ru' });
const texts = (user: ReturnType<typeof hr>) => user.messages().map((m) => m.text ?? '');
// HR's account has chosen no language: alerts come in the default one (kk).
const OVERDUE = keyPattern(kk, 'ranking:overdue.title', periodWords(kk, '2026-Q3'), {
  count: '\\d+',
  page: '\\d+',
  pages: '\\d+',
});
const overdueAlerts = () => texts(hr()).filter((t) => OVERDUE.test(t));
const Q3 = periodWords(ru, '2026-Q3');
const campaignState = async () =>
  (await world.app.services.models.RankingCampaign.findOne({ organisationCode: 'alm', period: '2026-Q3' }))
    ?.state;

/** Almaty city akimat, 2026-Q3: sheets due Saturday 10 October 2026; nobody fills any but Bolat's. */
beforeAll(async () => {
  world = await new World({ adminIds: [HR_ID] }).start();
  world.setNow(new Date('2026-10-05T04:00:00Z'));
  await seedRankingRoster(world);
  await hr().send('/start');
  await hr().send('/scope alm');
  await hr().send('/ranking 2026 3 alm');
  await hr().tap(ru('ranking:hr.createButton'));
  const bolat = await sheetOf(world, '3002');
  await world.app.services.models.RankingSheet.updateOne(
    { _id: bolat!._id },
    {
      $set: {
        status: 'submitted',
        scores: { quality: 4.5, deadlines: 3, independence: 4, discipline: 4 },
        justifications: { quality: 'a', deadlines: 'b', independence: 'c', discipline: 'd' },
        result: { average: 3.88, band: 'proper' },
        submittedAt: world.now(),
      },
    },
  );
  await world.outboxSettled();
}, 60_000);
afterAll(async () => {
  await world.stop();
});

describe('a ranking campaign closes itself at its deadline', () => {
  it('on the deadline day nothing happens', async () => {
    await world.dailyTickAt('2026-10-10T04:00:00Z');
    expect(overdueAlerts()).toHaveLength(0);
    expect(await campaignState()).toBe('open');
  });

  it('the day after, HR gets the unfilled sheets with both choices; the campaign waits for HR', async () => {
    expect(await world.dailyTickAt('2026-10-12T04:00:00Z')).toContain('rankingDeadline');
    const alerts = overdueAlerts();
    expect(alerts).toHaveLength(1);
    // Aliya Head's KPI sheet and Dana's (evaluated without participation) are open; Bolat's is
    // submitted, Erlan's "not evaluated" from the start.
    expect(alerts[0]).toContain('№ 3001');
    expect(alerts[0]).toContain('№ 3003');
    expect(alerts[0]).not.toContain('№ 3002');
    expect(alerts[0]).not.toContain('№ 3004');
    expect(alerts[0]).toContain('/rkextend');
    expect(alerts[0]).toContain('/rknoteval');
    // Decide by 3 working days after the last deadline (Saturday 10th → Wednesday 14 October).
    expect(alerts[0]).toContain('14.10.2026');
    expect(await campaignState()).toBe('open');
    // The same list is not sent twice.
    await world.dailyTickAt('2026-10-12T06:00:00Z');
    expect(overdueAlerts()).toHaveLength(1);
  });

  it('HR extends one sheet and records the other "not evaluated" with a reason', async () => {
    world.setNow(new Date('2026-10-12T06:00:00Z'));
    await hr().send('/rkextend 3001 01.10.2026');
    expect(texts(hr()).at(-1)).toBe(ru('ranking:overdue.extendPast', { today: '12.10.2026' }));
    await hr().send('/rkextend 3001 16.10.2026');
    expect(texts(hr()).at(-1)).toBe(
      ru('ranking:overdue.extended', { name: 'Aliya Head', deadline: '16.10.2026', count: 1 }),
    );
    await hr().send('/rknoteval 3003 длительный больничный');
    expect(texts(hr()).at(-1)).toBe(
      ru('ranking:overdue.notEvaluatedSaved', { name: 'Dana Leave', count: 1 }),
    );
    await hr().send('/rknoteval 9999 причина');
    expect(texts(hr()).at(-1)).toBe(ru('ranking:hr.unknownEmployee', { number: '9999' }));
    const { models } = world.app.services;
    expect(await models.AuditLog.countDocuments({ action: 'ranking.extend' })).toBe(1);
    expect(await models.AuditLog.countDocuments({ action: 'ranking.notEvaluated' })).toBe(1);
  });

  it('while an extended sheet is still due, the campaign stays open', async () => {
    await world.dailyTickAt('2026-10-16T04:00:00Z');
    expect(await campaignState()).toBe('open');
  });

  it('after the new deadline HR is told again, and after the decision days the campaign closes by itself', async () => {
    await world.dailyTickAt('2026-10-19T04:00:00Z');
    expect(overdueAlerts()).toHaveLength(2);
    expect(overdueAlerts()[1]).toContain('№ 3001');
    expect(overdueAlerts()[1]).not.toContain('№ 3003');
    expect(await campaignState()).toBe('open');
    // 16 October + 3 working days = 21 October: on the 22nd the task runs.
    await world.dailyTickAt('2026-10-21T04:00:00Z');
    expect(await campaignState()).toBe('open');
    await world.dailyTickAt('2026-10-22T04:00:00Z');
    expect(await campaignState()).toBe('closed');
    const { models } = world.app.services;
    expect(await models.Task.findOne({ kind: 'ranking.finalise' }).lean()).toMatchObject({ state: 'done' });
    expect(await models.Notice.countDocuments({ kind: 'quarter' })).toBe(1);
  });

  it('nobody is left without a notice: a result, or why there is none', async () => {
    const any = keyPattern(ru, 'ranking:result.notEvaluated', Q3, { reason: '.*' });
    const reasonOf = (number: string) => texts(rankUser(world, number)).filter((t) => any.test(t));
    const because = (reason: string) => ru('ranking:result.notEvaluated', { ...Q3, reason });
    expect(reasonOf('3003')).toEqual([because('длительный больничный')]);
    expect(reasonOf('3001')).toEqual([because(ru('ranking:reasons.notFilled'))]);
    expect(reasonOf('3004')).toHaveLength(1);
    expect(reasonOf('3002')).toHaveLength(0);
    expect(texts(rankUser(world, '3002')).some((t) => t.startsWith('📊 '))).toBe(true);
    const sheet = await sheetOf(world, '3001', 'kpi');
    expect(sheet).toMatchObject({ status: 'notEvaluated', reason: 'notFilled' });
  });
});
