import { Api, Context } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { updateKeys } from '../../src/bot/update-order.ts';

const me = { id: 1, is_bot: true, first_name: 'Bot', username: 'bot' } as UserFromGetMe;
const contextOf = (update: Omit<Update, 'update_id'>) =>
  new Context({ update_id: 1, ...update } as Update, new Api('1:x'), me);
const tap = (chatId: number, data: string) =>
  contextOf({
    callback_query: {
      id: 'q',
      from: { id: chatId, is_bot: false, first_name: 'U' },
      chat_instance: 'c',
      message: { message_id: 5, date: 0, chat: { id: chatId, type: 'private', first_name: 'U' } },
      data,
    },
  } as never);

const SHEET = '65a1b2c3d4e5f60718293a4b';
const ITEM = '0123456789abcdef01234567';

describe('updateKeys', () => {
  it('orders a chat by its id', () => {
    const message = contextOf({
      message: { message_id: 1, date: 0, chat: { id: 77, type: 'private', first_name: 'U' }, text: 'hi' },
    } as never);
    expect(updateKeys(message)).toEqual(['chat:77']);
  });

  it('orders taps from two chats on one document: the evaluator and the reviewer of a sheet', () => {
    const evaluator = updateKeys(tap(10, `rk:${SHEET}:3:a`));
    const reviewer = updateKeys(tap(20, `ob:${ITEM}:rkra:${SHEET}`));
    expect(evaluator).toEqual(['chat:10', `doc:${SHEET}`]);
    expect(reviewer).toEqual(['chat:20', `doc:${ITEM}`, `doc:${SHEET}`]);
  });

  it('keeps respondents apart: each names only their own draft', () => {
    const a = updateKeys(tap(30, 's3:a:aaaaaaaaaaaaaaaaaaaaaaaa:2:4'));
    const b = updateKeys(tap(31, 's3:a:bbbbbbbbbbbbbbbbbbbbbbbb:2:4'));
    expect(a.filter((key) => b.includes(key))).toEqual([]);
  });
});
