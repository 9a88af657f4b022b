import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import mongoose from 'mongoose';
import type { AppConfig } from '../config.ts';
import { logger } from '../logger.ts';

export interface Database {
  connection: mongoose.Connection;
  close(): Promise<void>;
}

/**
 * Connects mongoose to MONGODB_URI, or starts an embedded mongod (mongodb-memory-server)
 * whose files live under EMBEDDED_MONGO_DIR so data survives restarts.
 */
export async function connectDatabase(
  config: Pick<AppConfig, 'MONGODB_URI' | 'MONGODB_DB' | 'EMBEDDED_MONGO_DIR'>,
): Promise<Database> {
  let stopEmbedded: (() => Promise<unknown>) | undefined;
  let uri = config.MONGODB_URI;
  if (!uri) {
    const dbPath = path.resolve(config.EMBEDDED_MONGO_DIR);
    await mkdir(dbPath, { recursive: true });
    logger.info({ dbPath }, 'MONGODB_URI is not set: starting an embedded MongoDB with data on disk');
    const { MongoMemoryServer } = await import('mongodb-memory-server-core');
    const server = await MongoMemoryServer.create({ instance: { dbPath, storageEngine: 'wiredTiger' } });
    uri = server.getUri();
    stopEmbedded = () => server.stop({ doCleanup: false });
  }
  const connection = await mongoose.createConnection(withDatabase(uri, config.MONGODB_DB)).asPromise();
  return {
    connection,
    async close() {
      await connection.close();
      await stopEmbedded?.();
    },
  };
}

/** Puts the database name into the URI path unless the URI already names one. */
export function withDatabase(uri: string, dbName: string): string {
  const url = new URL(uri);
  if (url.pathname && url.pathname !== '/') return uri;
  url.pathname = `/${dbName}`;
  return url.toString();
}
