import { describe, expect, it } from 'vitest';
import {
  checkMembership,
  checkSessionDate,
  decideOutcome,
  dueState,
  includedMembers,
  parseNumbers,
  protocolFileBy,
  scoreFitsVote,
} from '../../../src/evaluation/calibration/rules.ts';
import { getMethodology, routeOf } from '../../../src/methodology/index.ts';
import type { CalibrationRoute } from '../../../src/methodology/schema.ts';

const routeFor = (id: string) => routeOf(getMethodology(id)!) as CalibrationRoute;
const ALMATY = routeFor('almaty-city-akimat-2023');
const JUSTICE = routeFor('justice-2026');

const facts = {
  appellantId: 'appellant',
  evaluatorId: 'evaluator',
  evaluatorIds: ['evaluator', 'eval2', 'eval3'],
  hrHeadIds: ['hrHead'],
};

describe('membership of a calibration session', () => {
  it('Almaty city: an odd number, at least 3, named by the authorised person', () => {
    expect(checkMembership(ALMATY, { ...facts, chosen: ['a', 'b', 'c'] })).toEqual({
      ok: true,
      members: [
        { id: 'a', role: 'member' },
        { id: 'b', role: 'member' },
        { id: 'c', role: 'member' },
      ],
    });
    expect(checkMembership(ALMATY, { ...facts, chosen: ['a', 'b'] })).toEqual({
      ok: false,
      problem: { code: 'tooFew', min: 3, count: 2 },
    });
    expect(checkMembership(ALMATY, { ...facts, chosen: ['a', 'b', 'c', 'd'] })).toEqual({
      ok: false,
      problem: { code: 'even', count: 4 },
    });
  });

  it('never the disputing employee or their evaluator', () => {
    expect(checkMembership(ALMATY, { ...facts, chosen: ['a', 'b', 'appellant'] })).toEqual({
      ok: false,
      problem: { code: 'excluded', ids: ['appellant'] },
    });
    expect(checkMembership(ALMATY, { ...facts, chosen: ['evaluator', 'a', 'b'] })).toEqual({
      ok: false,
      problem: { code: 'excluded', ids: ['evaluator'] },
    });
  });

  it("Justice seats the other evaluators and the HR head, never the appellant's evaluator", () => {
    expect(includedMembers(JUSTICE, facts)).toEqual([
      { id: 'eval2', role: 'evaluator' },
      { id: 'eval3', role: 'evaluator' },
      { id: 'hrHead', role: 'hrHead' },
    ]);
    // Three included already: naming nobody is a valid session, naming one more makes it even.
    expect(checkMembership(JUSTICE, { ...facts, chosen: [] })).toMatchObject({ ok: true });
    expect(checkMembership(JUSTICE, { ...facts, chosen: ['a'] })).toEqual({
      ok: false,
      problem: { code: 'even', count: 4 },
    });
    // Naming an included person again does not count twice.
    const again = checkMembership(JUSTICE, { ...facts, chosen: ['eval2', 'a', 'b'] });
    expect(again.ok && again.members.map((m) => m.id)).toEqual(['eval2', 'eval3', 'hrHead', 'a', 'b']);
    // The appellant's own evaluator is excluded even though they are an evaluator.
    expect(includedMembers(JUSTICE, facts).some((m) => m.id === 'evaluator')).toBe(false);
  });

  it('a route that leaves the size open is reported, never filled in', () => {
    const open = {
      members: {
        ...ALMATY.members,
        min: { notSet: true as const, setBy: 'organisation' as const, why: 'x' },
      },
    };
    expect(checkMembership(open, { ...facts, chosen: ['a', 'b', 'c'] })).toEqual({
      ok: false,
      problem: { code: 'notSet', rule: 'min' },
    });
  });
});

