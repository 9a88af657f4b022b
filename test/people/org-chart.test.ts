import { describe, expect, it } from 'vitest';
import { type ChartMember, OrgChart } from '../../src/people/org-chart.ts';

const member = (over: Partial<ChartMember> & Pick<ChartMember, 'id'>): ChartMember => ({
  personnelNumber: over.id,
  unitCode: 'D',
  isHead: false,
  supervisorNumber: null,
  status: 'active',
  ...over,
});
const units = [
  { code: 'TOP', parentCode: null },
  { code: 'D', parentCode: 'TOP' },
  { code: 'S1', parentCode: 'D' },
  { code: 'S2', parentCode: 'D' },
];
const ids = (list: readonly ChartMember[] | ChartMember | undefined) =>
  list === undefined ? undefined : Array.isArray(list) ? list.map((m) => m.id) : (list as ChartMember).id;

describe('org chart: one rule for superiors, subordinates and peers', () => {
  const roster = [
    member({ id: 'chief', unitCode: 'TOP', isHead: true }),
    member({ id: 'director', unitCode: 'D', isHead: true, supervisorNumber: 'chief' }),
    member({ id: 'head1', unitCode: 'S1', isHead: true }),
    member({ id: 'head2', unitCode: 'S2', isHead: true, status: 'dismissed' }),
    member({ id: 'a', unitCode: 'S1' }),
    member({ id: 'b', unitCode: 'S1', supervisorNumber: 'a' }),
    member({ id: 'c', unitCode: 'S2' }),
    member({ id: 'd', unitCode: 'S2', supervisorNumber: 'head2' }),
    member({ id: 'e', unitCode: 'S1', status: 'onLeave' }),
    member({ id: 'gone', unitCode: 'S1', status: 'dismissed' }),
  ];
  const chart = new OrgChart(roster, units);
  const of = (id: string) => roster.find((m) => m.id === id)!;

  it('the roster supervisor first, else the head of the unit; a head answers to the unit above', () => {
    expect(ids(chart.directSuperiorOf(of('b')))).toBe('a');
    expect(ids(chart.directSuperiorOf(of('a')))).toBe('head1');
    expect(ids(chart.directSuperiorOf(of('head1')))).toBe('director');
    expect(ids(chart.directSuperiorOf(of('director')))).toBe('chief');
    expect(chart.directSuperiorOf(of('chief'))).toBeUndefined();
    expect(ids(chart.higherSuperiorOf(of('b')))).toBe('head1');
  });

  it('a dismissed head is nobody’s superior: their unit answers to the unit above, their named reports too', () => {
    expect(ids(chart.directSuperiorOf(of('c')))).toBe('director');
    expect(ids(chart.directSuperiorOf(of('d')))).toBe('director');
    expect(chart.subordinatesOf(of('head2'))).toEqual([]);
  });

  it('a dismissed employee is nobody’s subordinate or peer, but still has a superior (evaluated without participation)', () => {
    expect(ids(chart.subordinatesOf(of('head1')))).toEqual(['a', 'e']);
    expect(ids(chart.peersOf(of('a')))).not.toContain('gone');
    expect(ids(chart.directSuperiorOf(of('gone')))).toBe('head1');
  });

  it('absence changes nothing: a superior on leave keeps the position', () => {
    const onLeave = [
      member({ id: 'boss', unitCode: 'S1', isHead: true, status: 'onLeave' }),
      member({ id: 'x', unitCode: 'S1' }),
    ];
    const c = new OrgChart(onLeave, units);
    expect(ids(c.directSuperiorOf(onLeave[1]!))).toBe('boss');
  });

  it('subordinates are exactly those whose superior is the person: named ones and the unit without a named one', () => {
    expect(ids(chart.subordinatesOf(of('director')))).toEqual(['head1', 'c', 'd']);
    expect(ids(chart.subordinatesOf(of('a')))).toEqual(['b']);
    for (const m of roster.filter((x) => x.status !== 'dismissed'))
      for (const s of chart.subordinatesOf(m)) expect(chart.directSuperiorOf(s)).toBe(m);
  });

  it('peers: same head flag, own unit first, then sibling units; never the superior or a subordinate', () => {
    expect(ids(chart.peersOf(of('a')))).toEqual(['e', 'c', 'd']);
    expect(ids(chart.peersOf(of('b')))).toEqual(['e', 'c', 'd']);
    expect(ids(chart.peersOf(of('head1')))).toEqual([]);
  });

  it('two heads of one unit are not each other’s superior', () => {
    const two = [
      member({ id: 'top', unitCode: 'D', isHead: true }),
      member({ id: 'h1', unitCode: 'S1', isHead: true }),
      member({ id: 'h2', unitCode: 'S1', isHead: true }),
    ];
    const c = new OrgChart(two, units);
    expect(ids(c.directSuperiorOf(two[1]!))).toBe('top');
    expect(ids(c.directSuperiorOf(two[2]!))).toBe('top');
  });
});
