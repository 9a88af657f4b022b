import { describe, expect, it } from 'vitest';
import { type PlannedEmployee, type PlannedTarget, plan360 } from '../../../src/evaluation/survey360/plan.ts';
import { getMethodology } from '../../../src/methodology/index.ts';

const almaty = getMethodology('almaty-city-akimat-2023')!;
const person = (over: Partial<PlannedEmployee> & Pick<PlannedEmployee, 'id'>): PlannedEmployee => ({
  personnelNumber: over.id,
  categoryCode: 'E-4',
  isHead: false,
  unitCode: 'S',
  supervisorNumber: null,
  status: 'active',
  appointedOn: '2020-01-01',
  ...over,
});
const units = [
  { code: 'D', parentCode: null },
  { code: 'S', parentCode: 'D' },
];
const roster = [
  person({ id: 'director', categoryCode: 'E-1', isHead: true, unitCode: 'D' }),
  person({ id: 'head', categoryCode: 'E-2', isHead: true }),
  person({ id: 'a' }),
  person({ id: 'b' }),
  person({ id: 'c' }),
  person({ id: 'gone', status: 'dismissed' }),
  person({ id: 'leave', status: 'onLeave' }),
  person({ id: 'newcomer', appointedOn: '2026-12-10' }),
  person({ id: 'future', appointedOn: '2027-02-01' }),
];
const plan = plan360(almaty, 2026, roster, units);
const of = (id: string): PlannedTarget => plan.find((t) => t.employeeId === id)!;
const respondentsOf = (id: string) => {
  const target = of(id);
  return 'proposal' in target ? target.proposal.respondents.map((r) => `${r.relation}:${r.employeeId}`) : [];
};

describe('plan360: eligibility as the data says, in the 360 plan too', () => {
  it('a dismissed employee is evaluated without participation (001 line 72): respondents, no self-assessment', () => {
    expect(of('gone')).toMatchObject({ withoutParticipation: 'dismissed', selfAssessment: false });
    expect(respondentsOf('gone')).toEqual(['supervisor:head', 'peer:a', 'peer:b', 'peer:c']);
  });

  it('a person on leave is evaluated without participation and is not invited to a self-assessment', () => {
    expect(of('leave')).toMatchObject({ withoutParticipation: 'leave', selfAssessment: false });
    expect(of('a')).toMatchObject({ withoutParticipation: null, selfAssessment: true });
  });

  it('under a month in the position, or appointed on a future date: left out, and never proposed as a respondent', () => {
    expect(of('newcomer')).toEqual({ employeeId: 'newcomer', excludedReason: 'lessThanMonthInPosition' });
    expect(of('future')).toEqual({ employeeId: 'future', excludedReason: 'lessThanMonthInPosition' });
    const everyone = plan.flatMap((t) =>
      'proposal' in t ? t.proposal.respondents.map((r) => r.employeeId) : [],
    );
    expect(everyone).not.toContain('newcomer');
    expect(everyone).not.toContain('future');
    expect(everyone).not.toContain('gone');
    expect(everyone).not.toContain('leave');
  });

  it('respondents from the org chart: the superior, the subordinates, then peers', () => {
    expect(respondentsOf('head')).toEqual([
      'supervisor:director',
      'subordinate:a',
      'subordinate:b',
      'subordinate:c',
    ]);
    expect(respondentsOf('a')).toEqual(['supervisor:head', 'peer:b', 'peer:c']);
  });

  it('heads by the seed: an E-2 gets the heads set even without the roster flag; a D-1 head gets the staff set', () => {
    const sets = plan360(
      almaty,
      2026,
      [person({ id: 'e2', categoryCode: 'E-2' }), person({ id: 'd1', categoryCode: 'D-1', isHead: true })],
      units,
    );
    const setOf = (id: string) => {
      const t = sets.find((x) => x.employeeId === id)!;
      return 'competencySet' in t ? t.competencySet.id : null;
    };
    expect(setOf('e2')).toBe('heads');
    expect(setOf('d1')).toBe('staff');
  });
});
