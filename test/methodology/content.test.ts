import { describe, expect, it } from 'vitest';
import {
  formsFor,
  getMethodology,
  type Localized,
  loadAllMethodologies,
  type Methodology,
  normalizeCategoryCode,
} from '../../src/methodology/index.ts';

const all = loadAllMethodologies();
const get = (id: string): Methodology => {
  const m = all.get(id);
  if (!m) throw new Error(`missing ${id}`);
  return m;
};

/** Every Localized value anywhere in the object, with its path. */
function localizedTexts(value: unknown, path = ''): { path: string; text: Localized }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => localizedTexts(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.kk === 'string' && typeof o.ru === 'string' && Object.keys(o).length === 2) {
      return [{ path, text: o as Localized }];
    }
    return Object.entries(o).flatMap(([k, v]) => localizedTexts(v, path ? `${path}.${k}` : k));
  }
  return [];
}

// A "word" mixing Cyrillic and Latin letters, e.g. OCR damage like "тaraу" or "құзыret".
const MIXED_SCRIPT_WORD = /[\p{Script=Cyrillic}][\p{L}]*[A-Za-z]|[A-Za-z][\p{L}]*[\p{Script=Cyrillic}]/u;
const mixedWords = (s: string) => s.split(/[^\p{L}]+/u).filter((w) => MIXED_SCRIPT_WORD.test(w));

describe('Kazakh texts are free of OCR damage', () => {
  it('the mixed-script check catches the seed damage', () => {
    expect(mixedWords('1-тaraу. Жалпы ережелер')).toEqual(['тaraу']);
    expect(mixedWords('құзыret көрінбейді, инtranet-порталы')).toEqual(['құзыret', 'инtranet']);
    expect(mixedWords('D-3, E-2 санаттары; 360 әдісі; "Е-қызмет"')).toEqual([]);
  });

  for (const [id, m] of all) {
    it(`${id}: no Latin letters inside Cyrillic words, no Arabic letters, kk and ru both present`, () => {
      const texts = localizedTexts(m);
      expect(texts.length).toBeGreaterThan(10);
      const bad = texts.flatMap(({ path, text }) =>
        [...mixedWords(text.kk), ...mixedWords(text.ru)].map((w) => `${path}: ${w}`),
      );
      expect(bad).toEqual([]);
      const arabic = texts
        .filter(({ text }) => /\p{Script=Arabic}/u.test(text.kk + text.ru))
        .map((t) => t.path);
      expect(arabic).toEqual([]);
      // Russian must be a translation, not a copy of the Kazakh text (category lists aside).
      const copies = texts.filter(({ text }) => text.kk === text.ru && /[әіңғүұқөһ]/i.test(text.kk));
      expect(copies.map((t) => t.path)).toEqual([]);
    });
  }
});

