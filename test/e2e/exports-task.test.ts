import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { callbacks } from '../../src/bot/callback-data.ts';
import { createRankingCampaign, parsePeriod } from '../../src/evaluation/ranking/campaign.ts';
import { periodWords } from '../../src/i18n/format.ts';
import { CAPTION_LIMIT, EXPORT_KINDS, exportKey } from '../../src/tasks/exports.ts';
import { enqueueTask } from '../../src/tasks/queue.ts';
import type { ChatMessage } from '../harness/index.ts';
import { kk, ru } from '../support/i18n.ts';
import {
  LARGE_BODY,
  LARGE_ORG,
  largeNumberOf,
  largeTelegramIdOf,
  seedLargeBody,
  seedNotices,
} from '../support/large-body.ts';
import { forgeTap } from '../support/two-bodies.ts';
import { World } from '../support/world.ts';

/** The body's HR head, a plain HR officer and an employee with no HR rights (the body reads Russian). */
const HEAD = 1;
const OFFICER = 2;
const EMPLOYEE = 5;
let world: World;
let sheets = 0;
const person = (index: number) => world.api.user({ id: largeTelegramIdOf(index), firstName: `P${index}` });
/** Someone else writing to the bot while the export is built. */
const colleague = () => world.api.user({ id: 630, firstName: 'Colleague' });

/** Waits for the bot to finish an update while other requests (the held progress report) are in flight. */
const handled = (update: { update_id: number }) =>
  world.api.waitUntil(
    () => world.api.isHandled(update.update_id),
    30_000,
    () => `update ${update.update_id} was not handled while the export was built`,
  );

const documentsIn = (chatId: number) =>
  world.api.chatMessages(chatId).filter((m) => m.sender === 'bot' && m.method === 'sendDocument');

async function dataRows(message: ChatMessage): Promise<number> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(message.document!.bytes! as never);
  return workbook.worksheets.reduce((sum, ws) => sum + ws.actualRowCount - 1, 0);
}

beforeAll(async () => {
  world = await new World().start();
  world.setNow(new Date('2026-10-05T04:00:00Z'));
  await seedLargeBody(world);
  const { models } = world.app.services;
  for (const [index, role] of [
    [HEAD, 'hrHead'],
    [OFFICER, 'hr'],
  ] as const)
    await models.Employee.updateOne(
      { organisationCode: LARGE_ORG, personnelNumber: largeNumberOf(index) },
      { $addToSet: { roles: role } },
    );
  const created = await createRankingCampaign(models, {
    organisationCode: LARGE_ORG,
    period: parsePeriod('2026-Q3')!,
    createdBy: largeTelegramIdOf(HEAD),
  });
  if (!created.ok) throw new Error(created.problem);
  sheets = await models.RankingSheet.countDocuments({ campaignId: created.campaignId });
  await seedNotices(world);
}, 240_000);
afterEach(() => {
  // Telegram answers again, whatever a test left held.
  world.api.resumeAnswering();
});
afterAll(async () => {
  await world?.stop();
});

