import { describe, expect, it } from 'vitest';
import { periodOf } from '../../../src/calendar/index.ts';
import { parsePeriod, previousQuarter, takePeriod } from '../../../src/evaluation/ranking/campaign.ts';
import { parseKpiPlan } from '../../../src/evaluation/ranking/kpi-plan.ts';
import { planPeriod, type RosterEntry, workedWorkingDays } from '../../../src/evaluation/ranking/plan.ts';
import { kpiSteps, rankingSteps, stepAfter } from '../../../src/evaluation/ranking/steps.ts';
import { getMethodology } from '../../../src/methodology/index.ts';

const Q3 = periodOf('quarter', '2026-08-15');
const person = (over: Partial<RosterEntry> & Pick<RosterEntry, 'id'>): RosterEntry => ({
  personnelNumber: over.id,
  categoryCode: 'C-O-5',
  isHead: false,
  unitCode: 'D',
  supervisorNumber: null,
  status: 'active',
  appointedOn: '2020-01-01',
  ...over,
});
const units = [
  { code: 'TOP', parentCode: null },
  { code: 'D', parentCode: 'TOP' },
  { code: 'S', parentCode: 'D' },
];

describe('planPeriod: Justice routing and eligibility', () => {
  const justice = getMethodology('justice-2026')!;
  const roster = [
    person({ id: 'boss', categoryCode: 'B-1', isHead: true, unitCode: 'TOP' }),
    person({ id: 'head', categoryCode: 'C-O-2', isHead: true, unitCode: 'D', supervisorNumber: 'boss' }),
    person({ id: 'sector', categoryCode: 'C-O-3', isHead: true, unitCode: 'S', supervisorNumber: 'head' }),
    person({ id: 'c1', categoryCode: 'C-O-1', isHead: true, unitCode: 'TOP', supervisorNumber: 'boss' }),
    person({ id: 'c3', categoryCode: 'C-3', unitCode: 'S', supervisorNumber: 'head' }),
    person({ id: 'staff', unitCode: 'S', supervisorNumber: 'head' }),
    person({ id: 'absent', unitCode: 'S' }),
    person({ id: 'gone', unitCode: 'S', status: 'dismissed' }),
    person({ id: 'leave', unitCode: 'S', status: 'onLeave' }),
  ];
  const plan = planPeriod({
    methodology: justice,
    period: Q3,
    roster,
    units,
    absences: [{ employeeId: 'absent', from: '2026-07-01', to: '2026-09-10' }],
  });
  const of = (id: string) => plan.find((p) => p.employeeId === id)!;

  it('unit head for staff and heads (the head of the unit above for a unit head), direct superior for C-1/C-O-1 and C-3', () => {
    expect(of('staff')).toMatchObject({
      formId: 'non-leadership',
      evaluatorId: 'sector',
      evaluatorRule: 'unitHead',
    });
    expect(of('sector')).toMatchObject({
      formId: 'leadership',
      evaluatorId: 'head',
      evaluatorRule: 'unitHead',
    });
    expect(of('c1')).toMatchObject({
      formId: 'leadership',
      evaluatorId: 'boss',
      evaluatorRule: 'directSuperior',
    });
    expect(of('c3')).toMatchObject({ evaluatorId: 'head', evaluatorRule: 'directSuperior' });
  });

  it('deadline the 20th of the month after the quarter, not shifted (20.10.2026 is a Tuesday anyway)', () => {
    expect(of('staff').deadline).toBe('2026-10-20');
  });

  it('fewer than 15 working days worked → not evaluated; dismissed → without participation; leave is not in the Justice list', () => {
    expect(of('absent')).toMatchObject({
      participation: 'notEvaluated',
      reason: 'tooFewWorkedDays',
      workedDays: 14,
    });
    expect(of('gone')).toMatchObject({ participation: 'withoutParticipation', reason: 'dismissed' });
    expect(of('leave')).toMatchObject({ participation: 'full', reason: null });
  });

  it('counts worked days from the appointment, minus recorded absences', () => {
    expect(workedWorkingDays({ id: 'x', appointedOn: '2020-01-01' }, Q3, [])).toBe(65);
    expect(workedWorkingDays({ id: 'x', appointedOn: '2026-09-01' }, Q3, [])).toBe(22);
  });
});

