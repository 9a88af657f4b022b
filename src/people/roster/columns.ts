/**
 * The roster columns: their headers in Kazakh, Russian and English, and the words accepted in their cells.
 * The Kazakh and Russian words live in data/vocabulary.json (code under src/ holds no kk/ru text);
 * docs/roster-template.md documents the same table for HR: keep the two in step.
 */
import { z } from 'zod';
import vocabularyJson from './data/vocabulary.json' with { type: 'json' };

export type HeaderLanguage = 'kk' | 'ru' | 'en';

export const COLUMN_KEYS = [
  'organisationCode',
  'organisationName',
  'methodologyId',
  'unitCode',
  'unitName',
  'parentUnitCode',
  'personnelNumber',
  'fullName',
  'position',
  'categoryCode',
  'isHead',
  'supervisorNumber',
  'phone',
  'language',
  'status',
  'appointedOn',
  'role',
] as const;
export type ColumnKey = (typeof COLUMN_KEYS)[number];

export interface ColumnSpec {
  /** Stable English key, also accepted as a header. */
  key: ColumnKey;
  kk: string;
  ru: string;
  /** A required column must be present in the header row and filled in on every row. */
  required: boolean;
}

const words = z.array(z.string().min(1));
const vocabularySchema = z.object({
  columns: z
    .array(
      z.object({
        key: z.enum(COLUMN_KEYS),
        kk: z.string().min(1),
        ru: z.string().min(1),
        required: z.boolean(),
      }),
    )
    .refine(
      (columns) =>
        COLUMN_KEYS.every((key, i) => columns[i]?.key === key) && columns.length === COLUMN_KEYS.length,
      {
        message: 'columns must list every COLUMN_KEYS entry, in order',
      },
    ),
  booleans: z.object({ yes: words, no: words }),
  languages: z.object({ kk: words, ru: words }),
  statuses: z.object({
    active: words,
    onLeave: words,
    sickLeave: words,
    businessTrip: words,
    training: words,
    dismissed: words,
  }),
  roles: z.object({ employee: words, hr: words, hrHead: words, authorised: words }),
  categoryLetters: z.record(z.string().length(1), z.string().regex(/^[A-Z]$/)),
});

/** Parsed once at load: a broken vocabulary file fails at start-up, not on HR's upload. */
const vocabulary = vocabularySchema.parse(vocabularyJson);

/** The columns in template order. */
export const COLUMNS: readonly ColumnSpec[] = vocabulary.columns;

/** Case and whitespace do not count in headers: "Full Name", " full name ", "FULLNAME" would all match. */
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
  // Kazakh last: the phone header is the same word in both, and Kazakh is the roster's first language.
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

/** word → value, the value's own name (the English key) included. */
function wordMap<T extends string>(entries: Record<T, readonly string[]>): Map<string, T> {
  const map = new Map<string, T>();
  for (const [value, words] of Object.entries(entries) as [T, readonly string[]][]) {
    map.set(wordKey(value), value);
    for (const word of words) map.set(wordKey(word), value);
  }
  return map;
}

export const BOOLEAN_WORDS = new Map<string, boolean>([
  ...vocabulary.booleans.yes.map((word) => [wordKey(word), true] as const),
  ...vocabulary.booleans.no.map((word) => [wordKey(word), false] as const),
]);
export const LANGUAGE_WORDS = wordMap(vocabulary.languages);
export const STATUS_WORDS = wordMap(vocabulary.statuses);
export const ROLE_WORDS = wordMap(vocabulary.roles);

const CATEGORY = /^[A-E](-[A-Z]{1,3})?-\d{1,2}$/;

/** " c-o-4 ", "C–O–4", and the same typed in Cyrillic → "C-O-4"; null when not a corps "B" category code. */
export function normaliseCategory(raw: string): string | null {
  const code = raw
    .trim()
    .toUpperCase()
    .replace(/[\s\u00a0]+/g, '')
    .replace(/[‐‑‒–—_]/g, '-')
    .replace(/[\u0401\u0410-\u042F]/g, (letter) => vocabulary.categoryLetters[letter] ?? letter);
  return CATEGORY.test(code) ? code : null;
}

/** Longest organisation or methodology code: a code travels in buttons, within Telegram's 64 bytes. */
export const MAX_CODE_LENGTH = 40;

/** Lower-case ids, as methodology ids are: "Almaty-City-Akimat" → "almaty-city-akimat". */
export function normaliseId(raw: string): string | null {
  const id = raw.trim().toLowerCase();
  return id.length <= MAX_CODE_LENGTH && /^[a-z0-9][a-z0-9-]*$/.test(id) ? id : null;
}
