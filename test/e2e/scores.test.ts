// `/scores`: the latest results by default (a year's fourth quarter and annual result arrive the next
// year), a year when asked, and HR's lookup by personnel number.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPeriod } from '../../src/i18n/format.ts';
import type { Translate } from '../../src/i18n/index.ts';
import { getMethodology } from '../../src/methodology/index.ts';
import type { SimulatedUser } from '../harness/index.ts';
import { seedRankingSheet } from '../support/seeded-sheets.ts';
import { A, type Body, METHODOLOGY, nameOf, person, seedTwoBodies } from '../support/two-bodies.ts';
import { World } from '../support/world.ts';

let world: World;
let t: Translate;
const text = (user: SimulatedUser) => user.lastMessage()?.text ?? '';
const models = () => world.app.services.models;
const employeeOf = async (body: Body, number: string) =>
  (await models().Employee.findOne({ organisationCode: body.code, personnelNumber: number }).lean())!;
const band = (id: string) => getMethodology(METHODOLOGY)!.bands.find((b) => b.id === id)!.label.ru;
const quarterLine = (period: string, score: string, bandId: string) =>
  t('ranking:scores.quarter', { period: formatPeriod(t, period), score, band: band(bandId) });

/** Staff One of body A: 2024-Q4 and the four quarters of 2025, each with one score on every parameter. */
const RESULTS: [period: string, score: number][] = [
  ['2024-Q4', 2],
  ['2025-Q1', 3],
  ['2025-Q2', 4],
  ['2025-Q3', 4.5],
  ['2025-Q4', 5],
];

beforeAll(async () => {
  world = await new World().start();
  t = world.app.services.translator.forLanguage('ru');
  // Wednesday 1 April 2026, 10:00 in Almaty: the first quarter has just ended, nothing of 2026 is evaluated.
  world.setNow(new Date('2026-04-01T05:00:00Z'));
  await seedTwoBodies(world);
  const staff = await employeeOf(A, '102');
  const evaluator = await employeeOf(A, '101');
  for (const [period, score] of RESULTS)
    await seedRankingSheet(world, {
      organisationCode: A.code,
      methodologyId: METHODOLOGY,
      period,
      employeeId: staff._id,
      evaluatorId: evaluator._id,
      scores: { quality: score, deadlines: score, independence: score, discipline: score },
    });
  // A personnel number that looks like a year.
  await models().Employee.updateOne({ _id: evaluator._id }, { $set: { personnelNumber: '2025' } });
});
afterAll(async () => {
  await world.stop();
});

describe('/scores', () => {
  it("on 1 April shows the last four quarters and last year's annual result", async () => {
    const staff = person(world, A, '102');
    await staff.send('/scores');
    const shown = text(staff);
    expect(shown).toContain(t('results:scores.recentTitle', { name: nameOf(A, '102') }));
    expect(shown).toContain(quarterLine('2025-Q4', '5,00', 'effective'));
    expect(shown).toContain(quarterLine('2025-Q3', '4,50', 'effective'));
    expect(shown).toContain(quarterLine('2025-Q2', '4,00', 'effective'));
    expect(shown).toContain(quarterLine('2025-Q1', '3,00', 'proper'));
    // Only four: the fifth latest quarter is not listed, and no "no result yet".
    expect(shown).not.toContain(formatPeriod(t, '2024-Q4'));
    expect(shown).not.toContain(t('ranking:scores.none'));
    // The annual result of 2025: (3 + 4 + 4.5 + 5) / 4 = 4.125 → 4.13.
    expect(shown).toContain(
      t('results:scores.annual', { year: 2025, score: '4,13', band: band('effective'), count: 4 }),
    );
    // Oldest first.
    expect(shown.indexOf(formatPeriod(t, '2025-Q1'))).toBeLessThan(shown.indexOf(formatPeriod(t, '2025-Q4')));
  });

  it('`/scores 2025` is the year 2025, not a personnel number', async () => {
    const staff = person(world, A, '102');
    await staff.send('/scores 2025');
    const shown = text(staff);
    expect(shown).toContain(t('ranking:scores.title', { name: nameOf(A, '102'), year: 2025 }));
    for (const [period] of RESULTS.slice(1)) expect(shown).toContain(formatPeriod(t, period));
    expect(shown).not.toContain(formatPeriod(t, '2024-Q4'));
    expect(shown).toContain(t('ranking:scores.annual', { score: '4,13', band: band('effective'), count: 4 }));
    await staff.send('/scores 2024');
    expect(text(staff)).toContain(quarterLine('2024-Q4', '2,00', 'satisfactory'));
    expect(text(staff)).not.toContain(formatPeriod(t, '2025-Q1'));
  });

  it('the HR head still looks people up by personnel number, also one that looks like a year', async () => {
    const head = person(world, A, '901');
    await head.send('/scores 102');
    expect(text(head)).toContain(t('results:scores.recentTitle', { name: nameOf(A, '102') }));
    expect(text(head)).toContain(quarterLine('2025-Q4', '5,00', 'effective'));
    await head.send('/scores 102 2024');
    expect(text(head)).toContain(quarterLine('2024-Q4', '2,00', 'satisfactory'));
    // «2025» alone is a year (the head's own, none), with the hint how to ask for employee No. 2025.
    await head.send('/scores 2025');
    expect(text(head)).toContain(t('ranking:scores.title', { name: nameOf(A, '901'), year: 2025 }));
    expect(text(head)).toContain(t('results:scores.numberHint', { number: '2025' }));
    await head.send('/scores №2025');
    expect(text(head)).toContain(t('results:scores.recentTitle', { name: nameOf(A, '101') }));
    expect(text(head)).toContain(t('ranking:scores.none'));
  });

  it('an unreadable request gets the usage', async () => {
    const staff = person(world, A, '102');
    await staff.send('/scores 102 last year');
    expect(text(staff)).toBe(t('results:scores.usage'));
  });
});
