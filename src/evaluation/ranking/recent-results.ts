import type { Types } from 'mongoose';
import type { Models } from '../../db/models.ts';
import { type QuarterResult, type RankingSheetRecord, type YearResults, yearResults } from './results.ts';

/** How many quarters `/scores` shows by default. */
export const RECENT_QUARTERS = 4;

export interface RecentResults {
  /** The latest quarters with a sheet (a head's ranking and KPI sheets share a quarter), oldest first. */
  quarters: QuarterResult[];
  /** The annual result of the latest finished year (the year before today's), when there is one. */
  annual: (NonNullable<YearResults['annual']> & { year: number }) | null;
  /** The sheets shown, for the audit log. */
  shown: string[];
}

/**
 * The employee's latest results whatever the calendar year: the last four quarters and the last annual
 * result. A year's fourth quarter and its annual result arrive in the next year, so on 1 April they are
 * last year's. `visible` is mayView, as for yearResults.
 */
export async function recentResults(
  models: Models,
  employeeId: Types.ObjectId,
  today: string,
  visible: (sheet: RankingSheetRecord) => boolean | Promise<boolean>,
): Promise<RecentResults> {
  const currentYear = Number(today.slice(0, 4));
  const years = ((await models.RankingSheet.distinct('year', { employeeId })) as number[])
    .filter((year) => year <= currentYear)
    .sort((a, b) => b - a);
  const periods = new Set<string>();
  const latestFirst: QuarterResult[] = [];
  let annual: RecentResults['annual'] = null;
  const shown: string[] = [];
  for (const year of years) {
    if (periods.size >= RECENT_QUARTERS && annual) break;
    const results = await yearResults(models, employeeId, year, visible);
    for (const quarter of [...results.quarters].reverse()) {
      if (!periods.has(quarter.period) && periods.size >= RECENT_QUARTERS) continue;
      periods.add(quarter.period);
      latestFirst.push(quarter);
    }
    // The current year is not over: its mean so far is no annual result.
    if (!annual && year < currentYear && results.annual) annual = { ...results.annual, year };
    shown.push(...results.shown);
  }
  return { quarters: latestFirst.reverse(), annual, shown };
}