describe('Almaty city akimat', () => {
  const m = get('almaty-city-akimat-2023');
  const survey = m.methods.survey360!;

  it('has 12 head competencies and 8 staff competencies, each with 2-3 questions in kk and ru', () => {
    const heads = formsFor(m, { categoryCode: 'D-3', isHead: true }).survey360!;
    const staff = formsFor(m, { categoryCode: 'D-4', isHead: false }).survey360!;
    expect(heads.competencies).toHaveLength(12);
    expect(staff.competencies).toHaveLength(8);
    for (const c of [...heads.competencies, ...staff.competencies]) {
      expect(c.questions.length).toBeGreaterThanOrEqual(2);
      expect(c.questions.length).toBeLessThanOrEqual(3);
      for (const q of c.questions) {
        expect(q.text.kk).toMatch(/\p{Script=Cyrillic}{3}/u);
        expect(q.text.ru).toMatch(/\p{Script=Cyrillic}{3}/u);
        expect(q.text.ru).not.toBe(q.text.kk);
      }
    }
    expect(heads.competencies.map((c) => c.title.ru)).toContain('Лидерские качества');
    expect(staff.competencies.map((c) => c.id)).not.toContain('leadership');
  });

  it('360: 5 answers with default points 1..5, 3..7 respondents, self-assessment not counted, yearly', () => {
    expect(survey.answerScale.steps.map((s) => s.value)).toEqual([1, 2, 3, 4, 5]);
    expect(survey.answerScale.pointsAreDefault).toBe(true);
    expect(survey.answerScale.steps[0]!.label).toEqual({
      kk: 'құзырет көрінбейді',
      ru: 'компетенция не проявляется',
    });
    expect(survey.respondents).toEqual({ min: 3, max: 7 });
    expect(survey.selfAssessment).toEqual({ asked: true, countsInResult: false });
    expect(survey.frequency).toBe('year');
    expect(survey.intro?.kk.startsWith('Құрметті респондент!')).toBe(true);
    expect(survey.intro?.ru.startsWith('Уважаемый респондент!')).toBe(true);
  });

  it('KPI table rows are contiguous from 0-4.99 → 0-0.24 to 100+ → 5', () => {
    const kpi = m.methods.kpi!;
    expect(kpi.count).toEqual({ min: 3, max: 5 });
    expect(kpi.final).toBe('sumDivCount');
    if (kpi.rule.kind !== 'percentRange') throw new Error('expected a percent table');
    const rows = kpi.rule.table;
    expect(rows).toHaveLength(21);
    expect(rows[0]).toEqual({ fromPercent: 0, toPercent: 4.99, minScore: 0, maxScore: 0.24 });
    expect(rows).toContainEqual({ fromPercent: 95, toPercent: 99.99, minScore: 4.75, maxScore: 4.99 });
    expect(rows).toContainEqual({ fromPercent: 40, toPercent: 44.99, minScore: 2, maxScore: 2.24 });
    expect(rows.at(-1)).toEqual({ fromPercent: 100, toPercent: null, minScore: 5, maxScore: 5 });
    for (let i = 1; i < rows.length; i++) {
      const prev = rows[i - 1]!;
      const row = rows[i]!;
      expect(Math.round((prev.toPercent! + 0.01) * 100) / 100).toBe(row.fromPercent);
      expect(Math.round((prev.maxScore + 0.01) * 100) / 100).toBe(row.minScore);
    }
  });

  it('bands, notices, deadlines and eligibility', () => {
    expect(m.bands.map((b) => [b.id, b.min])).toEqual([
      ['effective', 4],
      ['proper', 3],
      ['satisfactory', 2],
      ['unsatisfactory', 0],
    ]);
    expect(m.bands[0]!.label.ru).toBe('Функциональные обязанности исполняет эффективно');
    expect(m.rounding).toEqual({ decimals: 2, mode: 'halfUp' });
    expect(m.deadlines.notices).toEqual({ headsByDay: 5, staffByDay: 10 });
    expect(m.methods.ranking!.forms[0]!.deadline).toEqual({
      kind: 'dayOfMonthAfterPeriod',
      day: 10,
      shiftIfNonWorking: false,
    });
    expect(m.eligibility).toMatchObject({
      minMonthsInPosition: 1,
      kpiWithinWorkingDaysAfterReturn: 5,
      noKpiIfLessThanMonthsRemain: 3,
    });
    expect(m.notes?.join(' ')).toContain('40-44,49');
  });

  it('formsFor: heads get KPI and the heads 360 sheet, staff get the ranking sheet and the staff 360 sheet', () => {
    const head = formsFor(m, { categoryCode: 'E-2', isHead: true });
    expect(head.kpi).toBeDefined();
    expect(head.ranking).toBeUndefined();
    expect(head.survey360?.id).toBe('heads');
    const staff = formsFor(m, { categoryCode: 'Е-4', isHead: false }); // Cyrillic Е from a roster
    // 001 line 48: heads by category; only D-3 needs the head role. A D-1 head of department is staff.
    expect(formsFor(m, { categoryCode: 'E-1', isHead: false }).kpi).toBeDefined();
    expect(formsFor(m, { categoryCode: 'D-3', isHead: false }).ranking?.id).toBe('staff');
    expect(formsFor(m, { categoryCode: 'D-1', isHead: true }).survey360?.id).toBe('staff');
    expect(formsFor(m, { categoryCode: 'D-1', isHead: true }).ranking?.id).toBe('staff');
    expect(staff.kpi).toBeUndefined();
    expect(staff.ranking?.parameters.map((p) => p.id)).toEqual([
      'quality',
      'deadlines',
      'independence',
      'discipline',
    ]);
    expect(staff.survey360?.id).toBe('staff');
  });
});

