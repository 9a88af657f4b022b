import { describe, expect, it } from 'vitest';
import { type Response360, ScoringError, score360 } from '../../../src/evaluation/scoring/index.ts';

// A 360 questionnaire with 3 competencies; answers are points 1 ("never shown") … 5 ("always shown").
const competencies = [
  { id: 'leadership', questionIds: ['l1', 'l2', 'l3'] },
  { id: 'cooperation', questionIds: ['c1', 'c2'] },
  { id: 'initiative', questionIds: ['i1', 'i2'] },
];

function answers(l: [number, number, number], c: [number, number], i: [number, number]) {
  return { l1: l[0], l2: l[1], l3: l[2], c1: c[0], c2: c[1], i1: i[0], i2: i[1] };
}

const colleagues: Response360[] = [
  { isSelf: false, answers: answers([4, 5, 3], [5, 5], [2, 3]) },
  { isSelf: false, answers: answers([3, 3, 3], [4, 5], [3, 3]) },
  { isSelf: false, answers: answers([5, 4, 4], [4, 4], [2, 2]) },
];

describe('score360', () => {
  it('matches hand-computed averages', () => {
    // leadership: respondent means 12/3=4, 9/3=3, 13/3=4.333… → mean 34/9 = 3.777… → 3.78
    //             (= all points 34 / (3 questions × 3 respondents))
    // cooperation: 10/2=5, 9/2=4.5, 8/2=4 → 27/6 = 4.5
    // initiative: 2.5, 3, 2 → 15/6 = 2.5
    // overall: (3.78 + 4.5 + 2.5) / 3 = 10.78 / 3 = 3.5933… → 3.59 → proper
    const result = score360({ competencies, responses: colleagues });
    expect(result).toEqual({
      ok: true,
      perCompetency: [
        { id: 'leadership', average: 3.78, selfAverage: null },
        { id: 'cooperation', average: 4.5, selfAverage: null },
        { id: 'initiative', average: 2.5, selfAverage: null },
      ],
      overall: 3.59,
      band: 'proper',
      lowest: ['initiative', 'leadership', 'cooperation'],
      respondentCount: 3,
    });
  });

  it('reports the self-assessment but never counts it, even when it would change the average', () => {
    const self: Response360 = { isSelf: true, answers: answers([1, 1, 1], [1, 1], [5, 5]) };
    const without = score360({ competencies, responses: colleagues });
    const withSelf = score360({ competencies, responses: [self, ...colleagues] });
    // Counted as a 4th respondent it would pull leadership to (34 + 3) / 12 = 3.08 and initiative to 2.88.
    expect(withSelf.ok && without.ok).toBe(true);
    if (!withSelf.ok || !without.ok) return;
    expect(withSelf.overall).toBe(without.overall);
    expect(withSelf.band).toBe(without.band);
    expect(withSelf.lowest).toEqual(without.lowest);
    expect(withSelf.respondentCount).toBe(3);
    expect(withSelf.perCompetency.map((c) => c.average)).toEqual(without.perCompetency.map((c) => c.average));
    expect(withSelf.perCompetency.map((c) => c.selfAverage)).toEqual([1, 1, 5]);
  });

  it('does not let a self-assessment make up for a missing respondent', () => {
    const self: Response360 = { isSelf: true, answers: answers([5, 5, 5], [5, 5], [5, 5]) };
    expect(score360({ competencies, responses: [self, colleagues[0]!, colleagues[1]!] })).toEqual({
      ok: false,
      code: 'notEnoughResponses',
      have: 2,
      need: 3,
    });
    expect(score360({ competencies, responses: colleagues, minRespondents: 4 })).toMatchObject({
      code: 'notEnoughResponses',
      have: 3,
      need: 4,
    });
  });

  it('equals the sum of per-respondent competency means / respondents, over many respondents', () => {
    const responses: Response360[] = Array.from({ length: 7 }, (_, r) => ({
      isSelf: false,
      answers: answers(
        [1 + (r % 5), 1 + ((r * 2) % 5), 1 + ((r * 3) % 5)],
        [1 + ((r + 1) % 5), 5],
        [1 + ((r + 2) % 5), 1 + ((r + 4) % 5)],
      ),
    }));
    const result = score360({ competencies, responses });
    if (!result.ok) throw new Error('expected ok');
    for (const competency of competencies) {
      const respondentMeans = responses.map(
        (r) =>
          competency.questionIds.reduce((s, q) => s + (r.answers[q] ?? 0), 0) / competency.questionIds.length,
      );
      const expected = respondentMeans.reduce((a, b) => a + b, 0) / responses.length;
      const actual = result.perCompetency.find((c) => c.id === competency.id)?.average ?? Number.NaN;
      expect(Math.abs(actual - expected)).toBeLessThanOrEqual(0.005 + 1e-9);
    }
  });

  it('lists the lowest 3 competencies with ties included', () => {
    const five = [
      { id: 'a', questionIds: ['a'] },
      { id: 'b', questionIds: ['b'] },
      { id: 'c', questionIds: ['c'] },
      { id: 'd', questionIds: ['d'] },
      { id: 'e', questionIds: ['e'] },
    ];
    const responses: Response360[] = Array.from({ length: 3 }, () => ({
      isSelf: false,
      answers: { a: 4, b: 2, c: 3, d: 3, e: 5 },
    }));
    const result = score360({ competencies: five, responses });
    expect(result).toMatchObject({ ok: true, lowest: ['b', 'c', 'd'] });
    const tied = score360({
      competencies: five,
      responses: responses.map(() => ({ isSelf: false, answers: { a: 3, b: 2, c: 3, d: 3, e: 5 } })),
    });
    expect(tied).toMatchObject({ ok: true, lowest: ['b', 'a', 'c', 'd'] });
  });

  it('refuses an incomplete, out-of-scale or foreign questionnaire', () => {
    const { l2: _skipped, ...incomplete } = answers([4, 4, 4], [4, 4], [4, 4]);
    expect(
      score360({ competencies, responses: [...colleagues, { isSelf: false, answers: incomplete }] }),
    ).toEqual({ ok: false, code: 'incompleteResponse', responseIndex: 3, questionId: 'l2' });
    expect(
      score360({ competencies, responses: [{ isSelf: true, answers: incomplete }, ...colleagues] }),
    ).toMatchObject({ code: 'incompleteResponse', responseIndex: 0 });
    expect(
      score360({
        competencies,
        responses: [...colleagues, { isSelf: false, answers: answers([4, 6, 4], [4, 4], [4, 4]) }],
      }),
    ).toEqual({
      ok: false,
      code: 'invalidAnswer',
      responseIndex: 3,
      questionId: 'l2',
      answerCode: 'outOfRange',
    });
    expect(
      score360({
        competencies,
        responses: [
          ...colleagues,
          { isSelf: false, answers: { ...answers([4, 4, 4], [4, 4], [4, 4]), x: 3 } },
        ],
      }),
    ).toEqual({ ok: false, code: 'unknownQuestion', responseIndex: 3, questionId: 'x' });
  });

  it('refuses two self-assessments and throws without competencies', () => {
    const self: Response360 = { isSelf: true, answers: answers([3, 3, 3], [3, 3], [3, 3]) };
    expect(score360({ competencies, responses: [self, self, ...colleagues] })).toEqual({
      ok: false,
      code: 'tooManySelfResponses',
    });
    expect(() => score360({ competencies: [], responses: colleagues })).toThrow(ScoringError);
  });
});
