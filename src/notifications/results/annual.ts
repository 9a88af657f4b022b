import { almatyDateOf } from '../../calendar/index.ts';
import { isoDate } from '../../calendar/iso-date.ts';
import { mayView, sheetDocument } from '../../evaluation/confidentiality.ts';
import { yearResults } from '../../evaluation/ranking/results.ts';
import { formatPeriod, formatScore } from '../../i18n/format.ts';
import { getMethodology } from '../../methodology/index.ts';
import { actorOfEmployee } from '../../people/access.ts';
import type { AppServices } from '../../services.ts';
import { sendResultNotice } from '../notices.ts';

export const ANNUAL_NOTICE_KIND = 'annual';

/**
 * On the methodology's day of the next year (Justice: 30 January), each employee's annual score is
 * computed from the year's quarters (the mean of the evaluated ones), stored once, and sent as a
 * registered result notice. Runs on that day or on the first run after it within that year; a repeat
 * stores and sends nothing new. Returns how many annual results it stored.
 */
export async function computeAnnualResults(services: AppServices): Promise<number> {
  const { models } = services;
  const today = almatyDateOf(services.now());
  const year = Number(today.slice(0, 4)) - 1;
  let stored = 0;
  for (const organisation of await models.Organisation.find({}).sort({ code: 1 }).lean()) {
    const methodology = organisation.methodologyId ? getMethodology(organisation.methodologyId) : undefined;
    const day = methodology?.deadlines.annualFinal;
    if (!methodology || !day || today < isoDate(year + 1, day.month, day.day)) continue;
    const employeeIds = await models.RankingSheet.distinct('employeeId', {
      organisationCode: organisation.code,
      year,
    });
    for (const employeeId of employeeIds.sort((a, b) => String(a).localeCompare(String(b)))) {
      const employee = await models.Employee.findById(employeeId, {
        fullName: 1,
        organisationCode: 1,
        roles: 1,
      }).lean();
      if (!employee) continue;
      // The notice is the evaluatee's own result: mayView is asked of it like every other path.
      const recipient = actorOfEmployee(employee);
      const results = await yearResults(
        models,
        employeeId,
        year,
        async (sheet) => mayView(recipient, await sheetDocument(models, sheet, methodology.id)).allowed,
      );
      if (!results.annual) continue;
      const created = await models.AnnualResult.updateOne(
        { employeeId, year },
        {
          $setOnInsert: {
            organisationCode: organisation.code,
            methodologyId: methodology.id,
            employeeId,
            year,
            score: results.annual.score,
            band: results.annual.band,
            quartersEvaluated: results.annual.quartersEvaluated,
            computedAt: services.now(),
          },
        },
        { upsert: true },
      );
      if (created.upsertedCount === 1) stored++;
      const { annual, quarters } = results;
      await sendResultNotice(services, {
        kind: ANNUAL_NOTICE_KIND,
        campaignId: `${organisation.code}:${year}`,
        employeeId: String(employeeId),
        methodologyId: methodology.id,
        organisationCode: organisation.code,
        render: (t, lang) => ({
          text: [
            t('year:annual.title', { period: formatPeriod(t, String(year)), name: employee.fullName }),
            '',
            ...quarters.map((q) =>
              q.score === null
                ? t('year:annual.quarterNotEvaluated', { period: formatPeriod(t, q.period) })
                : t('year:annual.quarter', {
                    period: formatPeriod(t, q.period),
                    score: formatScore(q.score),
                  }),
            ),
            '',
            t('year:annual.score', {
              score: annual.score === null ? '—' : formatScore(annual.score),
              band: methodology.bands.find((b) => b.id === annual.band)?.label[lang] ?? annual.band,
              count: annual.quartersEvaluated,
            }),
            '',
            t('year:annual.ackHint'),
          ].join('\n'),
        }),
      });
    }
  }
  return stored;
}
