import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameOf, person } from '../support/two-bodies.ts';
import type { World } from '../support/world.ts';
import {
  A,
  ADMIN_ID,
  B,
  callApi,
  dashboardWorld,
  initDataFor,
  STRANGER_ID,
  telegramIdOf,
} from './dashboard-world.ts';

let world: World;
const models = () => world.app.services.models;
const t = (lang: 'kk' | 'ru', key: string) => world.app.services.translator.forLanguage(lang)(key);
const as = (body: typeof A, number: string) => initDataFor(world, telegramIdOf(body, number));
const employeeId = async (body: typeof A, number: string) =>
  String(
    (await models().Employee.findOne({ organisationCode: body.code, personnelNumber: number }).lean())!._id,
  );
const campaignId = async (body: typeof A, period: string) =>
  String((await models().RankingCampaign.findOne({ organisationCode: body.code, period }).lean())!._id);
const surveyId = async (body: typeof A) =>
  String((await models().SurveyCampaign.findOne({ organisationCode: body.code, year: 2026 }).lean())!._id);

beforeAll(async () => {
  world = await dashboardWorld();
}, 180_000);
afterAll(async () => {
  await world?.stop();
});

describe('who calls: Telegram signed launch data, checked on every request', () => {
  it('refuses a missing, forged, foreign-token or expired initData with 401', async () => {
    const valid = as(A, '901');
    expect((await callApi(world, 'session', valid)).status).toBe(200);
    expect((await callApi(world, 'session', null)).status).toBe(401);
    // Someone else's id written into validly signed data breaks the signature.
    const forged = valid.replace(
      encodeURIComponent(`"id":${telegramIdOf(A, '901')}`),
      encodeURIComponent(`"id":${telegramIdOf(B, '901')}`),
    );
    expect(forged).not.toBe(valid);
    expect((await callApi(world, 'session', forged)).status).toBe(401);
    const otherBot = initDataFor(world, telegramIdOf(A, '901'), { token: '654321:OTHER-token-abcdefghij' });
    expect((await callApi(world, 'session', otherBot)).status).toBe(401);
    const maxAge = world.app.services.config.WEBAPP_AUTH_MAX_AGE_SECONDS;
    const expired = initDataFor(world, telegramIdOf(A, '901'), { ageSeconds: maxAge + 60 });
    expect((await callApi(world, 'session', expired)).status).toBe(401);
    expect((await callApi(world, 'register', expired)).status).toBe(401);
  });

  it('gives a plain employee, an evaluator and an unknown account 403 with a valid initData', async () => {
    for (const initData of [as(A, '102'), as(A, '101'), initDataFor(world, STRANGER_ID)]) {
      for (const path of ['session', 'campaigns', 'register', 'appeals', 'training-needs'])
        expect((await callApi(world, path, initData)).status, path).toBe(403);
      expect((await callApi(world, `people/${await employeeId(A, '102')}/result`, initData)).status).toBe(
        403,
      );
    }
    // Reading refused nobody a record: the stranger is still unknown to the bot.
    expect(await models().Account.exists({ telegramId: STRANGER_ID })).toBeNull();
  });

  it('marks every answer no-store, the page too', async () => {
    const api = await callApi(world, 'session', as(A, '900'));
    expect(api.headers.get('cache-control')).toBe('no-store');
    const refused = await callApi(world, 'session', null);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    const page = await fetch(`http://127.0.0.1:${world.app.webapp!.port}/`);
    expect(page.headers.get('cache-control')).toBe('no-store');
  });
});

describe("one body's HR cannot reach another body (the chat's cases)", () => {
  it('refuses every id of body B with 403, before anything is read or changed', async () => {
    const bRanking = await campaignId(B, '2026-Q3');
    const bSurvey = await surveyId(B);
    const bEmployee = await employeeId(B, '102');
    const before = JSON.stringify(await models().OutboxItem.find({}).sort({ _id: 1 }).lean());
    for (const number of ['900', '901']) {
      const initData = as(A, number);
      for (const id of [bRanking, bSurvey])
        expect((await callApi(world, `campaigns/${id}/progress`, initData)).status).toBe(403);
      for (const path of ['evaluators', 'bands', 'people'])
        expect((await callApi(world, `campaigns/${bRanking}/${path}`, initData)).status).toBe(403);
      expect((await callApi(world, `people/${bEmployee}/result`, initData)).status).toBe(403);
      expect(
        (await callApi(world, `campaigns/${bRanking}/remind`, initData, { unitCode: 'DEP' })).status,
      ).toBe(403);
      expect(
        (await callApi(world, `campaigns/${bSurvey}/remind`, initData, { unitCode: 'DEP' })).status,
      ).toBe(403);
      expect((await callApi(world, `campaigns/${bRanking}/export`, initData, {})).status).toBe(403);
      // A body-A campaign with a body-B evaluator.
      const aRanking = await campaignId(A, '2026-Q3');
      expect(
        (await callApi(world, `campaigns/${aRanking}/remind-evaluator`, initData, { evaluatorId: bEmployee }))
          .status,
      ).toBe(403);
      // An unknown id gets the same answer as a foreign one.
      expect((await callApi(world, 'campaigns/0123456789abcdef01234567/progress', initData)).status).toBe(
        403,
      );
      expect((await callApi(world, 'people/not-an-id/result', initData)).status).toBe(403);
    }
    expect(JSON.stringify(await models().OutboxItem.find({}).sort({ _id: 1 }).lean())).toBe(before);
  });

  it("lists body A's campaigns, register and appeals only", async () => {
    const initData = as(A, '900');
    const shown = JSON.stringify([
      (await callApi(world, 'session', initData)).body,
      (await callApi(world, 'campaigns', initData)).body,
      (await callApi(world, 'register', initData)).body,
      (await callApi(world, 'appeals', initData)).body,
    ]);
    expect(shown).not.toContain(B.prefix);
    expect(shown).not.toContain(B.code);
    expect(shown).toContain(nameOf(A, '102'));
    const campaigns = (await callApi(world, 'campaigns', initData)).body.rows as { id: string }[];
    expect(campaigns.map((c) => c.id)).toContain(await campaignId(A, '2026-Q3'));
    expect(campaigns.map((c) => c.id)).not.toContain(await campaignId(B, '2026-Q3'));
  });
});

