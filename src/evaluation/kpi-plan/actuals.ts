import type { Types } from 'mongoose';
import type { Models } from '../../db/models.ts';
import { kpiMethodForPeriod } from '../../methodology/index.ts';
import { methodologyOfOrganisation } from '../../people/organisations.ts';
import { parsePeriod } from '../ranking/campaign.ts';
import { refreshSheets } from './versions.ts';

const VALUE = /^\+?(?:\d+(?:[.,]\d*)?|[.,]\d+)$/;

/** A non-negative number as people type it (12,5 or 12.5), or null. Pure. */
export function parseActualValue(text: string): number | null {
  const trimmed = text.trim();
  if (!VALUE.test(trimmed)) return null;
  const value = Number(trimmed.replace(',', '.'));
  return Number.isFinite(value) ? value : null;
}

export type ActualsProblem =
  | { code: 'count'; expected: number; have: number }
  | { code: 'badValue'; line: number };

/** HR's typed actual values: one line per KPI of the plan, in the plan's order. Pure. */
export function parseTypedActuals(
  lines: readonly string[],
  kpiCount: number,
): { ok: true; values: number[] } | { ok: false; problems: ActualsProblem[] } {
  const problems: ActualsProblem[] = [];
  const values: number[] = [];
  lines.forEach((line, index) => {
    const value = parseActualValue(line);
    if (value === null) problems.push({ code: 'badValue', line: index + 1 });
    else values.push(value);
  });
  if (problems.length === 0 && values.length !== kpiCount)
    problems.push({ code: 'count', expected: kpiCount, have: values.length });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, values };
}

export type ActualsTarget =
  | { ok: true; plan: NonNullable<Awaited<ReturnType<typeof approvedPlan>>> }
  | { ok: false; code: 'noApprovedPlan' | 'notPercentKpi' };

async function approvedPlan(models: Models, employeeId: Types.ObjectId, period: string) {
  return models.KpiPlan.findOne({ employeeId, period }).lean();
}

/**
 * The approved plan HR enters actual values into. Only a plan scored by the percent table has them
 * (a Chapter 6 KPI is marked fulfilled or not by the evaluator).
 */
export async function actualsTarget(
  models: Models,
  organisationCode: string,
  employeeId: Types.ObjectId,
  period: string,
): Promise<ActualsTarget> {
  const plan = await approvedPlan(models, employeeId, period);
  if (!plan || plan.organisationCode !== organisationCode) return { ok: false, code: 'noApprovedPlan' };
  const methodology = await methodologyOfOrganisation(models, organisationCode);
  const kind = parsePeriod(period)?.kind;
  const method = methodology && kind ? kpiMethodForPeriod(methodology, kind) : undefined;
  if (method?.rule.kind !== 'percentRange') return { ok: false, code: 'notPercentKpi' };
  return { ok: true, plan };
}

/**
 * Writes HR's actual values into the approved plan (by KPI index; others keep theirs), only if the plan
 * is still the version they were entered against; the head's KPI sheets then show them. False when a
 * newer version was approved meanwhile.
 */
export async function recordActuals(
  models: Models,
  input: {
    employeeId: Types.ObjectId;
    period: string;
    version: number;
    values: ReadonlyMap<number, number>;
    recordedBy: number;
    now: Date;
  },
): Promise<boolean> {
  const set: Record<string, unknown> = { actualsRecordedBy: input.recordedBy, actualsRecordedAt: input.now };
  for (const [index, value] of input.values) set[`kpis.${index}.actual`] = value;
  const updated = await models.KpiPlan.updateOne(
    { employeeId: input.employeeId, period: input.period, version: input.version },
    { $set: set },
  );
  if (updated.matchedCount === 0) return false;
  await refreshSheets(models, input.employeeId, input.period, { pendingOnly: false });
  return true;
}

/** True when a percent-table plan in force still lacks an actual value. Pure. */
export function actualsMissing(plan: { kpis: readonly { actual?: number | null }[] }): boolean {
  return plan.kpis.length === 0 || plan.kpis.some((k) => k.actual === null || k.actual === undefined);
}