describe('Justice 2026', () => {
  const m = get('justice-2026');

  it('has leadership and non-leadership quarterly sheets with the sanction caps on parameter 5', () => {
    const forms = m.methods.ranking!.forms;
    expect(forms.map((f) => f.id)).toEqual(['leadership', 'non-leadership']);
    for (const f of forms) {
      expect(f.parameters).toHaveLength(5);
      expect(f.period).toBe('quarter');
      expect(f.deadline).toEqual({ kind: 'dayOfMonthAfterPeriod', day: 20, shiftIfNonWorking: false });
      expect(f.scale).toEqual({ min: 0, max: 5, decimals: true });
      expect(f.justification).toBe('optional');
      expect(f.justificationLabel?.kk).toBe('Түсініктеме');
      const p5 = f.parameters[4]!;
      expect(p5.title.kk).toBe('Тәртіптік жазалардың болмауы');
      expect(p5.sanctionCaps?.map((c) => [c.sanction, c.maxScore])).toEqual([
        ['warning', 2.99],
        ['reprimand', 2.99],
        ['severeReprimand', 2.99],
        ['other', 1.99],
      ]);
      expect(f.parameters.slice(0, 4).every((p) => p.sanctionCaps === undefined)).toBe(true);
    }
  });

  it('annual final by 30 January, 15 worked days, no KPI or 360', () => {
    expect(m.deadlines.annualFinal).toEqual({ month: 1, day: 30 });
    expect(m.eligibility.minWorkedWorkingDays).toBe(15);
    expect(m.methods.kpi).toBeUndefined();
    expect(m.methods.survey360).toBeUndefined();
  });

  it('formsFor picks the sheet by the head flag; Cyrillic category codes are normalised', () => {
    expect(normalizeCategoryCode(' с-о-1 ')).toBe('C-O-1');
    expect(formsFor(m, { categoryCode: 'С-1', isHead: true }).ranking?.id).toBe('leadership');
    expect(formsFor(m, { categoryCode: 'C-3', isHead: false }).ranking?.id).toBe('non-leadership');
  });
});

