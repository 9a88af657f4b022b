import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addRespondent } from '../../src/evaluation/survey360/campaign.ts';
import { formatPeriod } from '../../src/i18n/format.ts';
import type { Translate } from '../../src/i18n/index.ts';
import { sendResultNotice } from '../../src/notifications/notices.ts';
import type { SimulatedUser } from '../harness/index.ts';
import {
  A,
  B,
  type Body,
  everythingShown,
  forgeTap,
  nameOf,
  person,
  rosterCsv,
  seedTwoBodies,
  telegramIdOf,
} from '../support/two-bodies.ts';
import { World } from '../support/world.ts';

const ADMIN_ID = 93_000;
let world: World;
let t: Translate;
const admin = () => world.api.user({ id: ADMIN_ID, firstName: 'Admin', languageCode: 'ru' });
const hrOfficer = (body: Body) => person(world, body, '900');
const hrHead = (body: Body) => person(world, body, '901');
const text = (user: SimulatedUser) => user.lastMessage()?.text ?? '';
/** A quarter as the scores list names it, in words. */
const quarter = (code: string) => formatPeriod(t, code);

/** Body B's documents, as ids: none of them may reach anyone of body A. */
const bIds: Record<string, string> = {};

const models = () => world.app.services.models;
const employeeOf = (body: Body, number: string) =>
  models().Employee.findOne({ organisationCode: body.code, personnelNumber: number }).lean();
const sheetOf = async (body: Body, number: string, period: string) =>
  models()
    .RankingSheet.findOne({ employeeId: (await employeeOf(body, number))!._id, period, kind: 'ranking' })
    .lean();

/** Everything of body B that an action of body A's HR might have changed. */
async function snapshotOfB() {
  const campaigns = [
    ...(await models().SurveyCampaign.find({ organisationCode: B.code }).lean()),
    ...(await models().RankingCampaign.find({ organisationCode: B.code }).lean()),
  ];
  const ids = campaigns.map((c) => c._id);
  return JSON.stringify({
    campaigns,
    targets: await models()
      .SurveyTarget.find({ campaignId: { $in: ids } })
      .lean(),
    assignments: await models()
      .SurveyAssignment.find({ campaignId: { $in: ids } })
      .lean(),
    sheets: await models().RankingSheet.find({ organisationCode: B.code }).lean(),
    notices: await models().Notice.find({ organisationCode: B.code }).lean(),
    appeals: await models().Appeal.find({ organisationCode: B.code }).lean(),
    employees: await models().Employee.find({ organisationCode: B.code }).lean(),
    plans: await models().KpiPlan.find({ organisationCode: B.code }).lean(),
    absences: await models().StaffAbsence.find({ organisationCode: B.code }).lean(),
    invites: await models()
      .Invite.find({
        employeeId: {
          $in: (await models().Employee.find({ organisationCode: B.code }).lean()).map((e) => e._id),
        },
      })
      .lean(),
  });
}

/** Nothing of body B (a name, a code, an id of its documents) in anything this user was shown. */
async function expectNothingOfB(user: SimulatedUser): Promise<void> {
  const shown = await everythingShown(user);
  expect(shown).not.toContain(B.prefix);
  expect(shown).not.toContain(B.code);
  for (const [what, id] of Object.entries(bIds)) expect(shown.includes(id), `${what} ${id}`).toBe(false);
}

