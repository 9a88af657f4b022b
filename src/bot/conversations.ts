import {
  type ConversationData,
  type ConversationFlavor,
  conversations,
  type VersionedState,
} from '@grammyjs/conversations';
import type { Context, MiddlewareFn } from 'grammy';
import { conversationStateStore } from '../db/conversation-state.ts';
import type { AppServices } from '../services.ts';

/**
 * The version of every conversation's code. A conversation resumes by replaying its stored updates
 * through the code: change a conversation's steps and bump this, or a dialogue in flight would be
 * replayed into the wrong step (the plugin then drops the old state on the chat's next update).
 */
export const CONVERSATIONS_VERSION = 1;

/**
 * The conversations plugin with its state in MongoDB, one document per chat, so a dialogue survives a
 * restart. Updates of one chat are handled in order (`sequentialize` in create-bot): the plugin reads
 * and writes the chat's state around each of them without a lock.
 */
export function conversationsPlugin<C extends Context>(
  services: AppServices,
): MiddlewareFn<ConversationFlavor<C>> {
  const store = conversationStateStore<VersionedState<ConversationData>>(services.models);
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
