import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
    expect(user.lastMessage()?.text).toContain('Выберите язык');
    await user.tap('Русский');
    expect(user.messages().some((m) => m.text === 'Язык изменён: русский.')).toBe(true);
    expect(user.lastMessage()?.text).toContain('Поделиться номером телефона');
    await user.send('what?');
    expect(user.lastMessage()?.text).toBe('Не понял. Отправьте /help, чтобы увидеть справку.');
    await user.send('/language');
    await user.tap('Қазақша');
    await user.send('/help');
    expect(user.lastMessage()?.text).toContain('/language — тілді ауыстыру');
    const account = await world.app.services.models.Account.findOne({ telegramId: 501 });
    expect(account?.language).toBe('kk');
  });

  it("lists HR's commands in /help for HR only", async () => {
    const user = world.api.user({ id: 510, firstName: 'Staff' });
    await user.send('/help');
    expect(user.lastMessage()?.text).toContain('/survey — 360 әдісімен бағалау сауалнамалары');
    expect(user.lastMessage()?.text).not.toContain('/survey360');
    const hr = world.api.user({ id: ADMIN_ID, firstName: 'Admin' });
    await hr.send('/help');
    expect(hr.lastMessage()?.text).toContain('/hr — кадр қызметінің басқару панелі');
  });

  it('registers the command menu in Kazakh and Russian', () => {
    expect(world.api.myCommands({ type: 'default' }, 'ru').map((c) => c.description)).toContain(
      'Сменить язык',
    );
    expect(world.api.myCommands({ type: 'default' }, 'kk').map((c) => c.description)).toContain(
      'Тілді ауыстыру',
    );
  });
});

describe('linking by contact', () => {
  it('links the sender by their own phone number (8 / +7 prefixes normalised)', async () => {
    const user = world.api.user({ id: 502, firstName: 'Aigul', phone: '77021112202' });
    await user.send('/start');
    await user.tap('Русский');
    await user.shareContact();
    expect(user.lastMessage()?.text).toBe('Готово! Вы связаны как Жұмабекова Айгүл Серікқызы (Бас маман).');
    expect((await employee('1002'))?.telegramId).toBe(502);
    await user.send('/start');
    expect(user.lastMessage()?.text).toContain('Жұмабекова Айгүл Серікқызы');
  });

  it("refuses someone else's contact and links nothing", async () => {
    const user = world.api.user({ id: 503, firstName: 'Mallory' });
    await user.send('/start');
    await user.tap('Қазақша');
    await user.shareContact({ own: false, phone: '+77011112201', userId: 777 });
    expect(user.lastMessage()?.text).toContain('Тек өз нөміріңізді бөлісуге болады');
    expect((await employee('1001'))?.telegramId).toBeNull();
  });

  it('refuses an unknown phone', async () => {
    const user = world.api.user({ id: 504, firstName: 'Stranger', phone: '+77019999999' });
    await user.send('/start');
    await user.tap('Қазақша');
    await user.shareContact();
    expect(user.lastMessage()?.text).toContain('тізімінде табылмады');
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
    await user.tap('Русский');
    await user.shareContact();
    expect(user.lastMessage()?.text).toContain('указан у нескольких сотрудников');
    expect(await world.app.services.models.Employee.countDocuments({ telegramId: 505 })).toBe(0);
  });
});

describe('invite links', () => {
  it('HR makes a one-time link that links the employee and cannot be reused', async () => {
    const hr = world.api.user({ id: ADMIN_ID, firstName: 'Admin' });
    await hr.send('/language');
    await hr.tap('Русский');
    await hr.send('/invite 1003');
    const link = /start=([\w-]+)/.exec(hr.lastMessage()?.text ?? '')?.[1];
    expect(link).toBeTruthy();

    const danyar = world.api.user({ id: 506, firstName: 'Danyar' });
    await danyar.send(`/start ${link}`);
    expect(danyar.lastMessage()?.text).toContain('Оспанов Данияр Бауыржанұлы');
    expect((await employee('1003'))?.telegramId).toBe(506);

    const other = world.api.user({ id: 507, firstName: 'Other' });
    await other.send(`/start ${link}`);
    expect(other.lastMessage()?.text).toContain('бұрын пайдаланылған');
  });

  it('refuses an expired link', async () => {
    const hr = world.api.user({ id: ADMIN_ID, firstName: 'Admin' });
    await hr.send('/invite 1004');
    const link = /start=([\w-]+)/.exec(hr.lastMessage()?.text ?? '')?.[1];
    world.setNow(new Date(Date.now() + 73 * 3_600_000));
    const user = world.api.user({ id: 508, firstName: 'Madina' });
    await user.send(`/start ${link}`);
    expect(user.lastMessage()?.text).toContain('мерзімі өтіп кеткен');
    expect((await employee('1004'))?.telegramId).toBeNull();
  });

  it('refuses /invite and /import to non-HR users without revealing anything', async () => {
    const user = world.api.user({ id: 509, firstName: 'Curious' });
    await user.send('/invite 1001');
    expect(user.lastMessage()?.text).toBe('Бұл әрекетке рұқсатыңыз жоқ.');
    await user.send('/import');
    expect(user.lastMessage()?.text).toBe('Бұл әрекетке рұқсатыңыз жоқ.');
  });
});

describe('roster import in the bot', () => {
  it('imports a valid file and reports counts; a second import changes nothing', async () => {
    const hr = world.api.user({ id: ADMIN_ID, firstName: 'Admin' });
    await hr.send('/language');
    await hr.tap('Русский');
    await hr.send('/import');
    expect(hr.lastMessage()?.text).toContain('.xlsx или .csv');
    await hr.sendDocument('docs/roster-example.xlsx');
    expect(hr.lastMessage()?.text).toBe(
      'Список загружен. Организации: 1. Подразделения: новых 0, обновлено 0. Сотрудники: новых 0, обновлено 0, без изменений 8.',
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
    await hr.tap('Русский');
    await hr.send('/import');
    await hr.sendDocument({ fileName: 'staff.csv', bytes: csv });
    const report = hr.lastMessage()?.text ?? '';
    expect(report).toContain('В файле найдены 3 ошибки, ничего не изменено:');
    expect(report).toContain('Строка 2, столбец «Телефон»');
    expect(report).toContain('Строка 3, столбец «Дата назначения на должность»');
    expect(report).toContain('Строка 5, столбец «Табельный номер непосредственного руководителя»');
    expect(await world.app.services.models.Employee.find().lean()).toEqual(before);
  });

  it('answers text instead of a file with a hint, and /cancel leaves the flow', async () => {
    const hr = world.api.user({ id: ADMIN_ID, firstName: 'Admin' });
    await hr.send('/import');
    await hr.send('here it is');
    expect(hr.lastMessage()?.text).toContain('Файл күтілуде');
    await hr.send('/cancel');
    // It says what it left: the roster upload.
    const t = world.app.services.translator.forLanguage('kk');
    expect(hr.lastMessage()?.text).toBe(t('cancel.left.rosterFile'));
    await hr.send('hello');
    expect(hr.lastMessage()?.text).toBe('Түсінбедім. Анықтама үшін /help жіберіңіз.');
  });

  it('keeps the flow across a restart of the bot (state in MongoDB)', async () => {
    const hr = world.api.user({ id: ADMIN_ID, firstName: 'Admin' });
    await hr.send('/import');
    await world.restart();
    await hr.sendDocument('docs/roster-example.csv');
    expect(hr.lastMessage()?.text).toContain('Тізім жүктелді');
  });
});
