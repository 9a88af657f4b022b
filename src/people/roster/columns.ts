/**
 * The roster columns: their headers in Kazakh, Russian and English, and the words accepted in their cells.
 * docs/roster-template.md documents the same table for HR; keep the two in step.
 */

export type HeaderLanguage = 'kk' | 'ru' | 'en';

export interface ColumnSpec {
  /** Stable English key, also accepted as a header. */
  key: ColumnKey;
  kk: string;
  ru: string;
  /** A required column must be present in the header row and filled in on every row. */
  required: boolean;
}

export const COLUMNS = [
  { key: 'organisationCode', kk: 'Ұйым коды', ru: 'Код организации', required: true },
  { key: 'organisationName', kk: 'Ұйымның атауы', ru: 'Наименование организации', required: false },
  { key: 'methodologyId', kk: 'Әдістеме коды', ru: 'Код методики', required: false },
  { key: 'unitCode', kk: 'Бөлімше коды', ru: 'Код подразделения', required: true },
  { key: 'unitName', kk: 'Бөлімшенің атауы', ru: 'Наименование подразделения', required: true },
  {
    key: 'parentUnitCode',
    kk: 'Жоғары тұрған бөлімше коды',
    ru: 'Код вышестоящего подразделения',
    required: false,
  },
  { key: 'personnelNumber', kk: 'Табель нөмірі', ru: 'Табельный номер', required: true },
  { key: 'fullName', kk: 'ТАӘ', ru: 'ФИО', required: true },
  { key: 'position', kk: 'Лауазымы', ru: 'Должность', required: true },
  { key: 'categoryCode', kk: 'Санаты', ru: 'Категория', required: true },
  { key: 'isHead', kk: 'Бөлімше басшысы', ru: 'Руководитель подразделения', required: false },
  {
    key: 'supervisorNumber',
    kk: 'Тікелей басшының табель нөмірі',
    ru: 'Табельный номер непосредственного руководителя',
    required: false,
  },
  { key: 'phone', kk: 'Телефон', ru: 'Телефон', required: true },
  { key: 'language', kk: 'Тілі', ru: 'Язык', required: false },
  { key: 'status', kk: 'Мәртебесі', ru: 'Статус', required: false },
  {
    key: 'appointedOn',
    kk: 'Лауазымға тағайындалған күні',
    ru: 'Дата назначения на должность',
    required: true,
  },
  { key: 'role', kk: 'Рөлі', ru: 'Роль', required: false },
] as const satisfies readonly {
  key: string;
  kk: string;
  ru: string;
  required: boolean;
}[];

export type ColumnKey = (typeof COLUMNS)[number]['key'];

/** Case and whitespace do not count in headers: "ФИО", " фио ", "Табельный  номер" all match. */
export function headerKey(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[\s\u00a0]+/g, '');
}

const HEADER_INDEX = new Map<string, { key: ColumnKey; language: HeaderLanguage }>();
for (const column of COLUMNS) {
  HEADER_INDEX.set(headerKey(column.key), { key: column.key, language: 'en' });
  HEADER_INDEX.set(headerKey(column.ru), { key: column.key, language: 'ru' });
  // Kazakh last: "Телефон" is the same word in both, and Kazakh is the roster's first language.
  HEADER_INDEX.set(headerKey(column.kk), { key: column.key, language: 'kk' });
}

/** The column a header names, in any of the three languages, or undefined for a column we ignore. */
export function matchHeader(text: string): { key: ColumnKey; language: HeaderLanguage } | undefined {
  return HEADER_INDEX.get(headerKey(text));
}

/** The header of a column in the given language, for errors about a column the file lacks. */
export function columnHeader(key: ColumnKey, language: HeaderLanguage): string {
  const column = COLUMNS.find((c) => c.key === key)!;
  return language === 'en' ? column.key : column[language];
}

// ---- Cell vocabularies. Words are compared after wordKey(): lower case, single spaces, no dots.

export function wordKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[.,;:!"'«»]/g, ' ')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
}

