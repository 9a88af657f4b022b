// Telegram test harness: a fake Bot API on 127.0.0.1 polled by a REAL grammY bot, plus simulated users.
//
//   const api = new FakeBotApi();
//   const { apiRoot } = await api.start();
//   const bot = createBot({ client: { apiRoot } });          // any grammY Bot
//   const running = bot.start();                              // long polling against the fake
//   api.trackUpdates(bot);                                    // exact 'processed' (any runner)
//   const user = api.user({ id: 1001, firstName: 'Aigerim', languageCode: 'kk' });
//   await user.send('/start');                                // resolves once the bot processed it
//   await user.tap('Иә');                                     // inline button on the latest keyboard
//   expect(user.lastMessage()?.text).toBe('…');
//   await bot.stop(); await running; await api.stop();
export * from './fake-bot-api.ts';
export * from './flood-control.ts';
export * from './mime.ts';
export * from './request-body.ts';
export * from './simulated-user.ts';
export * from './telegram-text.ts';