describe('Chapter 6 maslikhat amendments', () => {
  for (const id of ['almaty-region-maslikhat-2023', 'koksu-district-maslikhat-2023']) {
    it(`${id}: 5 KPIs counted by fulfilment, superior review and commission rules`, () => {
      const m = get(id);
      const kpi = m.methods.scopedKpi!;
      expect(kpi.count).toEqual({ min: 5, max: 5 });
      expect(kpi.rule).toEqual({
        kind: 'fulfilledCount',
        rule: {
          total: 5,
          bands: [
            { minFulfilled: 5, band: 'effective' },
            { minFulfilled: 4, band: 'proper' },
            { minFulfilled: 3, band: 'satisfactory' },
            { minFulfilled: 0, band: 'unsatisfactory' },
          ],
        },
      });
      expect(kpi.scope).toMatchObject({ statusesFrom: '2021-07-01', statusesTo: '2022-12-31' });
      const route = kpi.route;
      if (route.kind !== 'commission') throw new Error('Chapter 6 goes to the commission');
      expect(route.superiorReview).toEqual({ correctionWorkingDays: 2 });
      expect(route).toMatchObject({
        toCommissionWorkingDays: 2,
        meetingNoticeWorkingDays: 3,
        quorum: '2/3',
        vote: 'open',
        decision: 'majority',
        chairCastingVote: true,
        secretaryVotes: false,
        outcomes: ['approve', 'revise'],
        approvedBy: 'authorisedPerson',
        appeal: { to: 'civilServiceAgency', workingDays: 10, from: 'commissionDecision' },
        courts: true,
      });
      expect(route.acquaintance.workingDays).toBe(2);
      // The seeds give no commission size: not set, and the authorised person sets it (no "3" from code).
      expect(route.members.min).toMatchObject({ notSet: true, setBy: 'authorisedPerson' });
    });

    it(`${id}: heads get the base quarterly KPI (typical methodology), staff the ranking sheet`, () => {
      const m = get(id);
      const head = formsFor(m, { categoryCode: 'E-2', isHead: true });
      expect(head.kpi?.period).toBe('quarter');
      expect(head.kpi?.rule.kind).toBe('percentRange');
      expect(head.ranking).toBeUndefined();
      expect(formsFor(m, { categoryCode: 'E-4', isHead: false }).ranking?.id).toBe('staff');
      expect(m.route.kind).toBe('calibrationSession');
    });
  }

  it('Köksu Chapter 6 is valid until 2023-08-31', () => {
    expect(get('koksu-district-maslikhat-2023').methods.scopedKpi?.validity?.validUntil).toBe('2023-08-31');
  });
});

describe('Kentau city maslikhat', () => {
  const m = get('kentau-city-maslikhat-2018');

  it('commission of at least 5, written acquaintance with a refusal act signed by HR and two employees', () => {
    const route = m.route;
    if (route.kind !== 'commission') throw new Error('Kentau has no calibration session');
    expect(route.members.min).toBe(5);
    expect(route.acquaintance).toMatchObject({
      written: true,
      refusalActWitnesses: 2,
      afterRefusal: ['intranet', 'hrDatabase', 'documentFlow'],
    });
    // What the seed does not say is written out as not set, never borrowed silently.
    for (const silent of [route.quorum, route.vote, route.appeal, route.acquaintance.workingDays])
      expect(silent).toMatchObject({ notSet: true });
    expect(m.methods.survey360?.assumed).toContain('respondents');
    expect(m.validity?.repealed?.number).toBe('33');
  });

  it('behavioural indicators per category: heads (E-2, E-3 heads) and staff (E-3, E-4)', () => {
    const heads = formsFor(m, { categoryCode: 'E-3', isHead: true }).survey360!;
    const staff = formsFor(m, { categoryCode: 'E-4', isHead: false }).survey360!;
    expect(heads.id).toBe('heads');
    expect(staff.id).toBe('staff');
    expect(heads.competencies).toHaveLength(11);
    expect(staff.competencies.map((c) => c.id)).toEqual(heads.competencies.map((c) => c.id));
    for (const c of [...heads.competencies, ...staff.competencies]) {
      expect(c.questions.length).toBeGreaterThan(0);
      expect(c.ineffectiveIndicators?.length).toBeGreaterThan(0);
    }
    // «E-2; E-3 (құрылымдық бөлімшенің басшысы)»: an E-4 is never a head, an E-3 only as a unit head.
    expect(formsFor(m, { categoryCode: 'E-4', isHead: true }).survey360?.id).toBe('staff');
    expect(formsFor(m, { categoryCode: 'E-3', isHead: false }).survey360?.id).toBe('staff');
    expect(formsFor(m, { categoryCode: 'E-2', isHead: false }).survey360?.id).toBe('heads');
  });
});

describe('getMethodology', () => {
  it('returns the same data as loadAllMethodologies', () => {
    expect(getMethodology('kentau-city-maslikhat-2018')).toEqual(get('kentau-city-maslikhat-2018'));
  });
});
