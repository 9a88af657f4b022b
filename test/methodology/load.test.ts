import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_METHODOLOGY_DIR,
  getMethodology,
  loadAllMethodologies,
  loadMethodology,
  type Methodology,
  MethodologyValidationError,
  parseMethodology,
} from '../../src/methodology/index.ts';

const IDS = [
  'almaty-city-akimat-2023',
  'almaty-region-maslikhat-2023',
  'justice-2026',
  'kentau-city-maslikhat-2018',
  'koksu-district-maslikhat-2023',
];

const raw = (id: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(DEFAULT_METHODOLOGY_DIR, `${id}.json`), 'utf8'));

let tmp: string | undefined;
afterEach(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  tmp = undefined;
});
const tempDir = () => {
  tmp = mkdtempSync(join(tmpdir(), 'methodology-'));
  return tmp;
};

/** Error message of fn, which must throw MethodologyValidationError. */
function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(MethodologyValidationError);
    return (err as Error).message;
  }
  throw new Error('expected a MethodologyValidationError');
}

describe('loading the bundled methodologies', () => {
  it('loads and validates all five seed files, keyed by id', () => {
    const all = loadAllMethodologies();
    expect([...all.keys()].sort()).toEqual(IDS);
  });

  it('getMethodology returns a file by id and undefined for an unknown id', () => {
    expect(getMethodology('justice-2026')?.approvingAct.number).toBe('628');
    expect(getMethodology('no-such-methodology')).toBeUndefined();
  });

  it('every file records its assumptions', () => {
    for (const m of loadAllMethodologies().values()) expect(m.assumptions.length).toBeGreaterThan(0);
  });
});

describe('validation errors name the file and the field', () => {
  it('a broken copy in a temp dir fails with the field path', () => {
    const dir = tempDir();
    const data = raw('justice-2026') as { methods: { ranking: { forms: { scale: { max: unknown } }[] } } };
    data.methods.ranking.forms[0]!.scale.max = 'five';
    writeFileSync(join(dir, 'justice-2026.json'), JSON.stringify(data));
    const message = failure(() => loadAllMethodologies(dir));
    expect(message).toContain('justice-2026.json: methods.ranking.forms[0].scale.max:');
  });

  it('reports a wrong type with "Expected <type>"', () => {
    const data = raw('justice-2026') as { methods: { ranking: { forms: { scale: { max: unknown } }[] } } };
    data.methods.ranking.forms[0]!.scale.max = 'five';
    expect(failure(() => parseMethodology(data, 'justice-2026.json'))).toBe(
      'justice-2026.json: methods.ranking.forms[0].scale.max: Expected number',
    );
  });

  it('rejects a missing Localized half and unknown fields', () => {
    const data = raw('almaty-city-akimat-2023') as { title: { ru?: string }; extra?: number };
    delete data.title.ru;
    data.extra = 1;
    const message = failure(() => parseMethodology(data, 'x.json'));
    expect(message).toContain('x.json: title.ru: Expected string');
    expect(message).toContain('x.json: (root): Unknown field(s): extra');
  });

  it('rejects invalid JSON and an id that does not match the file name', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.json'), '{ not json');
    expect(failure(() => loadMethodology(join(dir, 'bad.json')))).toMatch(
      /^bad\.json: \(root\): Cannot read JSON/,
    );
    copyFileSync(join(DEFAULT_METHODOLOGY_DIR, 'justice-2026.json'), join(dir, 'renamed.json'));
    expect(failure(() => loadMethodology(join(dir, 'renamed.json')))).toContain(
      'renamed.json: id: id "justice-2026"',
    );
  });
});

describe('cross-field checks', () => {
  const base = () => raw('almaty-city-akimat-2023') as unknown as Methodology;

  it('bands must cover 0..5 without a gap', () => {
    const m = base();
    m.bands = m.bands.filter((b) => b.id !== 'unsatisfactory');
    expect(failure(() => parseMethodology(m, 'a.json'))).toContain('a.json: bands: Bands must cover 0..5');
  });

  it('the KPI table must be contiguous', () => {
    const m = base();
    if (m.methods.kpi?.rule.kind !== 'percentRange') throw new Error('fixture');
    m.methods.kpi.rule.table[8]!.toPercent = 44.49; // the seed's "40-44,49" typo left as is
    expect(failure(() => parseMethodology(m, 'a.json'))).toContain(
      'a.json: methods.kpi.rule.table[9].fromPercent: Gap or overlap in the KPI table: 44.49 is followed by 45',
    );
  });

  it('ranking parameter ids must be unique', () => {
    const m = base();
    const form = m.methods.ranking!.forms[0]!;
    form.parameters[1]!.id = form.parameters[0]!.id;
    expect(failure(() => parseMethodology(m, 'a.json'))).toContain(
      'a.json: methods.ranking.forms[0].parameters: Parameter ids must be unique',
    );
  });

  it('Almaty city competencies need 2-3 questions', () => {
    const m = base();
    m.methods.survey360!.competencySets[0]!.competencies[0]!.questions.splice(1);
    expect(failure(() => parseMethodology(m, 'a.json'))).toContain(
      'a.json: methods.survey360.competencySets[0].competencies[0].questions: Expected 2-3 questions, got 1',
    );
  });

  it('respondents min must not exceed max', () => {
    const m = base();
    m.methods.survey360!.respondents = { min: 8, max: 7 };
    expect(failure(() => parseMethodology(m, 'a.json'))).toContain(
      'a.json: methods.survey360.respondents: respondents.min must be <= respondents.max',
    );
  });
});

describe('enum and literal fields', () => {
  it('lists the allowed values', () => {
    const data = raw('justice-2026') as {
      methods: { ranking: { forms: { justification: unknown; scale: { max: unknown } }[] } };
    };
    data.methods.ranking.forms[1]!.justification = 'maybe';
    data.methods.ranking.forms[1]!.scale.max = 10;
    const message = failure(() => parseMethodology(data, 'justice-2026.json'));
    expect(message).toContain(
      'justice-2026.json: methods.ranking.forms[1].justification: Expected one of: "required", "optional", "none"',
    );
    expect(message).toContain('justice-2026.json: methods.ranking.forms[1].scale.max: Scale max must be 5');
  });
});