describe('the majority decides', () => {
  it('two of three up: corrected to the median of the proposed scores', () => {
    expect(
      decideOutcome(
        [
          { vote: 'up', score: 4.1 },
          { vote: 'up', score: 4.5 },
          { vote: 'keep', score: null },
        ],
        3.69,
      ),
    ).toEqual({ result: 'corrected', score: 4.1 });
    expect(
      decideOutcome(
        [
          { vote: 'up', score: 4.5 },
          { vote: 'up', score: 4.1 },
          { vote: 'up', score: 4.2 },
        ],
        3.69,
      ),
    ).toEqual({ result: 'corrected', score: 4.2 });
  });

  it('down by majority: the smaller change of the two middle values', () => {
    expect(
      decideOutcome(
        [
          { vote: 'down', score: 3.0 },
          { vote: 'down', score: 3.4 },
          { vote: 'keep', score: null },
        ],
        3.69,
      ),
    ).toEqual({ result: 'corrected', score: 3.4 });
  });

  it("keep by majority, or no majority at all: the evaluator's score stands", () => {
    expect(
      decideOutcome(
        [
          { vote: 'keep', score: null },
          { vote: 'keep', score: null },
          { vote: 'down', score: 3.2 },
        ],
        3.69,
      ),
    ).toEqual({ result: 'kept', score: 3.69 });
    expect(
      decideOutcome(
        [
          { vote: 'keep', score: null },
          { vote: 'up', score: 4.2 },
          { vote: 'down', score: 3.2 },
        ],
        3.69,
      ),
    ).toEqual({ result: 'kept', score: 3.69 });
  });

  it('nothing is decided while a member has not voted', () => {
    expect(
      decideOutcome(
        [
          { vote: 'up', score: 4.1 },
          { vote: 'up', score: 4.1 },
          { vote: null, score: null },
        ],
        3.69,
      ),
    ).toBeNull();
    expect(decideOutcome([], 3.69)).toBeNull();
  });

  it('a change goes the way of its vote', () => {
    expect(scoreFitsVote('up', 4, 3.69)).toBe(true);
    expect(scoreFitsVote('up', 3.69, 3.69)).toBe(false);
    expect(scoreFitsVote('down', 3.5, 3.69)).toBe(true);
    expect(scoreFitsVote('down', 4, 3.69)).toBe(false);
  });
});

describe('deadlines on the working-day calendar', () => {
  it('the reminder is the working day before the last day; the day after is missed', () => {
    // Decision by Thursday 17 December 2026 (16 December is a holiday): remind on Tuesday the 15th.
    expect(dueState('2026-12-15', '2026-12-17')).toBe('remind');
    expect(dueState('2026-12-16', '2026-12-17')).toBeNull();
    expect(dueState('2026-12-17', '2026-12-17')).toBeNull();
    expect(dueState('2026-12-18', '2026-12-17')).toBe('missed');
    // Last day on a Monday: the reminder is on the Friday before.
    expect(dueState('2026-12-11', '2026-12-14')).toBe('remind');
  });

  it('the session is held on a working day from today up to the last day', () => {
    expect(checkSessionDate('2026-12-21', '2026-12-14', '2026-12-28')).toBeNull();
    expect(checkSessionDate('2026-12-11', '2026-12-14', '2026-12-28')).toBe('past');
    expect(checkSessionDate('2026-12-29', '2026-12-14', '2026-12-28')).toBe('late');
    expect(checkSessionDate('2026-12-19', '2026-12-14', '2026-12-28')).toBe('dayOff');
    expect(checkSessionDate('2026-12-16', '2026-12-14', '2026-12-28')).toBe('dayOff');
  });

  it("the protocol is filed within the route's working days of signing; none set, no date", () => {
    // Signed Friday 18 December: 3 working days → Wednesday 23 December.
    expect(protocolFileBy('2026-12-18', 3)).toBe('2026-12-23');
    expect(protocolFileBy('2026-12-18', null)).toBeNull();
  });

  it('personnel numbers are read from spaces, commas and semicolons, once each', () => {
    expect(parseNumbers(' 1001, 1002;1003  1002 ')).toEqual(['1001', '1002', '1003']);
  });
});
