import { normaliseCategory } from '../people/roster/columns.ts';
import type { Audience, CompetencySet, KpiMethod, Methodology, RankingForm } from './schema.ts';

export interface EmployeeProfile {
  categoryCode: string;
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

export function audienceMatches(audience: Audience, employee: EmployeeProfile): boolean {
  if (audience.head !== null && audience.head !== employee.isHead) return false;
  return audience.categories.some((p) => categoryMatches(p, employee.categoryCode));
}

export interface ApplicableForms {
  /** The ranking sheet for this employee, if the methodology ranks this audience. */
  ranking?: RankingForm;
  /** The KPI method, if it applies to this audience (its scope, e.g. Chapter 6, is for the caller to check). */
  kpi?: KpiMethod;
  /** The 360 competency set for this employee. */
  survey360?: CompetencySet;
}

/** Picks, per method, the first form/set whose audience matches the employee. */
export function formsFor(methodology: Methodology, employee: EmployeeProfile): ApplicableForms {
  const { ranking, kpi, survey360 } = methodology.methods;
  const out: ApplicableForms = {};
  const form = ranking?.forms.find((f) => audienceMatches(f.audience, employee));
  if (form) out.ranking = form;
  if (kpi?.audiences.some((a) => audienceMatches(a, employee))) out.kpi = kpi;
  const set = survey360?.competencySets.find((s) => audienceMatches(s.audience, employee));
  if (set) out.survey360 = set;
  return out;
}
