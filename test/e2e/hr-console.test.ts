import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendResultNotice } from '../../src/notifications/notices.ts';
import type { SimulatedUser } from '../harness/index.ts';
import { kk } from '../support/i18n.ts';
import { METHODOLOGY, PEOPLE, seedDepartment } from '../support/survey360.ts';
import { World } from '../support/world.ts';

const HR_ID = 7100;
const NOT_ALLOWED = kk('errors.notAllowed');
let world: World;
const hr = () => world.api.user({ id: HR_ID, firstName: 'HR' });
let staff: SimulatedUser;

beforeAll(async () => {
  world = await new World({ adminIds: [HR_ID] }).start();
  world.setNow(new Date('2026-11-23T04:00:00Z'));
  await seedDepartment(world);
  staff = world.api.user({ id: PEOPLE[2]!.telegramId, firstName: PEOPLE[2]!.name });
  const employee = await world.app.services.models.Employee.findOne({ personnelNumber: '1002' });
  await sendResultNotice(world.app.services, {
    kind: 'result360',
    campaignId: 'c-2026',
    employeeId: employee!._id,
    methodologyId: METHODOLOGY,
    render: () => ({ text: '4,25' }),
  });
}, 60_000);
afterAll(async () => {
  await world.stop();
});

describe('HR console', () => {
  it('refuses a non-HR user every /hr command and every hr button, revealing nothing', async () => {
    for (const command of ['/hr', '/hr reg', '/refusal 0123456789abcdef01234567 A; B']) {
      await staff.send(command);
      expect(staff.lastMessage()?.text, command).toBe(NOT_ALLOWED);
    }
    const before = staff.messages().length;
    const buttons = [
      'hr:import',
      'hr:360',
      'hr:remind',
      'hr:reg:all',
      'hr:reg:unack',
      'hr:reg:undeliv',
      'hr:appeals',
      'hr:xlsx',
    ];
    for (const data of buttons) {
      const update = world.api.pushUpdate({
        callback_query: {
          id: world.api.registerCallbackQuery(staff.id),
          from: staff.info,
          chat_instance: `ci-${staff.id}`,
          data,
          message: staff.lastMessage()!.raw,
        },
      } as never);
      await world.api.waitProcessed(update.update_id);
      expect(staff.callbackAnswers().at(-1)?.text, data).toBe(NOT_ALLOWED);
    }
    expect(staff.messages()).toHaveLength(before);
    expect(world.api.callsOf('sendDocument')).toHaveLength(0);
    expect(await world.app.services.models.AuditLog.countDocuments({ telegramId: staff.id })).toBe(0);
  });

  it('opens the menu for HR; roster import enters the existing import flow', async () => {
    await hr().send('/hr');
    expect(hr().lastMessage()?.text).toBe(kk('notices:console.title'));
    await hr().tap(kk('notices:console.importButton'));
    expect(hr().lastMessage()?.text).toBe(kk('people:import.sendFile'));
    await hr().send('/cancel');
    await hr().send('/hr');
    await hr().tap(kk('notices:console.campaignsButton'));
    expect(hr().lastMessage()?.text).toBe(kk('notices:console.campaignsHint'));
  });

  it('"remind all pending" reminds the respondents of launched campaigns', async () => {
    await hr().send('/survey360');
    await hr().tap(kk('survey360:hr.createButton', { year: 2026 }));
    await hr().tap(kk('survey360:hr.launchButton'));
    await hr().send('/hr');
    await hr().tap(kk('notices:console.remindButton'));
    // The round runs as a task; its word is the count.
    await world.app.services.wakeTasks();
    expect(hr().lastMessage()?.text).toBe(kk('notices:console.reminded', { count: 5, campaigns: 1 }));
  });

  it('exports the delivery register as .xlsx', async () => {
    await hr().send('/hr');
    await hr().tap(kk('notices:console.exportButton'));
    // The file is written by a task and sent after the update.
    await world.app.services.wakeTasks();
    const message = hr().lastMessage()!;
    expect(message.method).toBe('sendDocument');
    expect(message.document?.file_name).toBe('delivery-register.xlsx');
    expect(message.caption).toBe(kk('notices:register.exportCaption', { count: 1 }));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(message.document!.bytes! as never);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe(kk('notices:xlsx.sheet'));
    expect(sheet.getRow(1).getCell(2).value).toBe(kk('notices:xlsx.name'));
    expect(sheet.getRow(2).getCell(2).value).toBe('Staff One');
    expect(sheet.getRow(2).getCell(3).value).toBe(kk('notices:kinds.result360'));
  });

  it('writes every HR action to the audit log: who, what, when', async () => {
    await hr().send('/invite 1004');
    const entries = await world.app.services.models.AuditLog.find({}).sort({ at: 1, _id: 1 }).lean();
    expect(entries.map((e) => e.action)).toEqual([
      'hr.open',
      'hr.import',
      'hr.open',
      'hr.campaigns',
      'survey360.open',
      'survey360.create',
      'survey360.launch',
      'hr.open',
      'hr.remindAll',
      'hr.open',
      'hr.export',
      'people.invite',
    ]);
    for (const entry of entries) {
      expect(entry.telegramId).toBe(HR_ID);
      expect(entry.organisationCode).toBe('test-akimat');
      expect(entry.at.toISOString().slice(0, 10)).toBe('2026-11-23');
    }
    const invite = entries.at(-1)!;
    expect(invite.details).toMatchObject({ personnelNumber: '1004' });
    expect(entries.find((e) => e.action === 'hr.remindAll')?.details).toMatchObject({ reminded: 5 });
  });
});
