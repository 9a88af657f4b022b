import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kk, ru } from '../support/i18n.ts';
import { World } from '../support/world.ts';

const ADMIN_ID = 900_001;
let world: World;

beforeEach(async () => {
  world = await new World({ adminIds: [ADMIN_ID] }).start();
  await world.importRoster();
});
afterEach(async () => {
  await world.stop();
});

const employee = (number: string) => world.app.services.models.Employee.findOne({ personnelNumber: number });

describe('language choice', () => {
  it('asks for the language on /start and answers in the chosen one from then on', async () => {
    const user = world.api.user({ id: 501, firstName: 'Aigul' });
    await user.send('/start');
    expect(user.lastMessage()?.text).toBe(kk('start.chooseLanguage'));
    await user.tap(ru('languageName'));
    expect(user.messages().some((m) => m.text === ru('language.changed'))).toBe(true);
    expect(user.lastMessage()?.text).toContain(ru('start.askContact'));
    await user.send('what?');
    expect(user.lastMessage()?.text).toBe(ru('help.unknown'));
    await user.send('/language');
    await user.tap(kk('languageName'));
    await user.send('/help');
    expect(user.lastMessage()?.text).toContain(kk('help.text'));
    const account = await world.app.services.models.Account.findOne({ telegramId: 501 });
    expect(account?.language).toBe('kk');
  });

  it("lists HR's commands in /help for HR only", async () => {
    const user = world.api.user({ id: 510, firstName: 'Staff' });
    await user.send('/help');
    expect(user.lastMessage()?.text).toBe(kk('help.text'));
    expect(user.lastMessage()?.text).not.toContain('/survey360');
    const hr = world.api.user({ id: ADMIN_ID, firstName: 'Admin' });
    await hr.send('/help');
    expect(hr.lastMessage()?.text).toContain(kk('help.hr'));
    expect(hr.lastMessage()?.text).toContain('/survey360');
  });

  it('registers the command menu in Kazakh and Russian', () => {
    expect(world.api.myCommands({ type: 'default' }, 'ru').map((c) => c.description)).toContain(
      ru('commands.language'),
    );
    expect(world.api.myCommands({ type: 'default' }, 'kk').map((c) => c.description)).toContain(
      kk('commands.language'),
    );
  });
});

describe('linking by contact', () => {
  it('links the sender by their own phone number (8 / +7 prefixes normalised)', async () => {
    const user = world.api.user({ id: 502, firstName: 'Aigul', phone: '77021112202' });
    await user.send('/start');
    await user.tap(ru('languageName'));
    await user.shareContact();
    expect(user.lastMessage()?.text).toBe(
      ru('people:link.linked', { name: 'Жұмабекова Айгүл Серікқызы', position: 'Бас маман' }),
    );
    expect((await employee('1002'))?.telegramId).toBe(502);
    await user.send('/start');
    expect(user.lastMessage()?.text).toContain('Жұмабекова Айгүл Серікқызы');
  });

  it("refuses someone else's contact and links nothing", async () => {
    const user = world.api.user({ id: 503, firstName: 'Mallory' });
    await user.send('/start');
    await user.tap(kk('languageName'));
    await user.shareContact({ own: false, phone: '+77011112201', userId: 777 });
    expect(user.lastMessage()?.text).toBe(kk('people:link.notOwnContact'));
    expect((await employee('1001'))?.telegramId).toBeNull();
  });

  it('refuses an unknown phone', async () => {
    const user = world.api.user({ id: 504, firstName: 'Stranger', phone: '+77019999999' });
    await user.send('/start');
    await user.tap(kk('languageName'));
    await user.shareContact();
    expect(user.lastMessage()?.text).toBe(kk('people:link.noMatch'));
    expect(await world.app.services.models.Employee.countDocuments({ telegramId: 504 })).toBe(0);
  });

  it('refuses a phone shared by two roster entries', async () => {
    // Two bodies may list the same phone; the contact alone cannot tell who this is.
    await world.app.services.models.Employee.updateOne(
      { personnelNumber: '1005' },
      { $set: { phone: '+77011112201' } },
    );
    const user = world.api.user({ id: 505, firstName: 'Erlan', phone: '+77011112201' });
    await user.send('/start');
    await user.tap(ru('languageName'));
    await user.shareContact();
    expect(user.lastMessage()?.text).toBe(ru('people:link.ambiguous'));
    expect(await world.app.services.models.Employee.countDocuments({ telegramId: 505 })).toBe(0);
  });
});