beforeAll(async () => {
  world = await new World({ adminIds: [ADMIN_ID] }).start();
  t = world.app.services.translator.forLanguage('ru');
  // Monday 5 October 2026: the third quarter is to be evaluated; the 360 campaign of the year can be created.
  world.setNow(new Date('2026-10-05T04:00:00Z'));
  await seedTwoBodies(world);

  // Each body's plain HR officer runs its campaigns through the bot.
  for (const body of [A, B]) {
    const hr = hrOfficer(body);
    await hr.send('/survey360');
    await hr.tap(/^➕/);
    await hr.send('/ranking 2026-Q3');
    await hr.tap(/^➕/);
  }
  // The boss has two subordinates to answer; HR adds the third respondent the minimum needs.
  const bossTarget = await models().SurveyTarget.findOne({ employeeId: (await employeeOf(A, '100'))!._id });
  await addRespondent(models(), {
    targetId: bossTarget!._id,
    respondentId: (await employeeOf(A, '102'))!._id,
  });
  await hrOfficer(A).send('/survey360');
  await hrOfficer(A).tap(/^🚀/);
  await hrOfficer(A).send('/ranking 2026-Q2');
  await hrOfficer(A).tap(/^➕/);
  await world.outboxSettled();

  // Results, as the sheets and the 360 close would leave them.
  const submit = async (body: Body, number: string, period: string, average: number, evaluator?: string) => {
    const sheet = await sheetOf(body, number, period);
    await models().RankingSheet.updateOne(
      { _id: sheet!._id },
      {
        $set: {
          status: 'submitted',
          result: { average, band: average >= 4 ? 'effective' : 'proper' },
          ...(evaluator ? { evaluatorId: (await employeeOf(body, evaluator))!._id } : {}),
        },
      },
    );
  };
  await submit(A, '102', '2026-Q3', 4.25);
  // The second quarter's sheet of the same employee was filled by someone else.
  await submit(A, '102', '2026-Q2', 3.5, '103');
  await submit(B, '102', '2026-Q3', 3.11);

  const bSurvey = await models().SurveyCampaign.findOne({ organisationCode: B.code }).lean();
  const bRanking = await models().RankingCampaign.findOne({ organisationCode: B.code }).lean();
  const bTarget = await models()
    .SurveyTarget.findOne({
      campaignId: bSurvey!._id,
      employeeId: (await employeeOf(B, '102'))!._id,
    })
    .lean();
  const bAssignment = await models().SurveyAssignment.findOne({ targetId: bTarget!._id }).lean();
  const bSheet = await sheetOf(B, '102', '2026-Q3');
  await sendResultNotice(world.app.services, {
    kind: 'quarter',
    campaignId: String(bRanking!._id),
    employeeId: (await employeeOf(B, '102'))!._id,
    methodologyId: 'almaty-city-akimat-2023',
    organisationCode: B.code,
    render: () => ({ text: 'Bravo result 3,11' }),
  });
  const bNotice = await models().Notice.findOne({ organisationCode: B.code }).lean();
  const bAppeal = await models().Appeal.create({
    noticeId: bNotice!._id,
    employeeId: bNotice!.employeeId,
    organisationCode: B.code,
    kind: 'quarter',
    campaignId: String(bRanking!._id),
    statement: 'Bravo statement',
    filedAt: world.now(),
    filedOn: '2026-10-05',
    decisionBy: '2026-10-08',
    sessionBy: '2026-10-19',
  });
  Object.assign(bIds, {
    survey: String(bSurvey!._id),
    ranking: String(bRanking!._id),
    target: String(bTarget!._id),
    assignment: String(bAssignment!._id),
    sheet: String(bSheet!._id),
    notice: String(bNotice!._id),
    appeal: String(bAppeal._id),
    employee: String((await employeeOf(B, '102'))!._id),
  });
  await world.outboxSettled();
}, 120_000);
afterAll(async () => {
  await world.stop();
});

