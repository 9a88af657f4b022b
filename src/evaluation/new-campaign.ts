import {
  addDays,
  almatyDateOf,
  dayOfMonthAfterPeriod,
  type IsoDate,
  type Period,
  type PeriodKind,
  periodOf,
} from '../calendar/index.ts';
import type { Models } from '../db/models.ts';
import { type Methodology, validityOn } from '../methodology/index.ts';
import { methodologyOfOrganisation } from '../people/organisations.ts';
import {
  CAMPAIGN_FAMILIES,
  CAMPAIGN_SCHEMES,
  type CampaignFamily,
  type CampaignScheme,
} from './campaign-kinds.ts';
import { campaignValidity } from './ranking/campaign.ts';

/**
 * What HR may start in its body today, step by step: a 360 campaign or a ranking/KPI campaign, under
 * the body's methodology, for a period the methodology is in force for, with a deadline HR sets
 * within the methodology's own (001: HR draws up the evaluation schedule).
 */

export { CAMPAIGN_FAMILIES, CAMPAIGN_SCHEMES, type CampaignFamily, type CampaignScheme };

const familyOf: Record<CampaignScheme, CampaignFamily> = {
  s360: 'survey360',
  quarter: 'ranking',
  year: 'ranking',
};
const periodKindOf: Record<CampaignScheme, PeriodKind> = { s360: 'year', quarter: 'quarter', year: 'year' };

/** The methods a scheme runs under the methodology (empty: the methodology has no such scheme). */
export function methodsOf(
  methodology: Methodology,
  scheme: CampaignScheme,
): ('ranking' | 'kpi' | 'scopedKpi' | 'survey360')[] {
  const { ranking, kpi, scopedKpi, survey360 } = methodology.methods;
  if (scheme === 's360') return survey360 ? ['survey360'] : [];
  const kind = periodKindOf[scheme];
  return [
    ...(ranking && kind === 'quarter' ? (['ranking'] as const) : []),
    ...(kpi?.period === kind ? (['kpi'] as const) : []),
    ...(scopedKpi?.period === kind ? (['scopedKpi'] as const) : []),
  ];
}

/** The period evaluated now (the last one ended), the current one and the next, of the scheme's kind. */
export function candidatePeriods(scheme: CampaignScheme, today: IsoDate): Period[] {
  const current = periodOf(periodKindOf[scheme], today);
  return [
    periodOf(current.kind, addDays(current.start, -1)),
    current,
    periodOf(current.kind, addDays(current.end, 1)),
  ];
}

/** The days a deadline may fall on: from today (after the period, for sheets) to the methodology's date. */
export interface DeadlineWindow {
  earliest: IsoDate;
  /** The methodology's deadline: the earliest of its methods' for this period. */
  latest: IsoDate;
}

export function deadlineWindow(
  methodology: Methodology,
  scheme: CampaignScheme,
  period: Period,
  today: IsoDate,
): DeadlineWindow | null {
  const { ranking, kpi, scopedKpi, survey360 } = methodology.methods;
  const rules = methodsOf(methodology, scheme).flatMap((method) => {
    if (method === 'survey360') return survey360 ? [survey360.deadline] : [];
    if (method === 'kpi') return kpi ? [kpi.deadline] : [];
    if (method === 'scopedKpi') return scopedKpi ? [scopedKpi.deadline] : [];
    return (ranking?.forms ?? []).map((form) => form.deadline);
  });
  if (rules.length === 0) return null;
  const latest = rules
    .map((rule) => dayOfMonthAfterPeriod(period.end, rule.day, rule.shiftIfNonWorking))
    .sort()[0]!;
  // A quarter or a year is evaluated once it is over; the 360 runs during its year.
  const afterPeriod = scheme === 's360' ? today : addDays(period.end, 1);
  const earliest = afterPeriod > today ? afterPeriod : today;
  return { earliest, latest };
}

/** Whether the methodology is in force for the whole period under this scheme. */
export function inForce(methodology: Methodology, scheme: CampaignScheme, period: Period): boolean {
  if (methodsOf(methodology, scheme).length === 0) return false;
  return scheme === 's360'
    ? validityOn(methodology, period, 'survey360').ok
    : campaignValidity(methodology, period).ok;
}

export interface PeriodChoice {
  period: Period;
  window: DeadlineWindow;
}

export interface SchemeChoice {
  scheme: CampaignScheme;
  periods: PeriodChoice[];
}

/** What the body may start today: per scheme of the family, the periods still open to a campaign. */
export interface CampaignOptions {
  methodology: Methodology;
  schemes: SchemeChoice[];
}

/**
 * The schemes and periods HR may start a campaign for: the methodology in force for the period, no
 * campaign of that period yet, and a deadline still possible. Null when the body has no methodology.
 */
export async function campaignOptions(
  models: Models,
  organisationCode: string,
  family: CampaignFamily,
  now: Date,
): Promise<CampaignOptions | null> {
  const methodology = await methodologyOfOrganisation(models, organisationCode);
  if (!methodology) return null;
  const today = almatyDateOf(now);
  const schemes: SchemeChoice[] = [];
  for (const scheme of CAMPAIGN_SCHEMES.filter((s) => familyOf[s] === family)) {
    const periods: PeriodChoice[] = [];
    for (const period of candidatePeriods(scheme, today)) {
      if (!inForce(methodology, scheme, period)) continue;
      const window = deadlineWindow(methodology, scheme, period, today);
      if (!window || window.earliest > window.latest) continue;
      if (await campaignExists(models, organisationCode, scheme, period)) continue;
      periods.push({ period, window });
    }
    if (periods.length > 0) schemes.push({ scheme, periods });
  }
  return { methodology, schemes };
}

function campaignExists(models: Models, organisationCode: string, scheme: CampaignScheme, period: Period) {
  return scheme === 's360'
    ? models.SurveyCampaign.exists({ organisationCode, year: Number(period.label) })
    : models.RankingCampaign.exists({ organisationCode, period: period.label });
}

/** The families the body may start a campaign of today. */
export async function familiesOpen(
  models: Models,
  organisationCode: string,
  now: Date,
): Promise<CampaignFamily[]> {
  const open: CampaignFamily[] = [];
  for (const family of CAMPAIGN_FAMILIES) {
    const options = await campaignOptions(models, organisationCode, family, now);
    if (options && options.schemes.length > 0) open.push(family);
  }
  return open;
}

export type DeadlineCheck =
  | { ok: true }
  | { ok: false; problem: 'tooEarly'; earliest: IsoDate }
  | { ok: false; problem: 'tooLate'; latest: IsoDate };

export function checkDeadline(deadline: IsoDate, window: DeadlineWindow): DeadlineCheck {
  if (deadline < window.earliest) return { ok: false, problem: 'tooEarly', earliest: window.earliest };
  if (deadline > window.latest) return { ok: false, problem: 'tooLate', latest: window.latest };
  return { ok: true };
}
