import {
  addDays,
  almatyDateOf,
  dayOfMonthAfterPeriod,
  type IsoDate,
  isWorkingDay,
  periodOf,
  workingDaysBetween,
} from '../../calendar/index.ts';
import { actualsMissing } from '../../evaluation/kpi-plan/actuals.ts';
import { parsePeriod } from '../../evaluation/ranking/campaign.ts';
import { FINAL_STATUSES } from '../../evaluation/ranking/models.ts';
import { formatDate, periodWords } from '../../i18n/format.ts';
import { kpiMethodForPeriod } from '../../methodology/index.ts';
import { methodologyOfOrganisation } from '../../people/organisations.ts';
import type { AppServices } from '../../services.ts';
import { alertHr } from '../hr-alerts.ts';

/**
 * HR sends the pre-computed actual values to the evaluator at least 5 working days before the last day of
 * the evaluation (001 line 154).
 */
export const ACTUALS_LEAD_WORKING_DAYS = 5;
/** Names listed in one reminder; the rest are counted (the template file lists everyone). */
const NAMES_SHOWN = 40;

/**
 * On the 5th working day before a KPI deadline (or on the first run after it, if the bot was down), HR
 * of the body is told which approved plans of the period still lack actual values. Once per body,
 * period and deadline. Returns how many alerts were queued.
 */
export async function remindKpiActuals(services: AppServices): Promise<number> {
  const { models } = services;
  const today = almatyDateOf(services.now());
  if (!isWorkingDay(today)) return 0;
  // A KPI deadline falls in the month after its period: only this and the previous period can be due.
  const quarter = periodOf('quarter', today);
  const year = periodOf('year', today);
  const periods = [
    quarter.label,
    periodOf('quarter', addDays(quarter.start, -1)).label,
    year.label,
    periodOf('year', addDays(year.start, -1)).label,
  ];
  const plans = await models.KpiPlan.find(
    { period: { $in: periods }, 'kpis.actual': null },
    { organisationCode: 1, employeeId: 1, period: 1, kpis: 1 },
  )
    .sort({ organisationCode: 1, period: 1, _id: 1 })
    .lean();
  const groups = new Map<string, typeof plans>();
  for (const plan of plans) {
    if (!actualsMissing(plan)) continue;
    const key = `${plan.organisationCode}|${plan.period}`;
    groups.set(key, [...(groups.get(key) ?? []), plan]);
  }
  let queued = 0;
  for (const group of groups.values()) {
    const { organisationCode, period: label } = group[0]!;
    const period = parsePeriod(label);
    const methodology = await methodologyOfOrganisation(models, organisationCode);
    const method = period && methodology ? kpiMethodForPeriod(methodology, period.kind) : undefined;
    if (!period || method?.rule.kind !== 'percentRange') continue;
    const deadline: IsoDate = dayOfMonthAfterPeriod(
      period.end,
      method.deadline.day,
      method.deadline.shiftIfNonWorking,
    );
    const left = workingDaysBetween(today, deadline);
    if (left < 0 || left > ACTUALS_LEAD_WORKING_DAYS) continue;
    // A head whose KPI sheet is already final, or not evaluated, needs no values any more.
    const closed = await models.RankingSheet.find(
      {
        organisationCode,
        period: label,
        kind: 'kpi',
        status: { $in: [...FINAL_STATUSES, 'notEvaluated'] },
      },
      { employeeId: 1 },
    ).lean();
    const done = new Set(closed.map((s) => String(s.employeeId)));
    const waiting = group.filter((p) => !done.has(String(p.employeeId)));
    if (waiting.length === 0) continue;
    const people = await models.Employee.find(
      { _id: { $in: waiting.map((p) => p.employeeId) } },
      { fullName: 1, personnelNumber: 1 },
    )
      .sort({ personnelNumber: 1 })
      .lean();
    const names = people.slice(0, NAMES_SHOWN).map((p) => `• ${p.fullName} (${p.personnelNumber})`);
    queued += await alertHr(services, {
      key: `kpiActuals:${organisationCode}:${label}:${deadline}`,
      organisationCode,
      render: (t) =>
        [
          t('kpi:reminder.actualsMissing', {
            ...periodWords(t, label),
            deadline: formatDate(deadline),
            days: ACTUALS_LEAD_WORKING_DAYS,
            count: people.length,
          }),
          ...names,
          ...(people.length > NAMES_SHOWN
            ? [t('kpi:reminder.more', { count: people.length - NAMES_SHOWN })]
            : []),
          '',
          t('kpi:reminder.how', { command: commandOf(label) }),
        ].join('\n'),
    });
  }
  return queued;
}

/** `/kpifile 2026 3` for '2026-Q3', `/kpifile 2026` for a year: the command as HR types it. */
function commandOf(period: string): string {
  return `/kpifile ${period.replace('-Q', ' ')}`;
}