describe("one body's HR cannot reach another body", () => {
  it('refuses every HR command naming body B, and finds personnel numbers in body A only', async () => {
    const before = await snapshotOfB();
    for (const hr of [hrOfficer(A), hrHead(A)]) {
      for (const command of [
        `/survey360 ${B.code}`,
        `/ranking 2026-Q3 ${B.code}`,
        `/rankexport 2026-Q3 ${B.code}`,
        `/invite ${B.code} 102`,
        `/refusal ${bIds.notice} Witness One; Witness Two`,
      ]) {
        await hr.send(command);
        expect(text(hr), command).toBe(t('errors.notAllowed'));
      }
    }
    // The same numbers exist in both bodies: each command acts on body A's employee.
    const hr = hrOfficer(A);
    await hr.send('/kpiplan 101 2026-Q3\nKPI one; %; 100\nKPI two; pcs; 4\nKPI three; pcs; 2');
    expect(text(hr)).toContain(nameOf(A, '101'));
    await hr.send('/absence 103 01.07.2026 10.07.2026');
    expect(text(hr)).toContain(nameOf(A, '103'));
    await hr.send('/substitute 101 100');
    expect(text(hr)).toContain(nameOf(A, '101'));
    await hr.send('/add360 102 104');
    await hr.send('/invite 102');
    expect(text(hr)).toContain(nameOf(A, '102'));
    expect(await snapshotOfB()).toBe(before);
    expect(await models().KpiPlanVersion.countDocuments({ organisationCode: A.code })).toBe(1);
    await expectNothingOfB(hrOfficer(A));
    await expectNothingOfB(hrHead(A));
  });

  it("refuses every HR button carrying body B's ids, before anything is read or changed", async () => {
    const before = await snapshotOfB();
    const forged = [
      `s3h:new:${B.code}:2027`,
      `s3h:targets:${bIds.survey}`,
      `s3h:t:${bIds.target}`,
      `s3h:rm:${bIds.assignment}`,
      `s3h:launch:${bIds.survey}`,
      `s3h:progress:${bIds.survey}`,
      `s3h:remind:${bIds.survey}`,
      `s3h:close:${bIds.survey}`,
      `s3h:closeYes:${bIds.survey}`,
      `s3h:results:${bIds.survey}`,
      `s3h:r:${bIds.target}`,
      `rkh:new:${B.code}:2026-Q4`,
      `rkh:fin:${bIds.ranking}`,
      `rkh:fiy:${bIds.ranking}`,
      // Ids of no document at all get the same answer.
      's3h:launch:0123456789abcdef01234567',
      'rkh:fiy:0123456789abcdef01234567',
    ];
    for (const hr of [hrOfficer(A), hrHead(A)]) {
      await hr.send('/hr');
      const shown = hr.messages().length;
      for (const data of forged) {
        await forgeTap(world, hr, data);
        expect(hr.callbackAnswers().at(-1)?.text, data).toBe(t('errors.notAllowed'));
      }
      expect(hr.messages()).toHaveLength(shown);
    }
    expect(await snapshotOfB()).toBe(before);
  });

  it("shows body A's register, appeals and exports only", async () => {
    const hr = hrHead(A);
    await hr.send('/hr');
    for (const button of [/^📒/, /^⏳/, /^⚠/, /^⚖️/, /^📤/, /^📜/]) {
      await hr.send('/hr');
      await hr.tap(button);
    }
    await hr.send('/rankexport 2026-Q3');
    await world.app.services.wakeTasks();
    expect(hr.lastMessage()?.document?.file_name).toBe(`ranking-${A.code}-2026-Q3.xlsx`);
    await expectNothingOfB(hr);
    await expectNothingOfB(hrOfficer(A));
  });

  it('refuses a roster file with a single row of body B whole: nothing is written', async () => {
    const before = await models().Employee.find().sort({ _id: 1 }).lean();
    // The attack: take over body B's (unlinked) HR head by giving them a phone of one's own.
    const file = `${rosterCsv(A)}${rosterCsv(B).split('\n')[7]!.replace('+77021000901', '+77019999999')}\n`;
    const hr = hrOfficer(A);
    await hr.send('/import');
    await hr.sendDocument({ fileName: 'staff.csv', bytes: file });
    // The import runs as a task after the update: wait for it.
    await world.app.services.wakeTasks();
    const report = text(hr);
    expect(report).toContain(t('people:rosterErrors.outsideScope', { value: B.code }));
    expect(await models().Employee.find().sort({ _id: 1 }).lean()).toEqual(before);
  });
});