describe('who sees results (mayView, as in the chat)', () => {
  it("a plain HR officer sees progress and delivery, and of others' scores nothing", async () => {
    const initData = as(A, '900');
    const session = (await callApi(world, 'session', initData)).body;
    expect(session.seesResults).toBe(false);
    const q3 = await campaignId(A, '2026-Q3');
    const progress = (await callApi(world, `campaigns/${q3}/progress`, initData)).body;
    const dep = progress.units.find((u: { unitCode: string }) => u.unitCode === 'DEP');
    expect(dep).toMatchObject({ done: 2, late: 1 });
    expect(JSON.stringify(progress)).not.toContain('4.25');
    // As the chat's export: their own row at most, nobody else's.
    const people = (await callApi(world, `campaigns/${q3}/people`, initData)).body;
    expect(people.rows.map((r: { name: string }) => r.name)).toEqual([nameOf(A, '900')]);
    const bands = JSON.stringify((await callApi(world, `campaigns/${q3}/bands`, initData)).body);
    expect(bands).not.toContain('DEP');
    expect((await callApi(world, `people/${await employeeId(A, '102')}/result`, initData)).status).toBe(403);
    expect((await callApi(world, 'training-needs', initData)).status).toBe(403);
  });

  it('the HR head sees the bands, each result with its radar and history, and each view is audited', async () => {
    const initData = as(A, '901');
    expect((await callApi(world, 'session', initData)).body.seesResults).toBe(true);
    const q3 = await campaignId(A, '2026-Q3');
    const bands = (await callApi(world, `campaigns/${q3}/bands`, initData)).body;
    expect(bands.units.find((u: { unitCode: string }) => u.unitCode === 'DEP').bands).toEqual({
      effective: 1,
      proper: 1,
    });
    const people = (await callApi(world, `campaigns/${q3}/people`, initData)).body;
    expect(people.rows.find((r: { name: string }) => r.name === nameOf(A, '102')).scoreText).toBe('4,25');
    const id = await employeeId(A, '102');
    const result = (await callApi(world, `people/${id}/result`, initData)).body;
    const quarters = result.years.flatMap((y: { quarters: { scoreText: string }[] }) => y.quarters);
    expect(quarters.map((q: { scoreText: string }) => q.scoreText)).toEqual(['3,50', '4,25']);
    expect(result.radar.year).toBe(2025);
    expect(result.radar.others.length).toBeGreaterThan(2);
    const views = await models()
      .AuditLog.find({ action: 'results.view', telegramId: telegramIdOf(A, '901'), 'details.employeeId': id })
      .lean();
    expect(views.map((v) => v.details.kind).sort()).toEqual(['ranking', 'survey360']);
    expect(views.every((v) => v.organisationCode === A.code)).toBe(true);
    const listed = await models()
      .AuditLog.findOne({
        action: 'results.view',
        telegramId: telegramIdOf(A, '901'),
        'details.employeeIds': id,
      })
      .lean();
    expect(listed?.details.campaignId).toBe(q3);
    const needs = (await callApi(world, 'training-needs', initData)).body;
    expect(needs.year).toBe(2025);
    expect(needs.rows[0].average).toBe(2.4);
    // The HR head of body B is no viewer of body A.
    expect((await callApi(world, `people/${id}/result`, as(B, '901'))).status).toBe(403);
  });

  it('the administrator runs the body they chose, and sees no scores', async () => {
    await world.api.user({ id: ADMIN_ID, firstName: 'Admin', languageCode: 'ru' }).send(`/scope ${A.code}`);
    const initData = initDataFor(world, ADMIN_ID);
    expect((await callApi(world, 'session', initData)).body.organisation.code).toBe(A.code);
    const q3 = await campaignId(A, '2026-Q3');
    expect((await callApi(world, `campaigns/${q3}/progress`, initData)).status).toBe(200);
    expect((await callApi(world, `campaigns/${q3}/people`, initData)).status).toBe(403);
    expect((await callApi(world, `people/${await employeeId(A, '102')}/result`, initData)).status).toBe(403);
  });
});

