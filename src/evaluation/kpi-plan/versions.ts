import type { HydratedDocument, Types } from 'mongoose';
import { type IsoDate, monthsInPosition, type Period } from '../../calendar/index.ts';
import type { Models } from '../../db/models.ts';
import { getMethodology, type KpiMethod, kpiMethodOf, type Methodology } from '../../methodology/index.ts';
import type { PlannedKpi } from '../ranking/kpi-plan.ts';
import { EDITABLE_STATUSES } from '../ranking/models.ts';
import { planApproverOf } from './approver.ts';
import type { KpiPlanVersionDoc } from './models.ts';
import { sheetKpisOf } from './sheet-kpis.ts';

export type PlanVersion = HydratedDocument<KpiPlanVersionDoc>;

/**
 * No KPI is set when fewer than N months remain from the appointment to the period's end (001 line 150),
 * for the methodology's own KPI (not a scoped procedure). Pure.
 */
export function tooLateForKpi(
  methodology: Methodology,
  method: KpiMethod,
  appointedOn: string,
  period: Period,
): boolean {
  const limit = methodology.eligibility.noKpiIfLessThanMonthsRemain;
  if (limit === undefined || method !== methodology.methods.kpi) return false;
  return monthsInPosition(appointedOn as IsoDate, period.end) < limit;
}

export type SubmitResult =
  | { ok: true; version: PlanVersion; replacedDraft: boolean }
  | { ok: false; code: 'noApprover' | 'busy' };

/**
 * A new version of the plan goes to the higher superior. A version still waiting for a decision is
 * withdrawn (the newer draft replaces it); the version in force stays in force until this one is approved.
 */
export async function submitPlanVersion(
  models: Models,
  input: {
    organisationCode: string;
    employeeId: Types.ObjectId;
    period: string;
    kpis: readonly PlannedKpi[];
    draftedBy: {
      telegramId: number;
      employeeId: Types.ObjectId | null;
      as: 'hr' | 'head';
      language: string;
    };
    now: Date;
  },
): Promise<SubmitResult> {
  const approverId = await planApproverOf(models, input.employeeId);
  if (!approverId) return { ok: false, code: 'noApprover' };
  const { employeeId, period } = input;
  const withdrawn = await models.KpiPlanVersion.updateMany(
    { employeeId, period, state: 'submitted' },
    { $set: { state: 'withdrawn', decidedAt: input.now } },
  );
  const latest = await models.KpiPlanVersion.findOne({ employeeId, period }, { version: 1 })
    .sort({ version: -1 })
    .lean();
  try {
    const version = await models.KpiPlanVersion.create({
      organisationCode: input.organisationCode,
      employeeId,
      period,
      version: (latest?.version ?? 0) + 1,
      kpis: [...input.kpis],
      draftedBy: input.draftedBy,
      approverId,
    });
    return { ok: true, version, replacedDraft: withdrawn.modifiedCount > 0 };
  } catch (error) {
    // Two drafts at the same moment: the unique keys let one through.
    if ((error as { code?: number }).code === 11000) return { ok: false, code: 'busy' };
    throw error;
  }
}

export type DecisionResult =
  | { ok: true; version: PlanVersion }
  | { ok: false; code: 'notApprover' | 'decided' };

/**
 * The version, if `approverId` is the one who decides it: the head's higher superior in the org chart as
 * it stands now (not only as it stood at submission). Anyone else, or an unknown id: 'notApprover'.
 */
export async function versionForApprover(
  models: Models,
  versionId: string,
  approverId: Types.ObjectId,
): Promise<DecisionResult> {
  const version = await models.KpiPlanVersion.findById(versionId).catch(() => null);
  if (!version) return { ok: false, code: 'notApprover' };
  const current = await planApproverOf(models, version.employeeId);
  if (!current?.equals(approverId)) return { ok: false, code: 'notApprover' };
  if (version.state !== 'submitted') return { ok: false, code: 'decided' };
  return { ok: true, version };
}

/**
 * Approves a waiting version and puts it in force: the approved plan is replaced (HR's actual values of
 * the old version go with it), older approved versions are superseded, and a KPI sheet not opened yet
 * takes the new KPIs at once. Only one of two racing decisions wins (state in the filter).
 */