describe('who sees results', () => {
  it("a plain HR officer runs campaigns but is refused others' scores, results and export rows", async () => {
    const hr = hrOfficer(A);
    await hr.send('/scores 102 2026');
    expect(text(hr)).toBe(t('errors.notAllowed'));
    // The export holds only what mayView lets them see: their own sheet, nobody else's.
    await hr.send('/rankexport 2026-Q3');
    await world.app.services.wakeTasks();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(hr.lastMessage()!.document!.bytes! as never);
    const names = workbook.worksheets.flatMap((ws) =>
      (ws.getColumn(1).values as unknown[]).slice(2).map(String),
    );
    expect(names).toEqual([nameOf(A, '900')]);
    await hr.send('/survey360');
    await hr.tap(/^📊/);
    expect(text(hr)).toContain(nameOf(A, '102'));
    const aTarget = await models().SurveyTarget.findOne({ employeeId: (await employeeOf(A, '102'))!._id });
    await forgeTap(world, hr, `s3h:r:${String(aTarget!._id)}`);
    expect(hr.callbackAnswers().at(-1)?.text).toBe(t('errors.notAllowed'));
    expect(await everythingShown(hr)).not.toContain('4,25');
  });

  it('the HR head sees the scores of the body, and each view is in the audit log', async () => {
    const head = hrHead(A);
    await head.send('/scores 102 2026');
    expect(text(head)).toContain(nameOf(A, '102'));
    expect(text(head)).toContain(`${quarter('2026-Q3')}: 4,25`);
    expect(text(head)).toContain(`${quarter('2026-Q2')}: 3,5`);
    const view = await models()
      .AuditLog.findOne({ action: 'results.view', telegramId: telegramIdOf(A, '901') })
      .sort({ at: -1, _id: -1 })
      .lean();
    expect(view?.organisationCode).toBe(A.code);
    expect(view?.details).toMatchObject({
      kind: 'ranking',
      employeeId: String((await employeeOf(A, '102'))!._id),
    });
    // The HR head of body B is no viewer of body A.
    await hrHead(B).send('/scores 102 2026');
    expect(text(hrHead(B))).not.toContain('4,25');
  });

  it('an evaluator sees the sheets they filled only, never the annual final built from others', async () => {
    const depHead = person(world, A, '101');
    await depHead.send('/scores 102 2026');
    expect(text(depHead)).toContain(`${quarter('2026-Q3')}: 4,25`);
    expect(text(depHead)).not.toContain(quarter('2026-Q2'));
    const annualPrefix = t('ranking:scores.annual', { score: '#', band: '#', count: 1 }).split('#')[0]!;
    expect(text(depHead)).not.toContain(annualPrefix);
    // A colleague who evaluated nothing of theirs sees nothing.
    await person(world, A, '104').send('/scores 102 2026');
    expect(text(person(world, A, '104'))).toBe(t('errors.notAllowed'));
    // The evaluatee sees all their own.
    await person(world, A, '102').send('/scores');
    expect(text(person(world, A, '102'))).toContain(`${quarter('2026-Q2')}: 3,5`);
  });

  it('the administrator sees no scores', async () => {
    await admin().send(`/scope ${A.code}`);
    await admin().send('/scores 102 2026');
    expect(text(admin())).toBe(t('errors.notAllowed'));
  });
});

describe('the audit log', () => {
  it('has an entry for each HR action of body A, readable and exportable by its HR head only', async () => {
    const actions = new Set(
      (await models().AuditLog.find({ organisationCode: A.code }).lean()).map((e) => e.action),
    );
    for (const action of [
      'ranking.create',
      'kpi.planSubmit',
      'ranking.substitute',
      'ranking.absence',
      'ranking.export',
      'survey360.create',
      'survey360.launch',
      'results.view',
    ])
      expect(actions.has(action), action).toBe(true);
    const head = hrHead(A);
    await head.send('/hr');
    await head.tap(/^📜/);
    const first = head.lastMessage()!;
    expect(first.text).toContain(nameOf(A, '901'));
    await head.tap('▶');
    expect(head.lastMessage()?.message_id).toBe(first.message_id);
    await head.tap(/\.xlsx/);
    await world.app.services.wakeTasks();
    const file = head.lastMessage()!;
    expect(file.document?.file_name).toBe(`audit-${A.code}.xlsx`);
    const shown = await everythingShown(head);
    expect(shown).toContain(nameOf(A, '900'));
    expect(shown).not.toContain(B.prefix);
    // The plain HR officer has no such button, and a forged tap is refused.
    await hrOfficer(A).send('/hr');
    expect(JSON.stringify(hrOfficer(A).lastMessage()?.reply_markup)).not.toContain('hr:aud');
    await forgeTap(world, hrOfficer(A), 'hr:aud:1');
    expect(hrOfficer(A).callbackAnswers().at(-1)?.text).toBe(t('errors.notAllowed'));
  });
});

