import { describe, expect, it } from 'vitest';
import { readLocaleResources } from '../../src/i18n/index.ts';
import { loadAllMethodologies } from '../../src/methodology/index.ts';
import { type Lang, wordingProblems } from './wording.ts';

function strings(tree: unknown, path = ''): { path: string; text: string }[] {
  if (typeof tree === 'string') return [{ path, text: tree }];
  if (tree && typeof tree === 'object')
    return Object.entries(tree).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  return [];
}

/** Every kk/ru text of a methodology: objects with exactly kk and ru. */
function localized(value: unknown, path = ''): { path: string; lang: Lang; text: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => localized(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.kk === 'string' && typeof o.ru === 'string')
      return [
        { path, lang: 'kk', text: o.kk },
        { path, lang: 'ru', text: o.ru },
      ];
    return Object.entries(o).flatMap(([k, v]) => localized(v, `${path}.${k}`));
  }
  return [];
}

describe('wording', () => {
  it('no locale string uses a known wrong variant', () => {
    const resources = readLocaleResources();
    const problems: string[] = [];
    for (const lang of ['kk', 'ru'] as const)
      for (const [ns, tree] of Object.entries(resources[lang] ?? {}))
        for (const { path, text } of strings(tree))
          for (const p of wordingProblems(lang, 'locales', text))
            problems.push(`${lang} ${ns}:${path} — ${p}`);
    expect(problems).toEqual([]);
  });

  it('no methodology text uses a known wrong variant', () => {
    const problems: string[] = [];
    for (const m of loadAllMethodologies().values())
      for (const { path, lang, text } of localized(m.methods))
        for (const p of wordingProblems(lang, 'data', text)) problems.push(`${m.id}${path} ${lang} — ${p}`);
    expect(problems).toEqual([]);
  });

  it.each([
    ['kk', '✅ Танысым'],
    ['kk', '⏳ Танысмағандар'],
    ['kk', '{{min}}-ден {{max}}-ге дейін'],
    ['kk', '{{n}} сұрақтың {{k}}-сі'],
    ['kk', '{{total}} НМИ-дің {{index}}-сі'],
    ['kk', 'баға 2,99-дан аспауы тиіс'],
    ['kk', 'Парақ пысықтауға қайтарылды'],
    ['kk', 'Кадр қызметінің басқару тақтасы:'],
    ['kk', 'Жіберу керек пе?'],
    ['ru', 'Консоль кадровой службы'],
    ['ru', '✅ Ознакомлен'],
    ['ru', '⚖️ Не согласен'],
    ['ru', 'лист оценки КЦИ'],
    ['ru', 'возвращён на доработку'],
    ['ru', 'обращение на калибровочную сессию'],
  ] as const)('catches the planted %s «%s»', (lang, text) => {
    expect(wordingProblems(lang, 'locales', text)).not.toEqual([]);
  });

  it.each([
    ['kk', '✅ Таныстым'],
    ['kk', '{{min}}–{{max}} аралығында'],
    ['kk', '{{row}}-жол, {{index}}-параметр, {{quarter}}-тоқсан'],
    ['kk', 'Telegram-ға қосылмаған'],
    ['ru', '✅ Ознакомлен(а)'],
    ['ru', 'Ознакомление зарегистрировано'],
    ['ru', 'не доставлено'],
    ['ru', 'Оценочный лист'],
  ] as const)('accepts the right form %s «%s»', (lang, text) => {
    expect(wordingProblems(lang, 'locales', text)).toEqual([]);
  });
});
