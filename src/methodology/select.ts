import { normaliseCategory } from '../people/roster/columns.ts';
import type {
  Audience,
  CompetencySet,
  Heads,
  KpiMethod,
  Methodology,
  RankingForm,
  ScopedKpiMethod,
} from './schema.ts';

export interface EmployeeProfile {
  categoryCode: string;
  /** The roster's flag: the person heads a structural unit. */
  isHead: boolean;
}

/** ' c-o-1 ', or the same in Cyrillic → 'C-O-1': the roster's normalisation (look-alike letters, dashes, spaces). */
export function normalizeCategoryCode(code: string): string {
  return normaliseCategory(code) ?? code.trim().toUpperCase();
}

export function categoryMatches(pattern: string, categoryCode: string): boolean {
  const code = normalizeCategoryCode(categoryCode);
  if (pattern === '*') return true;
  if (pattern.endsWith('-*'))
    return code.startsWith(pattern.slice(0, -1)) && /^\d{1,2}$/.test(code.slice(pattern.length - 1));
  return code === pattern;
}

/**
 * Whether the methodology calls this employee a head: by category, and for the categories the seed
 * qualifies (001 line 48: D-3 only as heads of structural units) only when the roster marks them as a unit head.
 */
export function isHeadUnder(heads: Heads, employee: EmployeeProfile): boolean {
  return heads.categories.some(
    (h) => categoryMatches(h.category, employee.categoryCode) && (!h.onlyWhenUnitHead || employee.isHead),
  );
}

/** `heads` is the methodology's definition: an audience's `head` flag means a head by that definition. */
export function audienceMatches(audience: Audience, employee: EmployeeProfile, heads: Heads): boolean {
  if (audience.head !== null && audience.head !== isHeadUnder(heads, employee)) return false;
  return audience.categories.some((p) => categoryMatches(p, employee.categoryCode));
}

export interface ApplicableForms {
  /** The ranking sheet for this employee, if the methodology ranks this audience. */
  ranking?: RankingForm;
  /** The KPI method, if it applies to this audience. */
  kpi?: KpiMethod;
  /** The scoped KPI procedure (Chapter 6), if its audience matches; its scope is for the caller to check. */
  scopedKpi?: ScopedKpiMethod;
  /** The 360 competency set for this employee. */
  survey360?: CompetencySet;
}

/** Picks, per method, the first form/set whose audience matches the employee. */
export function formsFor(methodology: Methodology, employee: EmployeeProfile): ApplicableForms {
  const { ranking, kpi, scopedKpi, survey360 } = methodology.methods;
  const matches = (audience: Audience) => audienceMatches(audience, employee, methodology.heads);
  const out: ApplicableForms = {};
  const form = ranking?.forms.find((f) => matches(f.audience));
  if (form) out.ranking = form;
  if (kpi?.audiences.some(matches)) out.kpi = kpi;
  if (scopedKpi?.audiences.some(matches)) out.scopedKpi = scopedKpi;
  const set = survey360?.competencySets.find((s) => matches(s.audience));
  if (set) out.survey360 = set;
  return out;
}

/** Form id a KPI sheet carries: 'kpi' for the methodology's KPI, the scope id for a scoped procedure. */
export const KPI_FORM_ID = 'kpi';

/** The KPI method a KPI sheet was planned under, by the sheet's form id. */
export function kpiMethodOf(methodology: Methodology, formId: string): KpiMethod | undefined {
  const { kpi, scopedKpi } = methodology.methods;
  if (formId === KPI_FORM_ID) return kpi;
  return scopedKpi && scopedKpi.scope.id === formId ? scopedKpi : undefined;
}

/** The KPI method that runs in this kind of period (quarter: the heads' KPI; year: Chapter 6), if any. */
export function kpiMethodForPeriod(
  methodology: Methodology,
  periodKind: 'quarter' | 'year',
): KpiMethod | undefined {
  const { kpi, scopedKpi } = methodology.methods;
  if (kpi?.period === periodKind) return kpi;
  return scopedKpi?.period === periodKind ? scopedKpi : undefined;
}