describe('lost rights are lost at once', () => {
  it('a roster re-import dismisses an HR officer and a respondent: their next update is refused', async () => {
    const respondent = person(world, A, '103');
    const responses = await models().SurveyResponse.countDocuments();
    // The respondent has a questionnaire open when the roster changes.
    await respondent.send('/survey');
    await respondent.tap(nameOf(A, '102'));
    const questionnaire = respondent.lastMessage()!;
    const head = hrHead(A);
    await head.send('/import');
    await head.sendDocument({
      fileName: 'staff.csv',
      bytes: rosterCsv(A, { '900': 'уволен', '103': 'уволен' }),
    });
    // The import runs as a task after the update: wait for it.
    await world.app.services.wakeTasks();
    expect((await employeeOf(A, '900'))?.status).toBe('dismissed');
    expect((await employeeOf(B, '900'))?.status).toBe('active');

    const hr = hrOfficer(A);
    await hr.send('/hr');
    expect(text(hr)).toBe(t('access:rightsEnded'));
    await forgeTap(world, hr, 'hr:reg:all');
    expect(hr.callbackAnswers().at(-1)?.text).toBe(t('access:rightsEnded'));
    const buttons = JSON.stringify(questionnaire.reply_markup);
    const data = /"callback_data":"(s3:[^"]+)"/.exec(buttons)![1]!;
    await forgeTap(world, respondent, data);
    expect(respondent.callbackAnswers().at(-1)?.text).toBe(t('access:rightsEnded'));
    await respondent.send('/survey');
    expect(text(respondent)).toBe(t('access:rightsEnded'));
    expect(await models().SurveyResponse.countDocuments()).toBe(responses);
  });

  it('HR alerts go to the active HR of the body only', async () => {
    // The administrator acts for body B now.
    await admin().send(`/scope ${B.code}`);
    const staff = person(world, A, '104');
    const campaign = await models().RankingCampaign.findOne({ organisationCode: A.code, period: '2026-Q3' });
    await sendResultNotice(world.app.services, {
      kind: 'quarter',
      campaignId: String(campaign!._id),
      employeeId: (await employeeOf(A, '104'))!._id,
      methodologyId: 'almaty-city-akimat-2023',
      organisationCode: A.code,
      render: () => ({ text: 'Alpha result' }),
    });
    const notice = await staff.waitForMessage((m) => m.text === 'Alpha result', { since: 0 });
    await staff.tapIn(notice, /./);
    await staff.tap(/./);
    await staff.send('I disagree with the result');
    await staff.tap(t('notices:appeal.submitButton'));
    await world.outboxSettled();
    const alerted = (await models().OutboxItem.find({ kind: 'hrAlert' }).lean()).map((i) => i.chatId);
    expect(alerted).toContain(telegramIdOf(A, '901'));
    expect(alerted).not.toContain(telegramIdOf(A, '900'));
    expect(alerted).not.toContain(telegramIdOf(B, '900'));
    expect(alerted).not.toContain(telegramIdOf(B, '901'));
    expect(alerted).not.toContain(ADMIN_ID);
  });

  it('an administrator removed from the configuration is refused from the next update on', async () => {
    await admin().send('/hr');
    expect(text(admin())).not.toBe(t('errors.notAllowed'));
    await world.restart({ adminIds: [] });
    await admin().send('/hr');
    expect(text(admin())).toBe(t('errors.notAllowed'));
    await admin().send(`/ranking 2026-Q3 ${B.code}`);
    expect(text(admin())).toBe(t('errors.notAllowed'));
  });
});
