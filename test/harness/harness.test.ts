// Self-test of the Telegram harness: a REAL grammY bot polls the fake Bot API on 127.0.0.1.
import { autoRetry } from '@grammyjs/auto-retry';
import {
  type Conversation,
  type ConversationFlavor,
  conversations,
  createConversation,
} from '@grammyjs/conversations';
import { type RunnerHandle, run, sequentialize } from '@grammyjs/runner';
import { Bot, type Context, GrammyError, InlineKeyboard, InputFile, Keyboard } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeBotApi } from './index.ts';

type BotContext = ConversationFlavor<Context>;

const PNG_BYTES = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 3, 255]);

function buildBot(apiRoot: string, errors: unknown[]): Bot<BotContext> {
  const bot = new Bot<BotContext>('123456:TEST-TOKEN', { client: { apiRoot } });
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 5 }));
  bot.catch((err) => {
    errors.push(err.error);
  });
  bot.use(conversations());
  bot.use(
    createConversation(async (conversation: Conversation<BotContext, Context>, ctx: Context) => {
      await ctx.reply('What is your name?');
      const name = await conversation.form.text();
      await ctx.reply('How old are you?');
      const age = await conversation.form.int({ otherwise: (c) => c.reply('A number, please') });
      await ctx.reply(`Thanks, ${name} (${age})`);
    }, 'survey'),
  );

  bot.command('start', (ctx) =>
    ctx.reply('Welcome!', {
      reply_markup: new InlineKeyboard().text('Yes', 'answer:yes').text('No', 'answer:no'),
    }),
  );
  bot.callbackQuery(/^answer:(.+)$/, async (ctx) => {
    await ctx.answerCallbackQuery({ text: 'Saved', show_alert: ctx.match[1] === 'no' });
    await ctx.editMessageText(`You chose ${ctx.match[1]}`);
  });
  bot.command('survey', (ctx) => ctx.conversation.enter('survey'));
  bot.command('phone', (ctx) =>
    ctx.reply('Share your phone', { reply_markup: new Keyboard().requestContact('Send phone').oneTime() }),
  );
  bot.on('message:contact', (ctx) =>
    ctx.reply(ctx.message.contact.user_id === ctx.from.id ? 'own contact' : 'foreign contact'),
  );
  bot.on('message:document', async (ctx) => {
    const file = await ctx.getFile();
    const response = await fetch(`${apiRoot}/file/bot${bot.token}/${file.file_path}`);
    const text = await response.text();
    await ctx.reply(`rows: ${text.trim().split('\n').length}; first: ${text.split('\n')[0]}`);
  });
  bot.command('chart', (ctx) =>
    ctx.replyWithPhoto(new InputFile(PNG_BYTES, 'chart.png'), { caption: 'Chart' }),
  );
  bot.command('report', (ctx) =>
    ctx.replyWithDocument(new InputFile(Buffer.from('name;score\nAigerim;4.5\n'), 'report 1;final.csv')),
  );
  bot.command('unawaited', (ctx) => {
    void ctx.reply('sent without await');
  });
  bot.command('twice', async (ctx) => {
    await ctx.reply('one');
    await ctx.reply('two');
  });
  return bot;
}

