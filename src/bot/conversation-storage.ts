import type { VersionedState } from '@grammyjs/conversations';
import type { Collection, Connection } from 'mongoose';

interface StoredState {
  _id: string;
  /** JSON text: replay logs hold Telegram objects whose keys MongoDB must not interpret. */
  state: string;
  updatedAt: Date;
}

/**
 * Key-value storage for @grammyjs/conversations in MongoDB, so a flow resumes after a restart.
 * (@grammyjs/storage-mongodb fails type-checking against mongoose 9's driver types.)
 */
export function mongoConversationStorage<S>(connection: Connection, collectionName = 'conversation_states') {
  const collection = connection.collection<StoredState>(collectionName) as unknown as Collection<StoredState>;
  return {
    async read(key: string): Promise<VersionedState<S> | undefined> {
      const doc = await collection.findOne({ _id: key });
      return doc ? (JSON.parse(doc.state) as VersionedState<S>) : undefined;
    },
    async write(key: string, value: VersionedState<S>): Promise<void> {
      await collection.updateOne(
        { _id: key },
        { $set: { state: JSON.stringify(value), updatedAt: new Date() } },
        { upsert: true },
      );
    },
    async delete(key: string): Promise<void> {
      await collection.deleteOne({ _id: key });
    },
  };
}