function vocabulary<T extends string>(entries: Record<T, readonly string[]>): Map<string, T> {
  const map = new Map<string, T>();
  for (const [value, words] of Object.entries(entries) as [T, readonly string[]][]) {
    map.set(wordKey(value), value);
    for (const word of words) map.set(wordKey(word), value);
  }
  return map;
}

export const BOOLEAN_WORDS = new Map<string, boolean>([
  ...['иә', 'ия', 'иа', 'да', 'yes', 'y', 'true', '1', '+', 'х', 'x'].map((w) => [w, true] as const),
  ...['жоқ', 'жок', 'нет', 'no', 'n', 'false', '0', '-'].map((w) => [w, false] as const),
]);

export const LANGUAGE_WORDS = vocabulary({
  kk: ['kz', 'каз', 'қаз', 'қазақ', 'қазақша', 'қазақ тілі', 'казахский', 'kazakh'],
  ru: ['рус', 'орыс', 'орысша', 'орыс тілі', 'русский', 'russian'],
});

export const STATUS_WORDS = vocabulary({
  active: ['белсенді', 'жұмыста', 'жұмыс істейді', 'активен', 'активный', 'работает', 'на работе'],
  onLeave: [
    'on leave',
    'leave',
    'демалыс',
    'демалыста',
    'еңбек демалысы',
    'еңбек демалысында',
    'отпуск',
    'в отпуске',
  ],
  sickLeave: [
    'sick leave',
    'sick',
    'ауруханада',
    'сырқат',
    'науқас',
    'еңбекке уақытша жарамсыз',
    'больничный',
    'на больничном',
  ],
  businessTrip: ['business trip', 'trip', 'іссапар', 'іссапарда', 'командировка', 'в командировке'],
  training: ['оқу', 'оқуда', 'біліктілікті арттыру', 'обучение', 'на обучении', 'повышение квалификации'],
  dismissed: [
    'жұмыстан шығарылды',
    'жұмыстан босатылды',
    'босатылды',
    'уволен',
    'уволена',
    'уволенный',
    'освобожден',
    'освобождена',
  ],
});

export const ROLE_WORDS = vocabulary({
  employee: ['қызметкер', 'сотрудник', 'служащий'],
  hr: [
    'кадр қызметі',
    'персоналды басқару қызметі',
    'кадровая служба',
    'кадровик',
    'служба управления персоналом',
  ],
  hrHead: [
    'hr head',
    'hrhead',
    'кадр қызметінің басшысы',
    'персоналды басқару қызметінің басшысы',
    'руководитель кадровой службы',
    'руководитель службы управления персоналом',
  ],
});

/** Cyrillic letters HR types in category codes, by look or by sound (Р is "район", R). */
const CATEGORY_LETTERS: Record<string, string> = {
  А: 'A',
  Б: 'B',
  В: 'B',
  С: 'C',
  Д: 'D',
  Е: 'E',
  О: 'O',
  Р: 'R',
  Г: 'G',
  К: 'K',
  М: 'M',
  Н: 'H',
  Т: 'T',
  Х: 'X',
};
const CATEGORY = /^[A-E](-[A-Z]{1,3})?-\d{1,2}$/;

/** "с-о-4", "С–О–4", " c-o-4 " → "C-O-4"; null when it is not a corps "B" category code. */
export function normaliseCategory(raw: string): string | null {
  const code = raw
    .trim()
    .toUpperCase()
    .replace(/[\s\u00a0]+/g, '')
    .replace(/[‐‑‒–—_]/g, '-')
    .replace(/[А-ЯЁ]/g, (letter) => CATEGORY_LETTERS[letter] ?? letter);
  return CATEGORY.test(code) ? code : null;
}

/** Lower-case ids, as methodology ids are: "Almaty-City-Akimat" → "almaty-city-akimat". */
export function normaliseId(raw: string): string | null {
  const id = raw.trim().toLowerCase();
  return /^[a-z0-9][a-z0-9-]*$/.test(id) ? id : null;
}
