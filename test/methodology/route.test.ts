import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_METHODOLOGY_DIR,
  disclosureExceptions,
  getMethodology,
  loadAllMethodologies,
  type Methodology,
  MethodologyValidationError,
  noticeTerms,
  parseMethodology,
  routeOf,
  setByOf,
  termDays,
  viewScopeOf,
} from '../../src/methodology/index.ts';

const raw = (id: string) =>
  JSON.parse(readFileSync(join(DEFAULT_METHODOLOGY_DIR, `${id}.json`), 'utf8')) as Record<string, unknown>;
const get = (id: string): Methodology => getMethodology(id)!;

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(MethodologyValidationError);
    return (err as Error).message;
  }
  throw new Error('expected a MethodologyValidationError');
}

describe('the route after a result is data, and a file with an incomplete route is refused', () => {
  it('every bundled file has a route and a confidentiality section', () => {
    for (const m of loadAllMethodologies().values()) {
      expect(['calibrationSession', 'commission']).toContain(m.route.kind);
      expect(m.confidentiality.viewers.evaluatee).toBe('ownResults');
    }
  });

  it('a file without a route, or with a term left out, does not load', () => {
    const noRoute = raw('almaty-city-akimat-2023');
    delete noRoute.route;
    expect(failure(() => parseMethodology(noRoute, 'a.json'))).toContain('a.json: route:');

    const noTerm = raw('almaty-city-akimat-2023') as { route: Record<string, unknown> };
    delete noTerm.route.sessionWorkingDays;
    expect(failure(() => parseMethodology(noTerm, 'a.json'))).toContain('a.json: route.sessionWorkingDays:');

    const noAppeal = raw('almaty-region-maslikhat-2023') as {
      methods: { scopedKpi: { route: Record<string, unknown> } };
    };
    delete noAppeal.methods.scopedKpi.route.appeal;
    expect(failure(() => parseMethodology(noAppeal, 'r.json'))).toContain(
      'r.json: methods.scopedKpi.route.appeal:',
    );
  });

  it('a term the seed does not give must say who sets it: a bare "not set" is refused', () => {
    const data = raw('justice-2026') as { route: { acquaintanceWorkingDays: unknown } };
    data.route.acquaintanceWorkingDays = { notSet: true };
    expect(failure(() => parseMethodology(data, 'j.json'))).toContain(
      'j.json: route.acquaintanceWorkingDays',
    );
    data.route.acquaintanceWorkingDays = null;
    expect(failure(() => parseMethodology(data, 'j.json'))).toContain(
      'j.json: route.acquaintanceWorkingDays',
    );
  });

  it('cross-checks: an odd membership needs an odd minimum; a refusal act needs written acquaintance', () => {
    const even = raw('justice-2026') as { route: { members: { min: number } } };
    even.route.members.min = 4;
    expect(failure(() => parseMethodology(even, 'j.json'))).toContain(
      'j.json: route.members.min: An odd membership needs an odd minimum',
    );
    const kentau = raw('kentau-city-maslikhat-2018') as { route: { acquaintance: { written: boolean } } };
    kentau.route.acquaintance.written = false;
    expect(failure(() => parseMethodology(kentau, 'k.json'))).toContain(
      'k.json: route.acquaintance.refusalActWitnesses: A refusal act needs written acquaintance',
    );
  });
});

describe('terms per methodology, with "not set" where the seed is silent', () => {
  it('Almaty city: calibration session, 2 / 5 / 3 / 10 / 3 working days, odd membership of at least 3', () => {
    const route = get('almaty-city-akimat-2023').route;
    if (route.kind !== 'calibrationSession') throw new Error('expected a calibration session');
    expect(
      [
        route.acquaintanceWorkingDays,
        route.applicationWorkingDays,
        route.decisionWorkingDays,
        route.sessionWorkingDays,
        route.protocolWorkingDays,
      ].map(termDays),
    ).toEqual([2, 5, 3, 10, 3]);
    expect(route.members).toEqual({
      min: 3,
      odd: true,
      excluded: ['appellant', 'appellantEvaluator'],
      included: [],
    });
  });

  it('Justice: no acquaintance term (not set, the body sets it), members include the evaluators and the HR head', () => {
    const route = get('justice-2026').route;
    if (route.kind !== 'calibrationSession') throw new Error('expected a calibration session');
    expect(termDays(route.acquaintanceWorkingDays)).toBeNull();
    expect(setByOf(route.acquaintanceWorkingDays)).toBe('organisation');
    expect(route.members.included).toEqual(['otherEvaluators', 'hrHead']);
    expect(noticeTerms(route)).toMatchObject({
      acquaintanceWorkingDays: null,
      calibrationApplicationWorkingDays: 5,
      calibrationDecisionWorkingDays: 3,
      calibrationSessionWorkingDays: 10,
    });
  });

  it('Chapter 6 sheets take the commission route; the same body’s other results the calibration session', () => {
    const m = get('koksu-district-maslikhat-2023');
    const scopeId = m.methods.scopedKpi!.scope.id;
    expect(routeOf(m, scopeId).kind).toBe('commission');
    expect(routeOf(m, 'kpi').kind).toBe('calibrationSession');
    expect(routeOf(m, 'staff').kind).toBe('calibrationSession');
    expect(noticeTerms(routeOf(m, scopeId))).toMatchObject({
      calibrationApplicationWorkingDays: null,
      agencyAppealWorkingDays: 10,
      acquaintanceWorkingDays: 2,
    });
  });

  it('Kentau: commission, no calibration offered, refusal act with 2 witnesses, acquaintance term not set', () => {
    expect(noticeTerms(get('kentau-city-maslikhat-2018').route)).toEqual({
      acquaintanceWorkingDays: null,
      calibrationApplicationWorkingDays: null,
      calibrationDecisionWorkingDays: null,
      calibrationSessionWorkingDays: null,
      agencyAppealWorkingDays: null,
      refusalActWitnesses: 2,
    });
  });
});

describe('confidentiality as data', () => {
  it('defaults from the seeds: HR head sees the body, plain HR only progress and delivery, admins nothing', () => {
    const m = get('almaty-city-akimat-2023');
    expect(m.confidentiality.classification).toBe('strictlyConfidential');
    expect(viewScopeOf(m, 'evaluator')).toBe('sheetsTheyFilled');
    expect(viewScopeOf(m, 'hrHead')).toBe('organisationResults');
    expect(viewScopeOf(m, 'caseMember')).toBe('casesTheySitOnDuringTheCase');
    expect(viewScopeOf(m, 'hrOfficer')).toBe('progressAndDelivery');
    expect(viewScopeOf(m, 'admin')).toBe('nothing');
  });

  it('Justice keeps its "official necessity" exception (002 line 105)', () => {
    expect(disclosureExceptions(get('justice-2026'))).toContain('officialNecessity');
    expect(disclosureExceptions(get('almaty-city-akimat-2023'))).not.toContain('officialNecessity');
  });

  it('a viewer left out of the section is refused', () => {
    const data = raw('justice-2026') as { confidentiality: { viewers: Record<string, unknown> } };
    delete data.confidentiality.viewers.hrOfficer;
    expect(failure(() => parseMethodology(data, 'j.json'))).toContain(
      'j.json: confidentiality.viewers.hrOfficer:',
    );
  });
});
