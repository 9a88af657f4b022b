// Corrections on top of the date-holidays package: a bundled data file HR can extend, plus optional
// layers from callers (e.g. HR data from the database), each layer winning over the ones before it.
import { z } from 'zod';
import bundled from './data/kz-calendar-overrides.json' with { type: 'json' };
import { type IsoDate, isIsoDate } from './iso-date.ts';

const isoDateSchema = z
  .string()
  .refine(isIsoDate, { message: 'expected a real date as YYYY-MM-DD' }) as z.ZodType<IsoDate, string>;
const codeSchema = z.string().regex(/^[a-z][a-z0-9_.]*$/, 'lower-case code such as nauryz.substitute');

const datedEntry = z.strictObject({
  date: isoDateSchema,
  reason: z.string().min(1),
  /** Holiday code returned by holidayName(); extra days off only. */
  code: codeSchema.optional(),
  source: z.string().optional(),
});

const transferEntry = z.strictObject({
  workingDay: isoDateSchema,
  dayOff: isoDateSchema,
  decree: z.string().min(1),
  source: z.string().optional(),
});

export const calendarOverridesSchema = z
  .strictObject({
    $comment: z.union([z.string(), z.array(z.string())]).optional(),
    extraDaysOff: z.array(datedEntry).optional(),
    notDaysOff: z.array(datedEntry.omit({ code: true })).optional(),
    transfers: z.array(transferEntry).optional(),
    kurbanAit: z.record(z.string().regex(/^\d{4}$/), isoDateSchema).optional(),
  })
  .superRefine((value, ctx) => {
    for (const [year, date] of Object.entries(value.kurbanAit ?? {})) {
      if (!date.startsWith(`${year}-`)) {
        ctx.addIssue({ code: 'custom', path: ['kurbanAit', year], message: `${date} is not in ${year}` });
      }
    }
  });

export type CalendarOverrides = z.input<typeof calendarOverridesSchema>;

/**
 * What an override says about one date: 'off' (a day off with a holiday code), 'working' (worked even on a
 * weekend: a transfer's working day) or 'notHoliday' (the package's holiday does not apply; the weekend rule
 * still does).
 */
export type OverrideDay =
  | { kind: 'off'; code: string; reason: string }
  | { kind: 'working'; reason: string }
  | { kind: 'notHoliday'; reason: string };

export interface ResolvedOverrides {
  days: ReadonlyMap<IsoDate, OverrideDay>;
  /** Official Kurban ait date by year; replaces the package's computed date. */
  kurbanAit: ReadonlyMap<number, IsoDate>;
}

export const EXTRA_DAY_OFF_CODE = 'extra_day_off';
export const TRANSFERRED_DAY_OFF_CODE = 'transferred_day_off';

/** Validates one layer; throws with every problem listed, including a date both on and off in the same layer. */
export function parseOverrides(
  input: unknown,
  label = 'calendar overrides',
): z.output<typeof calendarOverridesSchema> {
  const result = calendarOverridesSchema.safeParse(input);
  if (!result.success) throw new Error(`Invalid ${label}: ${z.prettifyError(result.error)}`);
  const layer = result.data;
  const off = new Set([
    ...(layer.extraDaysOff ?? []).map((e) => e.date),
    ...(layer.transfers ?? []).map((t) => t.dayOff),
  ]);
  const on = [
    ...(layer.notDaysOff ?? []).map((e) => e.date),
    ...(layer.transfers ?? []).map((t) => t.workingDay),
  ];
  const clash = on.filter((d) => off.has(d));
  if (clash.length > 0) throw new Error(`Invalid ${label}: dates both off and working: ${clash.join(', ')}`);
  return layer;
}

/** Merges layers in order; a later layer's word on a date replaces an earlier one's. */
export function resolveOverrides(layers: readonly unknown[]): ResolvedOverrides {
  const days = new Map<IsoDate, OverrideDay>();
  const kurbanAit = new Map<number, IsoDate>();
  layers.forEach((raw, i) => {
    const layer = parseOverrides(
      raw,
      i === 0 ? 'bundled calendar overrides' : `calendar overrides layer ${i}`,
    );
    const mine = new Map<IsoDate, OverrideDay>();
    for (const e of layer.extraDaysOff ?? []) {
      mine.set(e.date, { kind: 'off', code: e.code ?? EXTRA_DAY_OFF_CODE, reason: e.reason });
    }
    for (const t of layer.transfers ?? []) {
      mine.set(t.dayOff, { kind: 'off', code: TRANSFERRED_DAY_OFF_CODE, reason: t.decree });
      mine.set(t.workingDay, { kind: 'working', reason: t.decree });
    }
    for (const e of layer.notDaysOff ?? []) mine.set(e.date, { kind: 'notHoliday', reason: e.reason });
    for (const [date, day] of mine) days.set(date, day);
    for (const [year, date] of Object.entries(layer.kurbanAit ?? {})) kurbanAit.set(Number(year), date);
  });
  return { days, kurbanAit };
}

export const bundledOverrides: unknown = bundled;
