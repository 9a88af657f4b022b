import {
  type ConversationData,
  type ConversationFlavor,
  conversations,
  type VersionedState,
} from '@grammyjs/conversations';
import type { Context, MiddlewareFn } from 'grammy';
import { BoundedKeySet } from '../cache/lru.ts';
import { conversationStateStore, type KeyValueStore } from '../db/conversation-state.ts';
import type { AppServices } from '../services.ts';

/**
 * The version of every conversation's code. A conversation resumes by replaying its stored updates
 * through the code: change a conversation's steps and bump this, or a dialogue in flight would be
 * replayed into the wrong step (the plugin then drops the old state on the chat's next update).
 */
export const CONVERSATIONS_VERSION = 1;

/** Chats remembered as having no dialogue open (a few MB at most). */
const CHATS_WITHOUT_DIALOGUE = 100_000;

/**
 * The state store, remembering which chats have no dialogue open, so that a plain update (a
 * questionnaire tap) reads nothing: the plugin reads the chat's state on every update, and nearly all
 * of them have none. Exact only where this process is the one writer of its chats' state: a key read
 * absent (or deleted here) stays absent until this process writes it, because one chat's updates run
 * here one at a time and the plugin is the only writer of the collection (the TTL index only deletes).
 */
export function rememberingChatsWithoutDialogue<T>(store: KeyValueStore<T>): KeyValueStore<T> {
  const withoutDialogue = new BoundedKeySet<string>(CHATS_WITHOUT_DIALOGUE);
  return {
    async read(key) {
      if (withoutDialogue.has(key)) return undefined;
      const state = await store.read(key);
      if (state === undefined) withoutDialogue.add(key);
      return state;
    },
    async write(key, value) {
      // Forgotten before the write: a write that fails may still have stored the state.
      withoutDialogue.delete(key);
      await store.write(key, value);
    },
    async delete(key) {
      await store.delete(key);
      withoutDialogue.add(key);
    },
  };
}

/**
 * The conversations plugin with its state in MongoDB, one document per chat, so a dialogue survives a
 * restart. Updates of one chat are handled in order (`sequentialize` in create-bot): the plugin reads
 * and writes the chat's state around each of them without a lock.
 *
 * Polling: this instance is the only one receiving updates (Telegram hands getUpdates to one
 * consumer), so it knows from memory which chats have no dialogue. Behind a webhook another instance
 * may have opened a dialogue in this chat a moment ago (the next update of the chat can arrive
 * anywhere): there every update reads the chat's state.
 */
export function conversationsPlugin<C extends Context>(
  services: AppServices,
): MiddlewareFn<ConversationFlavor<C>> {
  const stored = conversationStateStore<VersionedState<ConversationData>>(services.models);
  const store = services.config.BOT_MODE === 'webhook' ? stored : rememberingChatsWithoutDialogue(stored);
  // Keyed per chat; an update without a chat has no dialogue (the plugin's own key storage would
  // file it under the text "undefined").
  const keyOf = (ctx: C) => (ctx.chat ? `chat:${ctx.chat.id}` : null);
  return conversations<C, Context>({
    storage: {
      type: 'context',
      version: CONVERSATIONS_VERSION,
      adapter: {
        read: async (ctx) => {
          const key = keyOf(ctx);
          return key ? store.read(key) : undefined;
        },
        write: async (ctx, state) => {
          const key = keyOf(ctx);
          if (key) await store.write(key, state);
        },
        delete: async (ctx) => {
          const key = keyOf(ctx);
          if (key) await store.delete(key);
        },
      },
    },
  });
}
