import type { Connection } from 'mongoose';
import { createPeopleModels, type PeopleModels } from '../people/models.ts';

export type Models = PeopleModels;

/** Registers every model on the connection and builds their indexes (unique keys protect invariants). */
export async function createModels(connection: Connection): Promise<Models> {
  const models: Models = { ...createPeopleModels(connection) };
  await Promise.all(Object.values(models).map((model) => model.init()));
  return models;
}
