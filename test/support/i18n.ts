import { createTranslator, type Translate } from '../../src/i18n/index.ts';
import { formatPeriod, type PeriodForm } from '../../src/i18n/periods.ts';

// The bot's own translations, for assertions on meaning: a test names the key and the values it
// expects, so a copy edit in locales/ never breaks it.
const translator = await createTranslator('kk');

export const kk: Translate = translator.forLanguage('kk');
export const ru: Translate = translator.forLanguage('ru');

/** A period in words, as the bot writes it in that language. */
export const periodIn = (t: Translate, code: string, form: PeriodForm = 'name') =>
  formatPeriod(t, code, form);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A translation as a RegExp, for values a test cannot know exactly (a time to the minute): `holes`
 * maps a variable to the pattern it must match, `vars` gives the others.
 */
export function keyPattern(
  t: Translate,
  key: string,
  vars: Record<string, unknown>,
  holes: Record<string, string>,
): RegExp {
  const marks = Object.fromEntries(Object.keys(holes).map((name, i) => [name, `\u0000${i}\u0000`]));
  let source = escapeRegExp(t(key, { ...vars, ...marks }));
  Object.values(holes).forEach((pattern, i) => {
    source = source.replace(`\u0000${i}\u0000`, pattern);
  });
  return new RegExp(source);
}

/** 07.12.2026 09:0x: the minute a test cannot pin. */
export const timeOn = (date: string) => `${escapeRegExp(date)} \\d\\d:\\d\\d`;
