import { type Connection, type InferSchemaType, Schema } from 'mongoose';

/**
 * Where the conversations plugin keeps a chat's dialogue between updates, so a restart resumes it.
 * The value is the plugin's versioned state as JSON text: Telegram updates are stored verbatim and
 * MongoDB must not reinterpret their keys.
 */
const conversationStateSchema = new Schema(
  {
    /** The storage key the plugin derives from the chat. */
    _id: { type: String, required: true },
    value: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { timestamps: false, versionKey: false },
);
/** An abandoned dialogue (it holds the officer's own messages) is removed a week after its last step. */
export const CONVERSATION_STATE_TTL_SECONDS = 7 * 24 * 3600;
conversationStateSchema.index({ updatedAt: 1 }, { expireAfterSeconds: CONVERSATION_STATE_TTL_SECONDS });

export type ConversationStateDoc = InferSchemaType<typeof conversationStateSchema>;

export function createConversationStateModels(connection: Connection) {
  return {
    ConversationState: connection.model('ConversationState', conversationStateSchema),
  };
}
export type ConversationStateModels = ReturnType<typeof createConversationStateModels>;

/** Read, write and delete by key over the collection: the shape of a grammY storage adapter. */
export interface KeyValueStore<T> {
  read(key: string): Promise<T | undefined>;
  write(key: string, value: T): Promise<void>;
  delete(key: string): Promise<void>;
}

/** A storage adapter backed by the ConversationState collection; one document per key. */
export function conversationStateStore<T>(models: ConversationStateModels): KeyValueStore<T> {
  return {
    async read(key) {
      const doc = await models.ConversationState.findById(key, { value: 1 }).lean<ConversationStateDoc>();
      return doc ? (JSON.parse(doc.value) as T) : undefined;
    },
    async write(key, value) {
      // The wall clock, not the bot's: this only ages out abandoned state.
      await models.ConversationState.updateOne(
        { _id: key },
        { $set: { value: JSON.stringify(value), updatedAt: new Date() } },
        { upsert: true },
      );
    },
    async delete(key) {
      await models.ConversationState.deleteOne({ _id: key });
    },
  };
}
