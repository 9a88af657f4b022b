import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLocaleResources } from '../../src/i18n/index.ts';

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
const sources = files('webapp/src').filter((file) => file.endsWith('.ts'));
const has = (bundle: Record<string, unknown>, key: string): boolean => {
  let node: unknown = bundle;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  return typeof node === 'string' || (node !== undefined && typeof node === 'object');
};
const hasPlural = (bundle: Record<string, unknown>, key: string) =>
  has(bundle, key) || has(bundle, `${key}_other`);

describe("the dashboard page's texts", () => {
  it('come from locales/<lang>/webapp.json: every key the page asks for is there in Kazakh and Russian', () => {
    const resources = readLocaleResources();
    const keys = new Set<string>();
    for (const file of sources)
      for (const match of readFileSync(file, 'utf8').matchAll(/\btr\(\s*'([\w.]+)'/g)) keys.add(match[1]!);
    expect(keys.size).toBeGreaterThan(30);
    for (const lang of ['kk', 'ru'] as const)
      for (const key of keys) expect(hasPlural(resources[lang]!.webapp!, key), `${lang} ${key}`).toBe(true);
  });

  it('hold no Kazakh or Russian text in the page code', () => {
    const offenders = sources.filter((file) => /[\u0400-\u04FF]/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