describe('opening it', () => {
  it('gives HR an "Open dashboard" button in /hr and the menu button; a plain employee neither', async () => {
    const url = world.app.services.config.WEBAPP_URL!;
    const hr = person(world, A, '900');
    await hr.send('/hr');
    const markup = hr.lastMessage()!.reply_markup as {
      inline_keyboard: { text: string; web_app?: unknown }[][];
    };
    const rows = markup.inline_keyboard;
    const button = rows.flat().find((b) => b.web_app);
    expect(button).toEqual({ text: t('ru', 'webapp:openButton'), web_app: { url } });
    expect(await world.app.bot.api.getChatMenuButton({ chat_id: hr.id })).toEqual({
      type: 'web_app',
      text: t('ru', 'webapp:menuButton'),
      web_app: { url },
    });
    const employee = person(world, A, '102');
    await employee.send('/hr');
    expect(employee.lastMessage()!.text).toBe(t('ru', 'errors.notAllowed'));
    expect(await world.app.bot.api.getChatMenuButton({ chat_id: employee.id })).toEqual({ type: 'default' });
  });
});

describe('actions and registers', () => {
  it("reminds a unit's evaluators and one evaluator through the reminder services, once a day", async () => {
    const initData = as(A, '900');
    const q3 = await campaignId(A, '2026-Q3');
    const evaluators = (await callApi(world, `campaigns/${q3}/evaluators`, initData)).body;
    expect(evaluators.total).toBeGreaterThan(0);
    const depHead = await employeeId(A, '101');
    const row = evaluators.rows.find((r: { evaluatorId: string }) => r.evaluatorId === depHead);
    expect(row).toMatchObject({ name: nameOf(A, '101'), late: 1 });
    const first = await callApi(world, `campaigns/${q3}/remind`, initData, { unitCode: 'DEP' });
    expect(first.body.reminded).toBeGreaterThan(0);
    const again = await callApi(world, `campaigns/${q3}/remind-evaluator`, initData, {
      evaluatorId: depHead,
    });
    expect(again.body.reminded).toBe(0);
    await world.outboxSettled();
    const reminders = await models().OutboxItem.find({ kind: 'rankingReminder' }).lean();
    expect(reminders.map((r) => r.chatId)).toContain(telegramIdOf(A, '101'));
    expect(reminders.every((r) => r.chatId < B.telegramBase)).toBe(true);
    const audit = await models().AuditLog.findOne({ action: 'webapp.remindUnit' }).lean();
    expect(audit?.details).toMatchObject({ campaignId: q3, unitCode: 'DEP' });
    // The 360 campaign: the unit's respondents, counts only.
    const survey = await surveyId(A);
    const reminded = await callApi(world, `campaigns/${survey}/remind`, initData, { unitCode: 'DEP' });
    expect(reminded.body.reminded).toBeGreaterThan(0);
    const progress = (await callApi(world, `campaigns/${survey}/progress`, initData)).body;
    expect(Object.keys(progress.units[0]).sort()).toEqual(
      ['done', 'inProgress', 'late', 'notStarted', 'unitCode', 'unitName'].sort(),
    );
  });

  it('filters the register (not acknowledged, undeliverable, appeal window open) and lists appeals with deadlines', async () => {
    const initData = as(A, '900');
    const all = (await callApi(world, 'register?filter=all', initData)).body;
    const unack = (await callApi(world, 'register?filter=unack', initData)).body;
    const appeal = (await callApi(world, 'register?filter=appeal', initData)).body;
    const undeliv = (await callApi(world, 'register?filter=undeliv', initData)).body;
    expect(all.total).toBe(2);
    expect(unack.rows.map((r: { name: string }) => r.name)).toEqual([nameOf(A, '103')]);
    expect(appeal.rows.map((r: { name: string }) => r.name)).toEqual([nameOf(A, '102')]);
    expect(appeal.rows[0].appealUntil).toBe('12.10.2026');
    expect(undeliv.total).toBe(0);
    expect((await callApi(world, 'register?filter=bogus', initData)).status).toBe(400);
    const appeals = (await callApi(world, 'appeals', initData)).body;
    expect(appeals.rows).toHaveLength(1);
    expect(appeals.rows[0]).toMatchObject({ name: nameOf(A, '102'), decisionBy: '08.10.2026' });
  });

  it('an HR officer the roster dismisses is refused from the next request on', async () => {
    const initData = as(A, '900');
    expect((await callApi(world, 'session', initData)).status).toBe(200);
    await models().Employee.updateOne(
      { organisationCode: A.code, personnelNumber: '900' },
      { status: 'dismissed' },
    );
    try {
      expect((await callApi(world, 'session', initData)).status).toBe(403);
    } finally {
      await models().Employee.updateOne(
        { organisationCode: A.code, personnelNumber: '900' },
        { status: 'active' },
      );
    }
  });
});