export async function approvePlanVersion(
  models: Models,
  versionId: string,
  approverId: Types.ObjectId,
  now: Date,
): Promise<DecisionResult> {
  const allowed = await versionForApprover(models, versionId, approverId);
  if (!allowed.ok) return allowed;
  const approved = await models.KpiPlanVersion.findOneAndUpdate(
    { _id: versionId, state: 'submitted' },
    { $set: { state: 'approved', decidedAt: now, approverId } },
    { returnDocument: 'after' },
  );
  if (!approved) return { ok: false, code: 'decided' };
  await putInForce(models, approved, now);
  return { ok: true, version: approved };
}

/** Sends a waiting version back with the higher superior's comment; the drafter submits a new version. */
export async function returnPlanVersion(
  models: Models,
  versionId: string,
  approverId: Types.ObjectId,
  comment: string,
  now: Date,
): Promise<DecisionResult> {
  const allowed = await versionForApprover(models, versionId, approverId);
  if (!allowed.ok) return allowed;
  const returned = await models.KpiPlanVersion.findOneAndUpdate(
    { _id: versionId, state: 'submitted' },
    { $set: { state: 'returned', decidedAt: now, comment, approverId } },
    { returnDocument: 'after' },
  );
  return returned ? { ok: true, version: returned } : { ok: false, code: 'decided' };
}

async function putInForce(models: Models, version: PlanVersion, now: Date): Promise<void> {
  const { employeeId, period } = version;
  const kpis = version.kpis.map((k) => ({
    title: k.title,
    unit: k.unit ?? '',
    planned: k.planned ?? null,
    lowerIsBetter: k.lowerIsBetter ?? false,
    actual: null,
  }));
  try {
    // Only a newer version replaces the plan in force (a late write of an older one changes nothing).
    await models.KpiPlan.updateOne(
      { employeeId, period, $or: [{ version: { $lt: version.version } }, { version: { $exists: false } }] },
      {
        $set: {
          organisationCode: version.organisationCode,
          kpis,
          recordedBy: version.draftedBy.telegramId,
          version: version.version,
          approvedBy: version.approverId,
          approvedAt: now,
          actualsRecordedBy: null,
          actualsRecordedAt: null,
        },
      },
      { upsert: true },
    );
  } catch (error) {
    // The upsert met a plan of a newer version: that one stays in force.
    if ((error as { code?: number }).code !== 11000) throw error;
    return;
  }
  await models.KpiPlanVersion.updateMany(
    { employeeId, period, state: 'approved', version: { $lt: version.version } },
    { $set: { state: 'superseded' } },
  );
  await refreshSheets(models, employeeId, period, { pendingOnly: true });
}

/**
 * The period's KPI sheets of the head take the plan in force: a sheet not opened yet at once; with
 * `pendingOnly: false` (HR's actual values) also a sheet being filled, which starts again from its first
 * question with the scores still allowed kept. A submitted sheet never changes.
 */
export async function refreshSheets(
  models: Models,
  employeeId: Types.ObjectId,
  period: string,
  { pendingOnly }: { pendingOnly: boolean },
): Promise<number> {
  const plan = await models.KpiPlan.findOne({ employeeId, period }).lean();
  if (!plan) return 0;
  const sheets = await models.RankingSheet.find({
    employeeId,
    period,
    kind: 'kpi',
    status: { $in: pendingOnly ? ['pending'] : EDITABLE_STATUSES },
  }).sort({ _id: 1 });
  let changed = 0;
  for (const sheet of sheets) {
    const campaign = await models.RankingCampaign.findById(sheet.campaignId, { methodologyId: 1 }).lean();
    const methodology = campaign && getMethodology(campaign.methodologyId);
    const method = methodology && kpiMethodOf(methodology, sheet.formId);
    if (!method) continue;
    // Scores are kept only for the same KPIs (an approved change may reorder or replace them).
    const sameKpis =
      sheet.kpis.length === plan.kpis.length && sheet.kpis.every((k, i) => k.title === plan.kpis[i]?.title);
    const items = sheetKpisOf(plan.kpis, method, sameKpis ? sheet.kpis : []);
    const updated = await models.RankingSheet.updateOne(
      { _id: sheet._id, status: sheet.status, updatedAt: sheet.updatedAt },
      { $set: { kpis: items, step: 0, returnToSummary: false } },
    );
    changed += updated.modifiedCount;
  }
  return changed;
}
