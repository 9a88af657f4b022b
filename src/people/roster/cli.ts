import 'dotenv/config';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { almatyDateOf } from '../../calendar/index.ts';
import { connectDatabase } from '../../db/connection.ts';
import { createModels } from '../../db/models.ts';
import { createTranslator } from '../../i18n/index.ts';
import { describeRosterErrors } from './describe-errors.ts';
import { importRosterFile } from './import.ts';

/**
 * `npm run import-roster -- file.xlsx`: the first roster import, before any HR officer can use the bot.
 * Needs only the database settings (MONGODB_URI or the embedded MongoDB), not BOT_TOKEN.
 */
async function main(): Promise<number> {
  const file = process.argv[2];
  const env = z
    .object({
      MONGODB_URI: z.string().optional(),
      MONGODB_DB: z.string().default('bagalau'),
      EMBEDDED_MONGO_DIR: z.string().default('.data/mongo'),
      DEFAULT_LANGUAGE: z.enum(['kk', 'ru']).default('kk'),
    })
    .parse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v)));
  const translator = await createTranslator(env.DEFAULT_LANGUAGE);
  const t = translator.forLanguage(env.DEFAULT_LANGUAGE);
  if (!file) {
    console.error('usage: npm run import-roster -- <roster.xlsx|roster.csv>');
    return 2;
  }
  const db = await connectDatabase(env);
  try {
    const models = await createModels(db.connection);
    const outcome = await importRosterFile(models, await readFile(file), path.basename(file), {
      today: almatyDateOf(new Date()),
    });
    if (!outcome.ok) {
      console.error(describeRosterErrors(t, outcome.errors));
      return 1;
    }
    console.log(t('people:import.done', { ...outcome.counts }));
    return 0;
  } finally {
    await db.close();
  }
}

process.exitCode = await main();