describe('Telegram harness with a real grammY bot', () => {
  let api: FakeBotApi;
  let bot: Bot<BotContext>;
  let running: Promise<void>;
  let errors: unknown[];

  beforeEach(async () => {
    api = new FakeBotApi();
    const { apiRoot } = await api.start();
    errors = [];
    bot = buildBot(apiRoot, errors);
    await new Promise<void>((resolve) => {
      running = bot.start({ onStart: () => resolve() });
    });
  });

  afterEach(async () => {
    await bot.stop();
    await running;
    await api.stop();
  });

  it('answers /start, records getMe/deleteWebhook and long polls', async () => {
    const user = api.user({ id: 1001, firstName: 'Aigerim', languageCode: 'kk' });
    const { replies } = await user.send('/start');
    expect(replies.map((m) => m.text)).toEqual(['Welcome!']);
    expect(user.lastMessage()?.text).toBe('Welcome!');
    expect(api.callsOf('getMe')).toHaveLength(1);
    expect(api.callsOf('deleteWebhook')).toHaveLength(1);
    expect(api.callsOf('getUpdates')[0]?.params.timeout).toBe(30);
    expect(api.tokens.has('123456:TEST-TOKEN')).toBe(true);
    expect(errors).toEqual([]);
  });

  it('taps an inline button: callback answered and message edited in place', async () => {
    const user = api.user({ id: 1002, firstName: 'Daulet' });
    await user.send('/start');
    const welcome = user.lastMessage()!;
    const { replies } = await user.tap('Yes');
    expect(user.callbackAnswers()).toMatchObject([{ text: 'Saved', showAlert: false }]);
    expect(replies).toHaveLength(1);
    const edited = user.lastMessage()!;
    expect(edited.message_id).toBe(welcome.message_id);
    expect(edited.text).toBe('You chose yes');
    expect(edited.reply_markup).toBeUndefined(); // editMessageText without reply_markup drops the keyboard
    expect(edited.edits.map((e) => e.text)).toEqual(['Welcome!']);
    expect(user.messages()).toHaveLength(1);
    // The keyboard is gone: tapping again explains what is there instead.
    expect(() => user.tap('No')).toThrow(/no bot message with an inline keyboard/);
    expect(() => user.tapIn(welcome, 'No')).toThrow(/Available buttons: none/);
  });

  it('taps a stale button on an older message and lists buttons when none match', async () => {
    const user = api.user({ id: 1003, firstName: 'Erlan' });
    await user.send('/start');
    const first = user.lastMessage()!;
    await user.send('/start');
    expect(() => user.tap('Maybe')).toThrow(/Available buttons: "Yes" \| "No"/);
    await user.tapIn(first, /^No$/);
    expect(api.message(user.chatId, first.message_id)?.text).toBe('You chose no');
    expect(user.callbackAnswers()).toMatchObject([{ text: 'Saved', showAlert: true }]);
    expect(user.messages().map((m) => m.text)).toEqual(['You chose no', 'Welcome!']);
  });

  it('runs a conversation that asks two questions', async () => {
    const user = api.user({ id: 1004, firstName: 'Gulnar' });
    expect((await user.send('/survey')).replies.map((m) => m.text)).toEqual(['What is your name?']);
    expect((await user.send('Gulnar')).replies.map((m) => m.text)).toEqual(['How old are you?']);
    expect((await user.send('many')).replies.map((m) => m.text)).toEqual(['A number, please']);
    await user.send('34');
    expect(user.lastMessage()?.text).toBe('Thanks, Gulnar (34)');
    expect(await user.waitForReply()).toMatchObject({ text: 'Thanks, Gulnar (34)' });
  });

  it('round-trips a document the user sends: getFile + download from the fake server', async () => {
    const user = api.user({ id: 1005, firstName: 'Nurlan' });
    const csv = 'iin;name\n900101300123;Nurlan\n900202400456;Aliya\n';
    await user.sendDocument({ fileName: 'roster.csv', bytes: Buffer.from(csv) });
    expect(user.lastMessage()?.text).toBe('rows: 3; first: iin;name');
    const getFile = api.callsOf('getFile')[0]!;
    expect(getFile.response).toMatchObject({ ok: true, result: { file_path: 'documents/file_1.csv' } });
    expect(api.downloads.map((d) => d.path)).toEqual(['documents/file_1.csv']);
    expect(api.file(String(getFile.params.file_id))?.bytes.toString()).toBe(csv);
  });

  it('stores multipart uploads: photo bytes and a document with an odd file name', async () => {
    const user = api.user({ id: 1006, firstName: 'Saule' });
    await user.send('/chart');
    const photo = user.lastMessage()!;
    expect(photo.caption).toBe('Chart');
    expect(photo.photo?.bytes).toEqual(PNG_BYTES);
    expect(api.callsOf('sendPhoto')[0]?.uploads[0]?.filename).toBe('chart.png');

    await user.send('/report');
    const doc = user.lastMessage()!.document!;
    expect(doc.file_name).toBe('report 1;final.csv');
    expect(doc.mime_type).toBe('text/csv');
    expect(doc.bytes?.toString()).toBe('name;score\nAigerim;4.5\n');
  });

  it('shares own and foreign contacts via a reply keyboard', async () => {
    const user = api.user({ id: 1007, firstName: 'Asel', phone: '+77011234567' });
    await user.send('/phone');
    await user.tapReplyKeyboard('Send phone');
    expect(user.lastMessage()?.text).toBe('own contact');
    await user.shareContact({ own: false });
    expect(user.lastMessage()?.text).toBe('foreign contact');
    const contacts = api
      .chatMessages(user.chatId)
      .filter((m) => m.sender === 'user' && 'contact' in m.raw)
      .map((m) => (m.raw as { contact: { phone_number: string } }).contact.phone_number);
    expect(contacts[0]).toBe('+77011234567');
  });

  it('injects a 429 with retry_after; auto-retry waits and succeeds', async () => {
    const user = api.user({ id: 1008, firstName: 'Timur' });
    api.failNext('sendMessage', { error_code: 429, parameters: { retry_after: 1 } });
    const started = Date.now();
    await user.send('/start');
    const sends = api.callsOf('sendMessage');
    expect(sends.map((c) => c.response.ok)).toEqual([false, true]);
    expect(sends[0]?.response).toMatchObject({ error_code: 429, parameters: { retry_after: 1 } });
    expect(sends[1]!.at - sends[0]!.at).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(user.lastMessage()?.text).toBe('Welcome!');
    expect(api.stats().tooManyRequests).toBe(1);
  });

  it('rate-limits per chat and counts 429s', async () => {
    const user = api.user({ id: 1009, firstName: 'Marat' });
    api.rateLimit({ perChatPerSecond: 1, retryAfter: 1 });
    await user.send('/twice');
    expect(user.messages().map((m) => m.text)).toEqual(['one', 'two']);
    expect(api.stats().tooManyRequestsByChat.get(user.chatId)).toBe(1);
    api.rateLimit(undefined);
  });

  it('answers 403 for a chat whose user blocked the bot', async () => {
    const user = api.user({ id: 1010, firstName: 'Dana' });
    await user.blockBot();
    await user.send('/start');
    expect(user.messages()).toEqual([]);
    expect(api.callsOf('sendMessage')[0]?.response).toMatchObject({
      ok: false,
      error_code: 403,
      description: 'Forbidden: bot was blocked by the user',
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(GrammyError);
    expect((errors[0] as GrammyError).error_code).toBe(403);
    expect(api.stats().forbidden).toBe(1);
  });

  it('waits for a reply the handler did not await (settle period)', async () => {
    const user = api.user({ id: 1011, firstName: 'Ayan' });
    const { replies } = await user.send('/unawaited');
    expect(replies.map((m) => m.text)).toEqual(['sent without await']);
  });

  it('records unknown methods and keeps commands', async () => {
    await bot.api.setMyCommands([{ command: 'start', description: 'Start' }], { language_code: 'ru' });
    expect(await bot.api.getMyCommands({ language_code: 'ru' })).toEqual([
      { command: 'start', description: 'Start' },
    ]);
    expect(await bot.api.setChatMenuButton({ menu_button: { type: 'commands' } })).toBe(true);
    expect(await bot.api.raw.setMyShortDescription({ short_description: 'x' })).toBe(true);
    expect(api.callsOf('setMyShortDescription')[0]?.params).toEqual({ short_description: 'x' });
    expect(api.myCommands({ type: 'default' }, 'ru')).toHaveLength(1);
  });
});

describe('Telegram harness with a concurrent bot (@grammyjs/runner) and trackUpdates', () => {
  let api: FakeBotApi;
  let runner: RunnerHandle;
  let errors: unknown[];
  /** Handlers for text "wait" park here until the test opens the gate. */
  let gate: { open: () => void; opened: Promise<void> };

  const newGate = () => {
    let open = () => {};
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    return { open, opened };
  };

  beforeEach(async () => {
    api = new FakeBotApi();
    const { apiRoot } = await api.start();
    errors = [];
    gate = newGate();
    const bot = new Bot('123456:TEST-TOKEN', { client: { apiRoot } });
    bot.use(sequentialize((ctx) => (ctx.chat ? String(ctx.chat.id) : undefined)));
    bot.command('slow', async (ctx) => {
      await ctx.reply('first');
      await new Promise((resolve) => setTimeout(resolve, 150));
      await ctx.reply('second');
    });
    bot.command('fail', async (ctx) => {
      await ctx.reply('trying');
      throw new Error('handler failed');
    });
    bot.hears(/^wait (\d+)$/, async (ctx) => {
      await gate.opened;
      await ctx.reply(`done ${ctx.match[1]}`);
    });
    bot.on('message:text', (ctx) => ctx.reply(`echo ${ctx.message.text}`));
    bot.catch(async (error) => {
      errors.push(error.error);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await error.ctx.reply('sorry');
    });
    await bot.init();
    api.trackUpdates(bot);
    runner = run(bot);
  });

  afterEach(async () => {
    gate.open();
    await runner.stop();
    await api.stop();
  });

  it('an action ends when the handler has finished, not when the update was fetched', async () => {
    const user = api.user({ id: 2001, firstName: 'Aigerim' });
    const { replies } = await user.send('/slow');
    expect(replies.map((m) => m.text)).toEqual(['first', 'second']);
  });

  it('an action that failed ends when the error handler has finished', async () => {
    const user = api.user({ id: 2002, firstName: 'Daulet' });
    const { replies } = await user.send('/fail');
    expect(replies.map((m) => m.text)).toEqual(['trying', 'sorry']);
    expect(errors).toHaveLength(1);
  });

  it('one chat waiting does not hold another; one chat is handled in order', async () => {
    const a = api.user({ id: 2003, firstName: 'Erlan' });
    const b = api.user({ id: 2004, firstName: 'Gulnar' });
    const first = await a.send('wait 1', { wait: false });
    const second = await a.send('after', { wait: false });
    expect((await b.send('hello')).replies.map((m) => m.text)).toEqual(['echo hello']);
    // Chat A's second message waits behind its first, which waits for the gate.
    expect(api.isHandled(first.update.update_id)).toBe(false);
    expect(api.isHandled(second.update.update_id)).toBe(false);
    expect(a.messages()).toEqual([]);
    gate.open();
    await api.waitProcessed(second.update.update_id);
    expect(a.messages().map((m) => m.text)).toEqual(['done 1', 'echo after']);
  });
});