describe(`HR's exports of a body of ${LARGE_BODY.people} staff run as tasks`, () => {
  it("the quarter's results: another user is answered while the file is built; the file and its word come after", async () => {
    const head = person(HEAD);
    const { Task } = world.app.services.models;
    // The task's first progress report (after 100 sheets) is held: the export is provably under way.
    world.api.stopAnswering({ methods: ['editMessageText'] });
    const { update: asked } = await head.send('/rankexport 2026-Q3', { wait: false });
    await handled(asked);
    const progressMessage = head.lastMessage()!;
    expect(progressMessage.text).toBe(ru('tasks:queued'));
    for (let waited = 0; world.api.heldRequests === 0; waited += 20) {
      if (waited > 60_000) throw new Error('the export never reported progress');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await handled((await colleague().send('/help', { wait: false })).update);
    // Not in the roster: the bot's default language.
    expect(colleague().lastMessage()?.text).toBe(kk('help.text'));
    const during = await Task.findOne({ kind: EXPORT_KINDS.rankingResults }).lean();
    expect(during).toMatchObject({ state: 'running', organisationCode: LARGE_ORG });
    expect(documentsIn(largeTelegramIdOf(HEAD))).toHaveLength(0);

    world.api.resumeAnswering();
    await world.app.services.wakeTasks();
    const [file] = documentsIn(largeTelegramIdOf(HEAD));
    expect(file?.document?.file_name).toBe(`ranking-${LARGE_ORG}-2026-Q3.xlsx`);
    expect(file?.caption).toBe(ru('ranking:export.caption', periodWords(ru, '2026-Q3')));
    expect(file!.caption!.length).toBeLessThanOrEqual(CAPTION_LIMIT);
    // The HR head sees every sheet of the body: one row each.
    expect(sheets).toBeGreaterThanOrEqual(LARGE_BODY.people - 1);
    expect(await dataRows(file!)).toBe(sheets);
    expect(world.api.message(largeTelegramIdOf(HEAD), progressMessage.message_id)?.text).toBe(
      ru('tasks-export:sent', { count: sheets }),
    );

    // The same update delivered again: the same task, its word again, no second file.
    const again = world.api.pushUpdate({ message: asked.message } as never);
    await world.api.waitProcessed(again.update_id);
    expect(head.lastMessage()?.text).toBe(ru('tasks-export:sent', { count: sheets }));
    expect(documentsIn(largeTelegramIdOf(HEAD))).toHaveLength(1);
    expect(await Task.countDocuments({ kind: EXPORT_KINDS.rankingResults })).toBe(1);
  }, 180_000);

  it('the delivery register: one file per console message, however often its button is tapped', async () => {
    const head = person(HEAD);
    await head.send('/hr');
    const consoleMessage = head.lastMessage()!;
    await head.tap(ru('notices:console.exportButton'));
    await world.app.services.wakeTasks();
    const files = () =>
      documentsIn(largeTelegramIdOf(HEAD)).filter((m) => m.document?.file_name === 'delivery-register.xlsx');
    expect(files()).toHaveLength(1);
    expect(files()[0]?.caption).toBe(ru('notices:register.exportCaption', { count: LARGE_BODY.people }));
    expect(await dataRows(files()[0]!)).toBe(LARGE_BODY.people);
    // A second tap on the same console: the first one's word, no second file.
    await head.tapIn(consoleMessage, ru('notices:console.exportButton'));
    await world.app.services.wakeTasks();
    expect(head.lastMessage()?.text).toBe(ru('tasks-export:sent', { count: LARGE_BODY.people }));
    expect(files()).toHaveLength(1);
  }, 120_000);

  it('a forged export button or another body is refused before any task is queued', async () => {
    const { Task } = world.app.services.models;
    const before = await Task.countDocuments();
    const employee = person(EMPLOYEE);
    await employee.send('/help');
    for (const data of [callbacks.console.export.build(), callbacks.console.auditExport.build()]) {
      await forgeTap(world, employee, data);
      expect(employee.callbackAnswers().at(-1)?.text, data).toBe(ru('errors.notAllowed'));
    }
    // The audit log is the HR head's: a plain HR officer's forged button is refused too.
    const officer = person(OFFICER);
    await officer.send('/help');
    await forgeTap(world, officer, callbacks.console.auditExport.build());
    expect(officer.callbackAnswers().at(-1)?.text).toBe(ru('errors.notAllowed'));
    // Another body named by the HR head.
    await person(HEAD).send('/rankexport 2026-Q3 other-akimat');
    expect(person(HEAD).lastMessage()?.text).toBe(ru('errors.notAllowed'));
    expect(await Task.countDocuments()).toBe(before);
    for (const index of [EMPLOYEE, OFFICER]) expect(documentsIn(largeTelegramIdOf(index))).toHaveLength(0);
  });

  it('an HR head who lost the role after asking gets no file: rights are read again when it is built', async () => {
    const { models, now } = world.app.services;
    const head = await models.Employee.findOne({
      organisationCode: LARGE_ORG,
      personnelNumber: largeNumberOf(HEAD),
    }).lean();
    const campaign = await models.RankingCampaign.findOne({ organisationCode: LARGE_ORG }).lean();
    const asked = await world.app.bot.api.sendMessage(largeTelegramIdOf(HEAD), ru('tasks:queued'));
    // Queued as the command queues it, then the roster takes the role away before the task runs.
    await models.Employee.updateOne({ _id: head!._id }, { $pull: { roles: 'hrHead' } });
    await enqueueTask(
      models,
      {
        key: exportKey(EXPORT_KINDS.rankingResults, LARGE_ORG, largeTelegramIdOf(HEAD), asked.message_id),
        kind: EXPORT_KINDS.rankingResults,
        payload: { campaignId: String(campaign!._id) },
        organisationCode: LARGE_ORG,
        requestedBy: head!._id,
        report: { chatId: largeTelegramIdOf(HEAD), messageId: asked.message_id, language: 'ru' },
      },
      now(),
    );
    const filesBefore = documentsIn(largeTelegramIdOf(HEAD)).length;
    await world.app.services.wakeTasks();
    expect(world.api.message(largeTelegramIdOf(HEAD), asked.message_id)?.text).toBe(ru('errors.notAllowed'));
    expect(documentsIn(largeTelegramIdOf(HEAD))).toHaveLength(filesBefore);
    await models.Employee.updateOne({ _id: head!._id }, { $addToSet: { roles: 'hrHead' } });
  });
});
