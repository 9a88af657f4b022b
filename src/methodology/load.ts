import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import {
  type Audience,
  type KpiMethod,
  type Methodology,
  methodologySchema,
  type Route,
  type Validity,
} from './schema.ts';

export const DEFAULT_METHODOLOGY_DIR = fileURLToPath(new URL('./data/', import.meta.url));

export interface MethodologyIssue {
  /** Dotted path with [i] for array items, e.g. methods.ranking.forms[0].scale.max */
  path: string;
  message: string;
}

/** Thrown for unreadable JSON, schema violations and cross-field rule violations; names the file and the field. */
export class MethodologyValidationError extends Error {
  override readonly name = 'MethodologyValidationError';
  constructor(
    readonly file: string,
    readonly issues: MethodologyIssue[],
  ) {
    super(issues.map((i) => `${file}: ${i.path || '(root)'}: ${i.message}`).join('\n'));
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') return `Expected ${issue.expected}`;
  if (issue.code === 'invalid_value')
    return `Expected one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  if (issue.code === 'unrecognized_keys') return `Unknown field(s): ${issue.keys.join(', ')}`;
  return issue.message;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

type Check = (path: string, ok: boolean, message: string) => void;

function checkAudiences(check: Check, path: string, audiences: Audience[]): void {
  // Identical audiences would make formsFor ambiguous.
  const seen = new Set<string>();
  audiences.forEach((a, i) => {
    const key = `${[...a.categories].sort().join(',')}|${a.head}`;
    check(`${path}[${i}]`, !seen.has(key), 'Duplicate audience (same categories and head flag)');
    seen.add(key);
  });
}

function checkKpi(check: Check, kpi: KpiMethod, path: string): void {
  check(`${path}.count`, kpi.count.min <= kpi.count.max, 'count.min must be <= count.max');
  if (kpi.rule.kind === 'percentRange') {
    check(`${path}.final`, kpi.final === 'sumDivCount', 'A percentRange KPI is final = sumDivCount');
    const table = kpi.rule.table;
    const sorted = [...table].sort((a, b) => a.fromPercent - b.fromPercent);
    const at = (row: (typeof table)[number]) => `${path}.rule.table[${table.indexOf(row)}]`;
    check(`${path}.rule.table`, sorted[0]?.fromPercent === 0, 'The KPI table must start at 0%');
    sorted.forEach((row, i) => {
      const p = at(row);
      check(`${p}.maxScore`, row.minScore <= row.maxScore, 'minScore must be <= maxScore');
      if (row.toPercent !== null)
        check(`${p}.toPercent`, row.fromPercent <= row.toPercent, 'fromPercent > toPercent');
      const next = sorted[i + 1];
      if (!next) {
        check(
          `${p}.toPercent`,
          row.toPercent === null,
          'The last KPI row must be open-ended (toPercent null)',
        );
        check(`${p}.maxScore`, row.maxScore === 5, 'The last KPI row must reach score 5');
        return;
      }
      check(`${p}.toPercent`, row.toPercent !== null, 'Only the last KPI row may be open-ended');
      if (row.toPercent === null) return;
      check(
        `${at(next)}.fromPercent`,
        round2(row.toPercent + 0.01) === next.fromPercent,
        `Gap or overlap in the KPI table: ${row.toPercent} is followed by ${next.fromPercent}`,
      );
      check(
        `${at(next)}.minScore`,
        round2(row.maxScore + 0.01) === next.minScore,
        `Gap or overlap in the KPI scores: ${row.maxScore} is followed by ${next.minScore}`,
      );
    });
  } else {
    const { total, bands } = kpi.rule.rule;
    check(
      `${path}.final`,
      kpi.final === 'bandFromFulfilledCount',
      'A fulfilledCount KPI is final = bandFromFulfilledCount',
    );
    check(`${path}.count`, kpi.count.max === total, 'count.max must equal rule.total');
    const counts = bands.map((b) => b.minFulfilled);
    check(`${path}.rule.rule.bands`, new Set(counts).size === counts.length, 'Duplicate minFulfilled');
    check(`${path}.rule.rule.bands`, counts.includes(0), 'Some band must start at 0 fulfilled');
    for (const [i, b] of bands.entries()) {
      check(`${path}.rule.rule.bands[${i}].minFulfilled`, b.minFulfilled <= total, 'minFulfilled > total');
    }
  }
}

function checkValidity(check: Check, path: string, validity: Validity | undefined): void {
  if (!validity) return;
  const { appliesFrom, validUntil, repealed } = validity;
  if (appliesFrom && validUntil)
    check(`${path}.validUntil`, appliesFrom <= validUntil, 'validUntil is before appliesFrom');
  if (appliesFrom && repealed)
    check(`${path}.repealed.date`, appliesFrom <= repealed.date, 'Repealed before it applies');
}

function checkRoute(check: Check, path: string, route: Route): void {
  const { min, odd } = route.members;
  // An odd membership with an even minimum could never be formed at that minimum.
  if (typeof min === 'number' && odd === true)
    check(`${path}.members.min`, min % 2 === 1, 'An odd membership needs an odd minimum');
  if (route.kind === 'calibrationSession') {
    const { excluded, included } = route.members;
    check(`${path}.members.excluded`, new Set(excluded).size === excluded.length, 'Duplicate exclusion');
    check(`${path}.members.included`, new Set(included).size === included.length, 'Duplicate inclusion');
  } else {
    const { refusalActWitnesses, written, afterRefusal } = route.acquaintance;
    check(
      `${path}.acquaintance.refusalActWitnesses`,
      refusalActWitnesses === null || written,
      'A refusal act needs written acquaintance',
    );
    check(
      `${path}.acquaintance.afterRefusal`,
      afterRefusal.length === 0 || refusalActWitnesses !== null,
      'Channels after a refusal need a refusal act',
    );
  }
}

/** Rules zod cannot express field by field. Returns [] when the methodology is consistent. */
export function crossCheck(m: Methodology): MethodologyIssue[] {
  const issues: MethodologyIssue[] = [];
  const check: Check = (path, ok, message) => {
    if (!ok) issues.push({ path, message });
  };

  // Bands: unique ids and mins, lowest at 0 (so 0..5 has no gap), each below 5.
  const ids = m.bands.map((b) => b.id);
  check('bands', new Set(ids).size === ids.length, 'Duplicate band id');
  const mins = m.bands.map((b) => b.min);
  check('bands', new Set(mins).size === mins.length, 'Two bands with the same min');
  check('bands', Math.min(...mins) === 0, 'Bands must cover 0..5: the lowest band must start at 0');
  for (const [i, b] of m.bands.entries()) {
    check(`bands[${i}].min`, b.min < 5, 'A band must start below 5');
  }
  const bandOrder: Methodology['bands'][number]['id'][] = [
    'unsatisfactory',
    'satisfactory',
    'proper',
    'effective',
  ];
  const byMin = [...m.bands].sort((a, b) => a.min - b.min).map((b) => bandOrder.indexOf(b.id));
  check(
    'bands',
    byMin.every((v, i) => i === 0 || v > (byMin[i - 1] ?? -1)),
    'Bands out of order',
  );

  const { ranking, kpi, survey360 } = m.methods;
  if (ranking) {
    const formIds = ranking.forms.map((f) => f.id);
    check('methods.ranking.forms', new Set(formIds).size === formIds.length, 'Duplicate form id');
    checkAudiences(
      check,
      'methods.ranking.forms',
      ranking.forms.map((f) => f.audience),
    );
    ranking.forms.forEach((f, fi) => {
      const p = `methods.ranking.forms[${fi}]`;
      const paramIds = f.parameters.map((x) => x.id);
      check(`${p}.parameters`, new Set(paramIds).size === paramIds.length, 'Parameter ids must be unique');
      check(
        `${p}.justificationLabel`,
        f.justification === 'none' || f.justificationLabel !== undefined,
        'A justification column needs its label',
      );
      for (const [pi, param] of f.parameters.entries()) {
        for (const [ci, cap] of (param.sanctionCaps ?? []).entries()) {
          check(
            `${p}.parameters[${pi}].sanctionCaps[${ci}].maxScore`,
            cap.maxScore >= f.scale.min && cap.maxScore <= f.scale.max,
            'A sanction cap must lie inside the scale',
          );
        }
      }
    });
  }
  const { scopedKpi } = m.methods;
  for (const [path, method] of [
    ['methods.kpi', kpi],
    ['methods.scopedKpi', scopedKpi],
  ] as const) {
    if (!method) continue;
    checkKpi(check, method, path);
    checkAudiences(check, `${path}.audiences`, method.audiences);
  }
  if (scopedKpi) {
    check(
      'methods.scopedKpi.scope.statusesTo',
      scopedKpi.scope.statusesFrom <= scopedKpi.scope.statusesTo,
      'Period ends before it starts',
    );
    checkValidity(check, 'methods.scopedKpi.validity', scopedKpi.validity);
    checkRoute(check, 'methods.scopedKpi.route', scopedKpi.route);
    // One KPI sheet per employee and campaign: the two procedures must run in different periods.
    check(
      'methods.scopedKpi.period',
      !kpi || kpi.period !== scopedKpi.period,
      'The scoped KPI must run in another period than the KPI',
    );
    check('methods.scopedKpi.scope.id', scopedKpi.scope.id !== 'kpi', 'The scope id "kpi" is reserved');
  }
  checkValidity(check, 'validity', m.validity);
  checkRoute(check, 'route', m.route);
  const headCategories = m.heads.categories.map((h) => h.category);
  check('heads.categories', new Set(headCategories).size === headCategories.length, 'Duplicate category');
  if (survey360) {
    const p = 'methods.survey360';
    const { respondents, questionsPerCompetency: qpc } = survey360;
    check(
      `${p}.respondents`,
      respondents.min <= respondents.max,
      'respondents.min must be <= respondents.max',
    );
    check(`${p}.questionsPerCompetency`, qpc.min <= qpc.max, 'questionsPerCompetency.min must be <= max');
    const values = survey360.answerScale.steps.map((s) => s.value);
    check(
      `${p}.answerScale.steps`,
      values.every((v, i) => i === 0 || v > (values[i - 1] ?? Number.NEGATIVE_INFINITY)),
      'Answer values must increase',
    );
    const setIds = survey360.competencySets.map((s) => s.id);
    check(`${p}.competencySets`, new Set(setIds).size === setIds.length, 'Duplicate competency set id');
    checkAudiences(
      check,
      `${p}.competencySets`,
      survey360.competencySets.map((s) => s.audience),
    );
    survey360.competencySets.forEach((set, si) => {
      const sp = `${p}.competencySets[${si}]`;
      const compIds = set.competencies.map((c) => c.id);
      check(`${sp}.competencies`, new Set(compIds).size === compIds.length, 'Competency ids must be unique');
      const questionIds = new Set<string>();
      set.competencies.forEach((c, ci) => {
        const cp = `${sp}.competencies[${ci}]`;
        check(
          `${cp}.questions`,
          c.questions.length >= qpc.min && c.questions.length <= qpc.max,
          `Expected ${qpc.min}-${qpc.max} questions, got ${c.questions.length}`,
        );
        c.questions.forEach((q, qi) => {
          check(`${cp}.questions[${qi}].id`, !questionIds.has(q.id), `Duplicate question id ${q.id}`);
          questionIds.add(q.id);
        });
      });
    });
  }
  return issues;
}

/** Validates already-parsed JSON. `file` is only used in error messages. */
export function parseMethodology(data: unknown, file: string): Methodology {
  const parsed = methodologySchema.safeParse(data);
  if (!parsed.success) {
    throw new MethodologyValidationError(
      file,
      parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: issueMessage(i) })),
    );
  }
  const issues = crossCheck(parsed.data);
  if (issues.length > 0) throw new MethodologyValidationError(file, issues);
  return parsed.data;
}

export function loadMethodology(path: string): Methodology {
  const file = basename(path);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new MethodologyValidationError(file, [
      { path: '', message: `Cannot read JSON: ${(err as Error).message}` },
    ]);
  }
  const m = parseMethodology(data, file);
  if (`${m.id}.json` !== file) {
    throw new MethodologyValidationError(file, [
      { path: 'id', message: `id "${m.id}" must match the file name` },
    ]);
  }
  return m;
}

/** Loads every *.json in dir (default: src/methodology/data); throws on the first invalid file. */
export function loadAllMethodologies(dir: string = DEFAULT_METHODOLOGY_DIR): Map<string, Methodology> {
  const all = new Map<string, Methodology>();
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  for (const f of files) {
    const m = loadMethodology(join(dir, f));
    all.set(m.id, m);
  }
  return all;
}

let cache: Map<string, Methodology> | undefined;

/** The bundled methodology with this id (loaded once); undefined when there is none. */
export function getMethodology(id: string): Methodology | undefined {
  cache ??= loadAllMethodologies();
  return cache.get(id);
}

/** Drops the getMethodology cache (tests, or after HR replaces a data file). */
export function resetMethodologyCache(): void {
  cache = undefined;
}
