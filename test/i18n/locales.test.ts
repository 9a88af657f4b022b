import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLocaleResources } from '../../src/i18n/index.ts';

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;
const resources = readLocaleResources();

function flatten(tree: Record<string, unknown>, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object')
      for (const [k, v] of flatten(value as Record<string, unknown>, full)) out.set(k, v);
    else out.set(full, String(value));
  }
  return out;
}

function keysOf(lang: 'kk' | 'ru'): Map<string, string> {
  const all = new Map<string, string>();
  for (const [ns, tree] of Object.entries(resources[lang] ?? {})) {
    for (const [key, value] of flatten(tree)) all.set(`${ns}:${key}`, value);
  }
  return all;
}

const variables = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();
const baseKeys = (keys: Map<string, string>) =>
  new Set([...keys.keys()].map((key) => key.replace(PLURAL_SUFFIX, '')));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'data' ? [] : sourceFiles(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}
const codeFiles = [...sourceFiles('src'), ...sourceFiles('scenes')];

describe('locales', () => {
  const kk = keysOf('kk');
  const ru = keysOf('ru');

  it('have the same keys in Kazakh and Russian (plural suffixes aside)', () => {
    const kkBase = baseKeys(kk);
    const ruBase = baseKeys(ru);
    expect(
      [...kkBase].filter((key) => !ruBase.has(key)),
      'missing in ru',
    ).toEqual([]);
    expect(
      [...ruBase].filter((key) => !kkBase.has(key)),
      'missing in kk',
    ).toEqual([]);
  });

  it("give every plural key each of its language's plural forms", () => {
    for (const [lang, keys] of [
      ['kk', kk],
      ['ru', ru],
    ] as const) {
      const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      const plurals = new Set(
        [...keys.keys()].filter((key) => PLURAL_SUFFIX.test(key)).map((k) => k.replace(PLURAL_SUFFIX, '')),
      );
      for (const base of plurals) {
        for (const category of categories)
          expect(keys.has(`${base}_${category}`), `${lang} ${base}_${category}`).toBe(true);
      }
    }
  });

  it('use the same {{variables}} in both languages', () => {
    for (const [key, kkText] of kk) {
      const base = key.replace(PLURAL_SUFFIX, '');
      const ruText = ru.get(key) ?? ru.get(`${base}_other`) ?? '';
      expect(variables(ruText), key).toEqual(variables(kkText));
    }
  });

  it('contain every key the code asks for', () => {
    const used = new Set<string>();
    for (const file of codeFiles) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bt\(\s*'([\w.:]+)'/g)) used.add(match[1]!);
    }
    expect(used.size).toBeGreaterThan(10);
    const known = (keys: Map<string, string>, key: string) => {
      const full = key.includes(':') ? key : `common:${key}`;
      return (
        keys.has(full) || keys.has(`${full}_other`) || [...keys.keys()].some((k) => k.startsWith(`${full}.`))
      );
    };
    for (const key of used) {
      expect(known(kk, key), `kk ${key}`).toBe(true);
      expect(known(ru, key), `ru ${key}`).toBe(true);
    }
  });
});

describe('code', () => {
  it('has no hard-coded Kazakh or Russian text in src/ or scenes/', () => {
    const offenders = codeFiles.filter((file) => /[\u0400-\u04FF]/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('never sends a string literal to the user', () => {
    const literalSend =
      /\.(reply|sendMessage|editMessageText|answerCallbackQuery|sendPhoto|sendDocument)\(\s*(?:[\w.]+,\s*)?(?:['"]|`(?!\$\{))|\btext:\s*(?:['"]|`(?!\$\{))[^'"`$]*[A-Za-z]{3}/;
    const offenders = codeFiles.filter((file) => literalSend.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
