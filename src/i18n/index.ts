import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type i18n, type TOptions } from 'i18next';
import { LANGUAGES, type Language } from '../people/models.ts';

export const LOCALES_DIR = fileURLToPath(new URL('../../locales', import.meta.url));

export type Translate = (key: string, options?: TOptions) => string;

/** Reads locales/<lang>/<namespace>.json for every language; the file name is the namespace. */
export function readLocaleResources(
  dir = LOCALES_DIR,
): Record<string, Record<string, Record<string, unknown>>> {
  const resources: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const lang of LANGUAGES) {
    const langDir = path.join(dir, lang);
    resources[lang] = {};
    for (const file of readdirSync(langDir).filter((name) => name.endsWith('.json'))) {
      resources[lang][path.basename(file, '.json')] = JSON.parse(
        readFileSync(path.join(langDir, file), 'utf8'),
      );
    }
  }
  return resources;
}

export interface Translator {
  instance: i18n;
  forLanguage(lang: Language): Translate;
}

/** One i18next instance per app; keys are `namespace:path.to.key`, default namespace `common`. */
export async function createTranslator(fallbackLanguage: Language): Promise<Translator> {
  const resources = readLocaleResources();
  const instance = i18next.createInstance();
  await instance.init({
    resources,
    lng: fallbackLanguage,
    fallbackLng: 'kk',
    supportedLngs: [...LANGUAGES],
    ns: Object.keys(resources.kk ?? {}),
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  // One fixed translate function per language, shared by every update (it keeps no state).
  const fixed = new Map<Language, Translate>();
  return {
    instance,
    forLanguage: (lang) => {
      let t = fixed.get(lang);
      if (!t) {
        t = instance.getFixedT(lang) as Translate;
        fixed.set(lang, t);
      }
      return t;
    },
  };
}
