// The known wrong variants of docs/glossary.md as checks over one string. `scope` says where a rule
// applies: `locales` (the bot's own templates) or `data` (methodology texts, which quote the seeds and
// may legitimately write "5-ке" or "обращается").
export type Lang = 'kk' | 'ru';

export interface WordingRule {
  lang: Lang;
  scope: 'locales' | 'both';
  pattern: RegExp;
  why: string;
}

const L = '\\p{L}';
const word = (w: string, after = '') => new RegExp(`(?<!${L})${w}(?![${L}${after}])`, 'iu');

// Kazakh case and possessive endings that must never be glued to a number or a {{variable}}.
const SUFFIX =
  '(?:ден|дан|тен|тан|нен|нан|ге|ға|ке|қа|не|на|сі|сы|і|ы|ның|нің|дың|дің|тың|тің|да|де|та|те|ды|ді|ты|ті|ны|ні|мен|бен|пен|дай|дей)';

export const WORDING_RULES: readonly WordingRule[] = [
  { lang: 'kk', scope: 'both', pattern: word('Танысым'), why: '«Танысым» is "my acquaintance": «Таныстым»' },
  { lang: 'kk', scope: 'both', pattern: /Танысма/iu, why: 'the negative of таныс- is таныспа-' },
  {
    lang: 'kk',
    scope: 'both',
    pattern: new RegExp(`\\}\\}-?${SUFFIX}(?!${L})`, 'u'),
    why: 'a case suffix glued to a {{variable}}',
  },
  {
    lang: 'kk',
    scope: 'locales',
    pattern: new RegExp(`\\d-${SUFFIX}(?!${L})`, 'u'),
    why: 'a case suffix glued to a number in a template',
  },
  { lang: 'kk', scope: 'locales', pattern: /пысықта/iu, why: 'the seeds say «түзетуге жіберу»' },
  {
    lang: 'kk',
    scope: 'locales',
    pattern: /кадр қызмет/iu,
    why: 'the seeds say «персоналды басқару қызметі»',
  },
  { lang: 'kk', scope: 'locales', pattern: /басқару тақта/iu, why: 'the console is «басқару панелі»' },
  {
    lang: 'kk',
    scope: 'locales',
    pattern: /хабарламалар тізілім/iu,
    why: 'the register is «жеткізу тізілімі»',
  },
  { lang: 'kk', scope: 'locales', pattern: /Пайдалану:/u, why: 'a command hint says «Пішімі:»' },
  {
    lang: 'kk',
    scope: 'locales',
    pattern: /бағаланушы/iu,
    why: 'the seeds say «бағаланатын адам / қызметші»',
  },
  {
    lang: 'kk',
    scope: 'locales',
    pattern: /басшының келісуі/iu,
    why: 'the seeds say «жоғары тұрған басшының қарауы»',
  },
  {
    lang: 'kk',
    scope: 'locales',
    pattern: /керек пе\?/iu,
    why: 'a question addresses the person: «…жібересіз бе?»',
  },
  {
    lang: 'kk',
    scope: 'both',
    pattern: /Өзіндігінен|жетілдірудің жөнінде|өз-өзіне деген|сактайтын/iu,
    why: 'OCR damage',
  },
  {
    lang: 'ru',
    scope: 'locales',
    pattern: /кадров\p{L}* служб/iu,
    why: 'the official term is «служба управления персоналом»',
  },
  { lang: 'ru', scope: 'both', pattern: word('лист оценки'), why: 'the official term is «оценочный лист»' },
  {
    lang: 'ru',
    scope: 'locales',
    pattern: /обращени/iu,
    why: '«заявление о проведении калибровочной сессии»',
  },
  {
    lang: 'ru',
    scope: 'locales',
    pattern: /на доработк/iu,
    why: 'the seeds say «направить на корректировку»',
  },
  {
    lang: 'ru',
    scope: 'locales',
    pattern: /(?<!не )доставлено/iu,
    why: 'the bot only knows it was «отправлено»',
  },
  {
    lang: 'ru',
    scope: 'locales',
    pattern: /(?<!\p{L})(ознакомлен|не согласен|уволен|отказался|видел|понял)(?![\p{L}(])/iu,
    why: 'a male-only form: «Ознакомлен(а)», «Не согласен(на)», «уволен(а)» or an impersonal form',
  },
  {
    lang: 'ru',
    scope: 'both',
    pattern: /держать себя|внедряет предложения по внедрению/iu,
    why: 'see docs/glossary.md',
  },
];

/** The rules a string breaks. */
export function wordingProblems(lang: Lang, scope: 'locales' | 'data', text: string): string[] {
  return WORDING_RULES.filter(
    (rule) => rule.lang === lang && (rule.scope === 'both' || scope === 'locales') && rule.pattern.test(text),
  ).map((rule) => `${rule.pattern.source}: ${rule.why}`);
}
