import { describe, expect, it } from 'vitest';
import { loadAllMethodologies } from '../../src/methodology/index.ts';

const with360 = [...loadAllMethodologies().values()].filter((m) => m.methods.survey360);

// Kazakh third-person present ("...жасайды", "...береді", "...алады") ends a seed statement;
// the self-assessment form is first person ("...жасаймын", "...беремін", "...аламын").
const KK_THIRD_PERSON_END = /(ады|еді|йды|йді|ды|ді|ты|ті)$/;
const KK_FIRST_PERSON_END = /(мын|мін|бын|бін|пын|пін|мыз|міз)$/;

describe('360 self-assessment wording', () => {
  it('exists for every question in both languages, first person, and differs from the statement', () => {
    expect(with360.length).toBeGreaterThan(0);
    for (const m of with360)
      for (const set of m.methods.survey360!.competencySets)
        for (const c of set.competencies)
          for (const q of c.questions) {
            const where = `${m.id} ${set.id}/${c.id}/${q.id}`;
            expect(q.selfText.kk, where).not.toBe(q.text.kk);
            expect(q.selfText.ru, where).not.toBe(q.text.ru);
            expect(q.selfText.kk, where).toMatch(KK_FIRST_PERSON_END);
            expect(q.selfText.kk, where).not.toMatch(KK_THIRD_PERSON_END);
          }
  });

  it('gives every answer a short label that fits a button with its point', () => {
    for (const m of with360)
      for (const step of m.methods.survey360!.answerScale.steps)
        for (const lang of ['kk', 'ru'] as const) {
          const short = step.short?.[lang] ?? '';
          expect(short.length, `${m.id} ${step.value} ${lang}`).toBeGreaterThan(0);
          // "● 4 · <short>" alone in its row: at most 30 characters, well under the 40 limit.
          expect(`● ${step.value} · ${short}`.length, `${m.id} ${step.value} ${lang}`).toBeLessThanOrEqual(
            30,
          );
        }
  });
});
