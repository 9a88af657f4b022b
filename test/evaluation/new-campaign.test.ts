import { describe, expect, it } from 'vitest';
import { periodOf } from '../../src/calendar/index.ts';
import {
  candidatePeriods,
  checkDeadline,
  deadlineWindow,
  inForce,
  methodsOf,
} from '../../src/evaluation/new-campaign.ts';
import { getMethodology } from '../../src/methodology/index.ts';

const methodology = (id: string) => {
  const found = getMethodology(id);
  if (!found) throw new Error(`no methodology ${id}`);
  return found;
};

describe('what HR may start', () => {
  it('offers the period evaluated now, the current one and the next', () => {
    expect(candidatePeriods('quarter', '2026-10-05').map((p) => p.label)).toEqual([
      '2026-Q3',
      '2026-Q4',
      '2027-Q1',
    ]);
    expect(candidatePeriods('year', '2027-01-05').map((p) => p.label)).toEqual(['2026', '2027', '2028']);
  });

  it('names the methods of each scheme as the methodology has them', () => {
    expect(methodsOf(methodology('almaty-city-akimat-2023'), 'quarter')).toEqual(['ranking', 'kpi']);
    expect(methodsOf(methodology('almaty-city-akimat-2023'), 'year')).toEqual([]);
    expect(methodsOf(methodology('almaty-region-maslikhat-2023'), 'year')).toEqual(['scopedKpi']);
    expect(methodsOf(methodology('justice-2026'), 's360')).toEqual([]);
  });

  it('keeps to the periods the methodology is in force for', () => {
    // Justice applies from 1 July 2025; Kentau's decision was repealed in August 2023; Köksu's
    // Chapter 6 ran until 31 August 2023.
    expect(inForce(methodology('justice-2026'), 'quarter', periodOf('quarter', '2025-04-01'))).toBe(false);
    expect(inForce(methodology('justice-2026'), 'quarter', periodOf('quarter', '2025-07-01'))).toBe(true);
    expect(inForce(methodology('kentau-city-maslikhat-2018'), 's360', periodOf('year', '2026-01-01'))).toBe(
      false,
    );
    expect(
      inForce(methodology('koksu-district-maslikhat-2023'), 'year', periodOf('year', '2026-01-01')),
    ).toBe(false);
    expect(inForce(methodology('almaty-city-akimat-2023'), 'year', periodOf('year', '2026-01-01'))).toBe(
      false,
    );
  });

  it('lets the deadline run from today (after the period, for sheets) to the methodology’s own', () => {
    const almaty = methodology('almaty-city-akimat-2023');
    expect(deadlineWindow(almaty, 'quarter', periodOf('quarter', '2026-07-01'), '2026-10-05')).toEqual({
      earliest: '2026-10-05',
      latest: '2026-10-10',
    });
    expect(deadlineWindow(almaty, 'quarter', periodOf('quarter', '2026-10-01'), '2026-10-05')).toEqual({
      earliest: '2027-01-01',
      latest: '2027-01-10',
    });
    expect(deadlineWindow(almaty, 's360', periodOf('year', '2026-01-01'), '2026-10-05')).toEqual({
      earliest: '2026-10-05',
      latest: '2027-01-10',
    });
    // Past the methodology's date the window is empty: that period is no longer offered.
    const late = deadlineWindow(almaty, 'quarter', periodOf('quarter', '2026-07-01'), '2026-10-12')!;
    expect(late.earliest > late.latest).toBe(true);
  });

  it('refuses a deadline outside the window, naming the bound', () => {
    const window = { earliest: '2026-10-05', latest: '2026-10-10' } as const;
    expect(checkDeadline('2026-10-05', window)).toEqual({ ok: true });
    expect(checkDeadline('2026-10-10', window)).toEqual({ ok: true });
    expect(checkDeadline('2026-10-04', window)).toEqual({
      ok: false,
      problem: 'tooEarly',
      earliest: '2026-10-05',
    });
    expect(checkDeadline('2026-10-11', window)).toEqual({
      ok: false,
      problem: 'tooLate',
      latest: '2026-10-10',
    });
  });
});