describe('planPeriod: Almaty city', () => {
  const almaty = getMethodology('almaty-city-akimat-2023')!;
  const roster = [
    person({ id: 'top', categoryCode: 'E-1', isHead: true, unitCode: 'TOP' }),
    person({
      id: 'head',
      categoryCode: 'E-2',
      isHead: true,
      unitCode: 'D',
      supervisorNumber: 'top',
      status: 'onLeave',
    }),
    person({ id: 'a', categoryCode: 'E-4', unitCode: 'D' }),
    person({ id: 'new', categoryCode: 'E-4', unitCode: 'D', appointedOn: '2026-09-09' }),
    person({ id: 'trip', categoryCode: 'E-4', unitCode: 'D', status: 'businessTrip' }),
  ];
  const plan = planPeriod({ methodology: almaty, period: Q3, roster, units });
  const of = (id: string, kind = 'ranking') => plan.find((p) => p.employeeId === id && p.kind === kind)!;

  it('staff get ranking sheets from the unit head, heads a KPI sheet from their superior', () => {
    expect(of('a')).toMatchObject({ formId: 'staff', evaluatorId: 'head', deadline: '2026-10-10' });
    expect(of('head', 'kpi')).toMatchObject({ evaluatorId: 'top', formId: 'kpi' });
    expect(plan.filter((p) => p.employeeId === 'head')).toHaveLength(1);
  });

  it('a head on leave: the KPI sheet is due 5 working days after the return (line 70), not "without participation"', () => {
    // No return recorded yet: the deadline is not set (HR records the absence to fix it).
    expect(of('head', 'kpi')).toMatchObject({
      participation: 'full',
      reason: 'leave',
      dueAfterReturn: true,
      deadline: null,
    });
    // Leave until Friday 16.10.2026: back on Monday 19.10; five working days later, with Republic Day
    // (Sunday 25.10) moved to Monday 26.10, is Tuesday 27.10.
    const withReturn = planPeriod({
      methodology: almaty,
      period: Q3,
      roster,
      units,
      absences: [{ employeeId: 'head', from: '2026-09-21', to: '2026-10-16' }],
    });
    expect(withReturn.find((p) => p.employeeId === 'head')).toMatchObject({
      deadline: '2026-10-27',
      dueAfterReturn: true,
    });
    // Back before the period's own deadline: the 10th still stands (the rule never shortens the term).
    const early = planPeriod({
      methodology: almaty,
      period: Q3,
      roster,
      units,
      absences: [{ employeeId: 'head', from: '2026-09-21', to: '2026-10-01' }],
    });
    expect(early.find((p) => p.employeeId === 'head')?.deadline).toBe('2026-10-10');
  });

  it('no KPI when fewer than 3 months remain from the appointment to the end of the quarter (line 150)', () => {
    const late = planPeriod({
      methodology: almaty,
      period: Q3,
      roster: [
        ...roster,
        person({
          id: 'newHead',
          categoryCode: 'E-2',
          isHead: true,
          unitCode: 'S',
          appointedOn: '2026-07-15',
        }),
        person({
          id: 'fullQuarter',
          categoryCode: 'E-2',
          isHead: true,
          unitCode: 'S',
          appointedOn: '2026-07-01',
        }),
      ],
      units,
    });
    expect(late.find((p) => p.employeeId === 'newHead')).toMatchObject({
      kind: 'kpi',
      participation: 'notEvaluated',
      reason: 'tooLateForKpi',
    });
    expect(late.find((p) => p.employeeId === 'fullQuarter')).toMatchObject({ participation: 'full' });
  });

  it('a future appointment is not evaluated; a dismissed employee is, without participation', () => {
    const more = planPeriod({
      methodology: almaty,
      period: Q3,
      roster: [
        ...roster,
        person({ id: 'future', categoryCode: 'E-4', unitCode: 'D', appointedOn: '2027-01-10' }),
        person({ id: 'gone', categoryCode: 'E-4', unitCode: 'D', status: 'dismissed' }),
      ],
      units,
    });
    expect(more.find((p) => p.employeeId === 'future')).toMatchObject({
      participation: 'notEvaluated',
      reason: 'lessThanMonthInPosition',
    });
    expect(more.find((p) => p.employeeId === 'gone')).toMatchObject({
      participation: 'withoutParticipation',
      reason: 'dismissed',
      deadline: '2026-10-10',
    });
  });

  it('an absent evaluator is flagged for HR to set a substitute', () => {
    expect(of('a').evaluatorAbsent).toBe(true);
  });

  it('appointed 3 weeks before the quarter end → not evaluated; business trip → without participation', () => {
    expect(of('new')).toMatchObject({ participation: 'notEvaluated', reason: 'lessThanMonthInPosition' });
    expect(of('trip')).toMatchObject({ participation: 'withoutParticipation', reason: 'businessTrip' });
  });
});