describe('invite links', () => {
  it('HR makes a one-time link that links the employee and cannot be reused', async () => {
    const hr = world.api.user({ id: ADMIN_ID, firstName: 'Admin' });
    await hr.send('/language');
    await hr.tap(ru('languageName'));
    await hr.send('/invite 1003');
    const link = /start=([\w-]+)/.exec(hr.lastMessage()?.text ?? '')?.[1];
    expect(link).toBeTruthy();

    const danyar = world.api.user({ id: 506, firstName: 'Danyar' });
    await danyar.send(`/start ${link}`);
    expect(danyar.lastMessage()?.text).toContain('Оспанов Данияр Бауыржанұлы');
    expect((await employee('1003'))?.telegramId).toBe(506);

    const other = world.api.user({ id: 507, firstName: 'Other' });
    await other.send(`/start ${link}`);
    expect(other.lastMessage()?.text).toBe(kk('people:link.inviteUsed'));
  });

  it('refuses an expired link', async () => {
    const hr = world.api.user({ id: ADMIN_ID, firstName: 'Admin' });
    await hr.send('/invite 1004');
    const link = /start=([\w-]+)/.exec(hr.lastMessage()?.text ?? '')?.[1];
    world.setNow(new Date(Date.now() + 73 * 3_600_000));
    const user = world.api.user({ id: 508, firstName: 'Madina' });
    await user.send(`/start ${link}`);
    expect(user.lastMessage()?.text).toBe(kk('people:link.inviteExpired'));
    expect((await employee('1004'))?.telegramId).toBeNull();
  });

  it('refuses /invite and /import to non-HR users without revealing anything', async () => {
    const user = world.api.user({ id: 509, firstName: 'Curious' });
    await user.send('/invite 1001');
    expect(user.lastMessage()?.text).toBe(kk('errors.notAllowed'));
    await user.send('/import');
    expect(user.lastMessage()?.text).toBe(kk('errors.notAllowed'));
  });
});

describe('roster import in the bot', () => {
  it('imports a valid file and reports counts; a second import changes nothing', async () => {
    const hr = world.api.user({ id: ADMIN_ID, firstName: 'Admin' });
    await hr.send('/language');
    await hr.tap(ru('languageName'));
    await hr.send('/import');
    expect(hr.lastMessage()?.text).toBe(ru('people:import.sendFile'));
    await hr.sendDocument('docs/roster-example.xlsx');
    // The import runs as a task after the update: wait for it.
    await world.app.services.wakeTasks();
    expect(hr.lastMessage()?.text).toBe(
      ru('people:import.done', {
        organisations: 1,
        unitsCreated: 0,
        unitsUpdated: 0,
        employeesCreated: 0,
        employeesUpdated: 0,
        employeesUnchanged: 8,
      }),
    );
  });

  it('reports every bad row of a file with 3 errors and changes nothing', async () => {
    const csv = (await readFile('docs/roster-example.csv', 'utf8'))
      .replace('+7 701 111 22 01', '12345')
      .replace('01.09.2022', '31.02.2022')
      .replace('Бас маман;C-O-5;нет;1003;+77471112204', 'Бас маман;C-O-5;нет;9999;+77471112204');
    const before = await world.app.services.models.Employee.find().lean();
    const hr = world.api.user({ id: ADMIN_ID, firstName: 'Admin' });
    await hr.send('/language');
    await hr.tap(ru('languageName'));
    await hr.send('/import');
    await hr.sendDocument({ fileName: 'staff.csv', bytes: csv });
    // The import runs as a task after the update: wait for it.
    await world.app.services.wakeTasks();
    const report = (hr.lastMessage()?.text ?? '').split('\n');
    expect(report[0]).toBe(ru('people:import.failed', { count: 3 }));
    // Column names are the roster file's own headers (docs/roster-template.md).
    const row = (n: number, column: string, code: string, value: string) =>
      ru('people:import.rowError', { row: n, column, reason: ru(`people:rosterErrors.${code}`, { value }) });
    expect(report).toContain(row(2, 'Телефон', 'invalidPhone', '12345'));
    expect(report).toContain(row(3, 'Дата назначения на должность', 'invalidDate', '31.02.2022'));
    expect(report).toContain(
      row(5, 'Табельный номер непосредственного руководителя', 'unknownSupervisor', '9999'),
    );
    expect(await world.app.services.models.Employee.find().lean()).toEqual(before);
  });

  it('answers text instead of a file with a hint, and /cancel leaves the flow', async () => {
    const hr = world.api.user({ id: ADMIN_ID, firstName: 'Admin' });
    await hr.send('/import');
    await hr.send('here it is');
    expect(hr.lastMessage()?.text).toBe(kk('people:import.notAFile'));
    await hr.send('/cancel');
    // It says what it left: the roster upload.
    const t = world.app.services.translator.forLanguage('kk');
    expect(hr.lastMessage()?.text).toBe(t('cancel.left.rosterFile'));
    await hr.send('hello');
    expect(hr.lastMessage()?.text).toBe(kk('help.unknown'));
  });

  it('keeps the flow across a restart of the bot (state in MongoDB)', async () => {
    const hr = world.api.user({ id: ADMIN_ID, firstName: 'Admin' });
    await hr.send('/import');
    await world.restart();
    await hr.sendDocument('docs/roster-example.csv');
    // The import runs as a task after the update: wait for it.
    await world.app.services.wakeTasks();
    expect(hr.lastMessage()?.text).toBe(
      kk('people:import.done', {
        organisations: 1,
        unitsCreated: 0,
        unitsUpdated: 0,
        employeesCreated: 0,
        employeesUpdated: 0,
        employeesUnchanged: 8,
      }),
    );
  });
});
