import type { Message, Update, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PEOPLE, seedDepartment } from '../support/survey360.ts';
import { World } from '../support/world.ts';

const HR_ID = 7100;
const GROUP = -4242;
const SUPERGROUP = -1_001_234_567_890;
const CHANNEL = -1_009_876_543_210;
const STRANGER = 9_999_001;
const LINE = 'Мен тек жеке чатта жұмыс істеймін. / Я работаю только в личном чате.';

let world: World;
const person = (id: number, first_name: string): User => ({ id, is_bot: false, first_name });

beforeAll(async () => {
  world = await new World({ adminIds: [HR_ID] }).start();
  await seedDepartment(world);
}, 60_000);
afterAll(async () => {
  await world.stop();
});

/** Pushes an update and waits until the bot has handled it. */
async function deliver(update: object): Promise<void> {
  const full = world.api.pushUpdate(update as Omit<Update, 'update_id'>);
  await world.api.waitProcessed(full.update_id);
}

function groupMessage(chatId: number, from: User, text: string): Message {
  const command = /^\/\S+/.exec(text);
  return world.api.addUserMessage(chatId, from, {
    text,
    ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
  });
}

const botMessages = (chatId: number) => world.api.chatMessages(chatId).filter((m) => m.sender === 'bot');
/** Every message the bot sent anywhere. */
const allBotSends = () =>
  world.api.calls.filter((c) => /^(send|copy|forward|edit)/i.test(c.method) && c.response.ok).length;

describe('the bot works in private chats only', () => {
  it("answers a linked employee's and HR's commands in a group with one line, and nothing else", async () => {
    const staff = PEOPLE[1]!;
    const before = allBotSends();
    for (const text of ['/results', '/survey', '/start', '/help']) {
      await deliver({ message: groupMessage(GROUP, person(staff.telegramId, staff.name), text) });
    }
    for (const text of ['/hr', '/survey360', '/ranking', '/scores']) {
      await deliver({ message: groupMessage(SUPERGROUP, person(HR_ID, 'HR'), text) });
    }
    expect(botMessages(GROUP).map((m) => m.text)).toEqual([LINE, LINE, LINE, LINE]);
    expect(botMessages(SUPERGROUP).map((m) => m.text)).toEqual([LINE, LINE, LINE, LINE]);
    expect([...botMessages(GROUP), ...botMessages(SUPERGROUP)].every((m) => !m.reply_markup)).toBe(true);
    expect(allBotSends() - before).toBe(8);
    // Nothing reached the private chats of the people who typed in the group.
    expect(botMessages(staff.telegramId)).toHaveLength(0);
    expect(botMessages(HR_ID)).toHaveLength(0);
  });

  it('stays silent on group chatter that is not addressed to it', async () => {
    const before = botMessages(GROUP).length;
    await deliver({ message: groupMessage(GROUP, person(7002, 'Staff One'), 'Hello everyone') });
    expect(botMessages(GROUP)).toHaveLength(before);
  });

  it('creates no account for a stranger writing in a group', async () => {
    await deliver({ message: groupMessage(GROUP, person(STRANGER, 'Stranger'), '/start') });
    expect(await world.app.services.models.Account.exists({ telegramId: STRANGER })).toBeNull();
  });

  it('answers a button tap from a group with the line as an alert, and sends nothing', async () => {
    const message = groupMessage(GROUP, person(7002, 'Staff One'), 'x');
    const before = allBotSends();
    await deliver({
      callback_query: {
        id: world.api.registerCallbackQuery(7002),
        from: person(7002, 'Staff One'),
        chat_instance: 'group',
        data: 's3:l',
        message,
      },
    });
    expect(world.api.callbackAnswers(7002).at(-1)).toMatchObject({ text: LINE, showAlert: true });
    expect(allBotSends()).toBe(before);
  });

  it('says the line once when added to a group, and answers a command in a channel', async () => {
    await deliver({
      my_chat_member: {
        chat: { id: -5151, type: 'group', title: 'New group' },
        from: person(7002, 'Staff One'),
        date: Math.floor(Date.now() / 1000),
        old_chat_member: { status: 'left', user: world.api.botInfo },
        new_chat_member: { status: 'member', user: world.api.botInfo },
      },
    });
    expect(botMessages(-5151).map((m) => m.text)).toEqual([LINE]);
    await deliver({
      channel_post: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: CHANNEL, type: 'channel', title: 'Channel' },
        text: '/results',
        entities: [{ type: 'bot_command', offset: 0, length: 8 }],
      },
    });
    expect(botMessages(CHANNEL).map((m) => m.text)).toEqual([LINE]);
  });

  it('still works in a private chat', async () => {
    const staff = world.api.user({ id: 7002, firstName: 'Staff One' });
    await staff.send('/help');
    expect(staff.lastMessage()?.text).not.toBe(LINE);
    expect(staff.lastMessage()?.text?.length ?? 0).toBeGreaterThan(0);
  });
});