describe('planPeriod: Chapter 6 yearly KPI only for the employees HR put in scope', () => {
  const region = getMethodology('almaty-region-maslikhat-2023')!;
  const roster = [
    person({ id: 'h', categoryCode: 'E-2', isHead: true, unitCode: 'D' }),
    person({ id: 'in', categoryCode: 'E-4', unitCode: 'D' }),
    person({ id: 'out', categoryCode: 'E-4', unitCode: 'D' }),
  ];
  it('year: Chapter 6 KPI sheets for scope members; quarter: ranking for staff, the base KPI for heads', () => {
    const year = planPeriod({
      methodology: region,
      period: periodOf('year', '2026-01-01'),
      roster,
      units,
      kpiScopeMembers: new Set(['in']),
    });
    expect(year.map((p) => [p.employeeId, p.kind, p.formId, p.deadline])).toEqual([
      ['in', 'kpi', 'chapter-6-leave-2021-2022', '2027-01-10'],
    ]);
    const quarter = planPeriod({ methodology: region, period: Q3, roster, units });
    expect(quarter.map((p) => [p.employeeId, p.kind, p.formId])).toEqual([
      ['h', 'kpi', 'kpi'],
      ['in', 'ranking', 'staff'],
      ['out', 'ranking', 'staff'],
    ]);
  });
});

describe('steps and periods', () => {
  const justice = getMethodology('justice-2026')!;
  const form = justice.methods.ranking!.forms[1]!;
  const steps = rankingSteps(form);

  it('puts the sanction question right before the capped parameter', () => {
    expect(steps.map((s) => `${s.kind}${s.param}`)).toEqual([
      'score0',
      'justify0',
      'score1',
      'justify1',
      'score2',
      'justify2',
      'score3',
      'justify3',
      'sanction4',
      'score4',
      'justify4',
    ]);
  });

  it('after a change, returns to the summary once the parameter is done', () => {
    expect(stepAfter(steps, 2, true)).toBe(3);
    expect(stepAfter(steps, 3, true)).toBe(steps.length);
    expect(stepAfter(steps, 3, false)).toBe(4);
    expect(stepAfter(steps, 8, true)).toBe(steps.length);
  });

  it('KPI steps: actual then score per KPI; Chapter 6: fulfilled per KPI', () => {
    expect(kpiSteps(getMethodology('almaty-city-akimat-2023')!.methods.kpi!, 2).map((s) => s.kind)).toEqual([
      'actual',
      'kpiScore',
      'actual',
      'kpiScore',
    ]);
    expect(kpiSteps(getMethodology('koksu-district-maslikhat-2023')!.methods.scopedKpi!, 5)).toHaveLength(5);
  });

  it('parses periods and knows the quarter just ended', () => {
    expect(parsePeriod('2026-Q3')).toMatchObject({
      start: '2026-07-01',
      end: '2026-09-30',
      label: '2026-Q3',
    });
    expect(parsePeriod('2026')).toMatchObject({ kind: 'year', label: '2026' });
    expect(parsePeriod('2026-Q5')).toBeNull();
    expect(previousQuarter(new Date('2026-10-05T04:00:00Z')).label).toBe('2026-Q3');
    expect(previousQuarter(new Date('2027-01-05T04:00:00Z')).label).toBe('2026-Q4');
  });

  it('takes the period people type at the head of a command: year and quarter, the year, or the stored form', () => {
    expect(takePeriod(['2026', '3', 'alm'])).toMatchObject({ period: { label: '2026-Q3' }, rest: ['alm'] });
    expect(takePeriod(['2026', 'alm'])).toMatchObject({
      period: { label: '2026', kind: 'year' },
      rest: ['alm'],
    });
    expect(takePeriod(['2026-Q4'])).toMatchObject({ period: { label: '2026-Q4' }, rest: [] });
    expect(takePeriod(['2026', '5'])).toMatchObject({ period: { label: '2026' }, rest: ['5'] });
    expect(takePeriod(['alm'])).toEqual({ period: null, rest: ['alm'] });
    expect(takePeriod([])).toEqual({ period: null, rest: [] });
  });

  it('parses a work plan: "lower is better" mark, count limits, bad planned values', () => {
    const kpi = getMethodology('almaty-city-akimat-2023')!.methods.kpi!;
    const ok = parseKpiPlan(['A; %; 100', 'B; pcs; 4; ↓', 'C; pcs; 0'], kpi);
    expect(ok).toEqual({
      ok: true,
      kpis: [
        { title: 'A', unit: '%', planned: 100, lowerIsBetter: false },
        { title: 'B', unit: 'pcs', planned: 4, lowerIsBetter: true },
        { title: 'C', unit: 'pcs', planned: 0, lowerIsBetter: false },
      ],
    });
    expect(parseKpiPlan(['A; %; x', 'B; %; 1', 'C; %; 1'], kpi)).toEqual({
      ok: false,
      problems: [{ code: 'badPlanned', line: 1 }],
    });
    expect(parseKpiPlan(['A; %; 1'], kpi)).toMatchObject({
      ok: false,
      problems: [{ code: 'count', have: 1 }],
    });
  });
});
