// Updates run concurrently, in order per chat: a flood wait in one chat holds only that chat.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { World } from '../support/world.ts';

let world: World;
beforeAll(async () => {
  world = await new World().start();
});
afterAll(async () => {
  await world.stop();
});

/** The /help reply, recognised by its translated body. */
const isHelp = (text: string | undefined) =>
  text?.includes(world.app.services.translator.forLanguage('ru')('help.text')) ?? false;

describe('concurrent updates', () => {
  it("a 429 in one chat does not delay another chat's reply", async () => {
    const { api } = world;
    const asel = api.user({ id: 5101, firstName: 'Asel', languageCode: 'ru' });
    const bota = api.user({ id: 5102, firstName: 'Bota', languageCode: 'ru' });
    // Telegram flood-waits Asel's chat: every reply there answers 429 retry_after 1 until lifted.
    api.limitChat(asel.chatId, { retryAfter: 1 });
    const waiting = await asel.send('/help', { wait: false });
    await api.waitUntil(
      () => (api.stats().tooManyRequestsByChat.get(asel.chatId) ?? 0) > 0 || undefined,
      10_000,
      () => 'the bot never tried to answer Asel',
    );

    const { replies } = await bota.send('/help');
    expect(replies.filter((m) => isHelp(m.text))).toHaveLength(1);
    // Bota was served while Asel's update was still waiting out the flood wait.
    expect(api.isChatLimited(asel.chatId)).toBe(true);
    expect(api.isHandled(waiting.update.update_id)).toBe(false);
    expect(asel.messages()).toEqual([]);

    api.liftChatLimit(asel.chatId);
    await api.waitProcessed(waiting.update.update_id);
    expect(asel.messages().filter((m) => isHelp(m.text))).toHaveLength(1);
  });

  it("one chat's next update waits for the one before, even when it needs no message in the chat", async () => {
    const { api } = world;
    const dana = api.user({ id: 5103, firstName: 'Dana', languageCode: 'ru' });
    const limited = () => api.stats().tooManyRequestsByChat.get(dana.chatId) ?? 0;
    api.limitChat(dana.chatId, { retryAfter: 1 });
    const { update: first } = await dana.send('/help', { wait: false });
    await api.waitUntil(
      () => limited() > 0 || undefined,
      10_000,
      () => 'the bot never tried to answer Dana',
    );
    // A tap on an unknown button: only answerCallbackQuery, which the flood wait does not hold.
    const tap = api.pushUpdate({
      callback_query: {
        id: api.registerCallbackQuery(dana.id),
        from: dana.info,
        chat_instance: `ci-${dana.chatId}`,
        data: 'gone:button',
      },
    });
    // Until the bot's next attempt at the /help reply, the tap has waited its turn.
    await api.waitUntil(
      () => limited() > 1 || undefined,
      10_000,
      () => 'the bot did not retry the reply',
    );
    expect(api.isHandled(tap.update_id)).toBe(false);
    expect(dana.callbackAnswers()).toEqual([]);

    api.liftChatLimit(dana.chatId);
    await api.waitProcessed(tap.update_id);
    expect(api.isHandled(first.update_id)).toBe(true);
    const t = world.app.services.translator.forLanguage('ru');
    expect(dana.messages().map((m) => m.text?.includes(t('help.text')))).toEqual([true]);
    expect(dana.callbackAnswers().map((a) => a.text)).toEqual([t('errors.staleButton')]);
  });
});
