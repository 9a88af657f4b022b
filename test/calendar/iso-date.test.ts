import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  almatyDateOf,
  almatyInstant,
  asIsoDate,
  dayOfWeek,
  daysBetween,
  isIsoDate,
} from '../../src/calendar/index.ts';

describe('IsoDate helpers', () => {
  it('accepts only real calendar dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-01')).toBe(false);
    expect(() => asIsoDate('2026-04-31')).toThrow(RangeError);
  });

  it('does date arithmetic without time-zone drift', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2027-01-01', '2026-01-01')).toBe(-365);
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(addMonths('2026-01-15', -2)).toBe('2025-11-15');
    expect(dayOfWeek('2026-12-11')).toBe(5); // Friday
  });
});

describe('Asia/Almaty dates', () => {
  it('an instant at 2026-03-20T19:30Z is already 21 March in Almaty (UTC+5)', () => {
    expect(almatyDateOf(new Date('2026-03-20T19:30:00Z'))).toBe('2026-03-21');
    expect(almatyDateOf(new Date('2026-03-20T18:59:59Z'))).toBe('2026-03-20');
    expect(almatyDateOf(new Date('2026-03-20T19:00:00Z'))).toBe('2026-03-21');
  });

  it('used UTC+6 before 1 March 2024', () => {
    expect(almatyDateOf(new Date('2024-02-28T17:59:59Z'))).toBe('2024-02-28');
    expect(almatyDateOf(new Date('2024-02-28T18:00:00Z'))).toBe('2024-02-29');
    expect(almatyDateOf(new Date('2023-12-31T18:30:00Z'))).toBe('2024-01-01');
    expect(almatyInstant('2024-02-29').toISOString()).toBe('2024-02-28T18:00:00.000Z');
    expect(almatyInstant('2023-07-01', 9, 30).toISOString()).toBe('2023-07-01T03:30:00.000Z');
  });

  it('switched to UTC+5 at midnight on 1 March 2024 (clocks went back an hour)', () => {
    // 00:00 at UTC+6 became 23:00 on 29 February at UTC+5, so 23:00-23:59 happened twice.
    expect(almatyDateOf(new Date('2024-02-29T17:59:00Z'))).toBe('2024-02-29'); // 23:59 +6
    expect(almatyDateOf(new Date('2024-02-29T18:00:00Z'))).toBe('2024-02-29'); // 23:00 +5 again
    expect(almatyDateOf(new Date('2024-02-29T18:59:59Z'))).toBe('2024-02-29');
    expect(almatyDateOf(new Date('2024-02-29T19:00:00Z'))).toBe('2024-03-01');
    expect(almatyInstant('2024-03-01').toISOString()).toBe('2024-02-29T19:00:00.000Z');
    // The repeated wall time resolves to its first occurrence (still UTC+6).
    expect(almatyInstant('2024-02-29', 23, 30).toISOString()).toBe('2024-02-29T17:30:00.000Z');
    expect(almatyInstant('2024-03-02').toISOString()).toBe('2024-03-01T19:00:00.000Z');
  });

  it('round-trips dates since the switch', () => {
    expect(almatyInstant('2026-03-21').toISOString()).toBe('2026-03-20T19:00:00.000Z');
    expect(almatyInstant('2026-12-31', 23, 59).toISOString()).toBe('2026-12-31T18:59:00.000Z');
    for (const d of ['2024-03-01', '2025-06-06', '2026-03-21', '2027-01-01'] as const) {
      expect(almatyDateOf(almatyInstant(d))).toBe(d);
      expect(almatyDateOf(almatyInstant(d, 23, 59))).toBe(d);
    }
  });

  it('rejects invalid input', () => {
    expect(() => almatyDateOf(new Date('nope'))).toThrow(RangeError);
    expect(() => almatyInstant('2026-03-21', 24)).toThrow(RangeError);
  });
});
