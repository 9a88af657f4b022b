import { describe, expect, it } from 'vitest';
import { periodOf } from '../../src/calendar/index.ts';
import { campaignValidity } from '../../src/evaluation/ranking/campaign.ts';
import { getMethodology, type Methodology, validityOn } from '../../src/methodology/index.ts';

const get = (id: string): Methodology => getMethodology(id)!;
const quarter = (date: string) => periodOf('quarter', date as never);
const year = (y: number) => periodOf('year', `${y}-01-01` as never);

describe('validityOn: a period is evaluated only under rules in force for all of it', () => {
  it('Justice applies to periods from 2025-07-01: Q2 2025 is refused with the date, Q3 2025 is fine', () => {
    const justice = get('justice-2026');
    expect(validityOn(justice, quarter('2025-05-01'))).toEqual({
      ok: false,
      reason: 'notYetApplicable',
      appliesFrom: '2025-07-01',
      part: 'methodology',
    });
    expect(validityOn(justice, quarter('2025-08-01'))).toEqual({ ok: true });
  });

  it('Kentau was repealed on 2023-08-08: 2026 is refused with the act, Q2 2023 is still a historical evaluation', () => {
    const kentau = get('kentau-city-maslikhat-2018');
    expect(validityOn(kentau, year(2026), 'survey360')).toMatchObject({
      ok: false,
      reason: 'repealed',
      repealedOn: '2023-08-08',
      number: '33',
    });
    expect(validityOn(kentau, year(2023))).toMatchObject({ ok: false, reason: 'repealed' });
    expect(validityOn(kentau, quarter('2023-05-01'))).toEqual({ ok: true });
  });

  it('Köksu Chapter 6 ended on 2023-08-31; its quarterly ranking goes on', () => {
    const koksu = get('koksu-district-maslikhat-2023');
    expect(validityOn(koksu, year(2026), 'scopedKpi')).toEqual({
      ok: false,
      reason: 'expired',
      validUntil: '2023-08-31',
      part: 'scopedKpi',
    });
    expect(validityOn(koksu, year(2022), 'scopedKpi')).toEqual({ ok: true });
    expect(validityOn(koksu, quarter('2026-08-01'), 'ranking')).toEqual({ ok: true });
  });

  it('a ranking campaign is checked for the methods of its period', () => {
    const koksu = get('koksu-district-maslikhat-2023');
    expect(campaignValidity(koksu, year(2026))).toMatchObject({ ok: false, validUntil: '2023-08-31' });
    expect(campaignValidity(koksu, quarter('2026-08-01'))).toEqual({ ok: true });
    // The Almaty region Chapter 6 sets no end date.
    expect(campaignValidity(get('almaty-region-maslikhat-2023'), year(2026))).toEqual({ ok: true });
  });
});
