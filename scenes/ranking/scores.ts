import { Composer } from 'grammy';
import type { BotContext } from '../../src/bot/context.ts';
import { deny, employeeOfBody, hrScope } from '../../src/bot/hr-access.ts';
import { replyLong } from '../../src/bot/ui/reply.ts';
import { almatyDateOf } from '../../src/calendar/index.ts';
import { mayView, sheetDocument } from '../../src/evaluation/confidentiality.ts';
import { recentResults } from '../../src/evaluation/ranking/recent-results.ts';
import { type QuarterResult, yearResults } from '../../src/evaluation/ranking/results.ts';
import { parseScoresRequest } from '../../src/evaluation/ranking/scores-request.ts';
import { formatScore, periodWords } from '../../src/i18n/format.ts';
import { hasHrRights } from '../../src/people/access.ts';
import { audit } from '../../src/people/audit.ts';
import { methodologyOfOrganisation } from '../../src/people/organisations.ts';
import { sheetPaperButtons } from '../papers/downloads.ts';

/**
 * `/scores`: the latest results (the last four quarters and the last annual result); `/scores 2025`: a
 * year; `/scores <personnel number> [year]` (a number may be marked: `№2025`): someone else's, as far as
 * mayView allows (the sheets one filled; the HR head the whole body), every such view audited. A number
 * is looked up in HR's scope, else in the asker's own body.
 */
export const scores = new Composer<BotContext>();

scores.command('scores', async (ctx) => {
  const today = almatyDateOf(ctx.services.now());
  const request = parseScoresRequest(ctx.match, Number(today.slice(0, 4)));
  if ('problem' in request) {
    await ctx.reply(ctx.t('results:scores.usage'));
    return;
  }
  const { models } = ctx.services;
  // Someone not in the roster has no results of their own: a lone "year" is then a personnel number.
  const readAsNumber = !request.personnelNumber && !ctx.employee && request.alsoNumber !== null;
  const number = readAsNumber ? request.alsoNumber : request.personnelNumber;
  const year = readAsNumber ? null : request.year;
  let employee = ctx.employee;
  const hr = hasHrRights(ctx.actor);
  if (number) {
    const body = hr ? await hrScope(ctx) : (ctx.employee?.organisationCode ?? null);
    if (!body) {
      if (!hr) await ctx.reply(ctx.t('errors.notLinked'));
      return;
    }
    employee = await employeeOfBody(ctx, body, number);
    if (!employee) return deny(ctx);
  }
  if (!employee) {
    await ctx.reply(ctx.t('errors.notLinked'));
    return;
  }
  const methodology = await methodologyOfOrganisation(models, employee.organisationCode);
  const visible = async (sheet: Parameters<typeof sheetDocument>[1]) =>
    mayView(ctx.actor, await sheetDocument(models, sheet)).allowed;
  const results =
    year === null
      ? await recentResults(models, employee._id, today, visible)
      : await yearResults(models, employee._id, year, visible);
  const own = ctx.employee?._id.equals(employee._id) ?? false;
  if (!own) {
    // No visible sheet: whether the caller may see this person's results at all decides between
    // "none" and a refusal that tells nothing.
    const decision = mayView(ctx.actor, {
      kind: 'ranking',
      id: String(employee._id),
      organisationCode: employee.organisationCode,
      methodologyId: methodology?.id ?? null,
      evaluateeId: employee._id,
      evaluatorId: null,
      reviewerId: null,
      openCase: null,
    });
    if (results.shown.length === 0 && !decision.allowed) return deny(ctx);
    await audit(ctx, 'results.view', employee.organisationCode, {
      kind: 'ranking',
      employeeId: String(employee._id),
      year: year ?? 'recent',
      sheets: results.shown,
    });
  }
  const bandLabel = (band: string | null) =>
    methodology?.bands.find((b) => b.id === band)?.label[ctx.lang] ?? '';
  const t = ctx.t;
  const quarterLine = (q: QuarterResult) =>
    q.score === null
      ? t('ranking:scores.notEvaluated', {
          ...periodWords(t, q.period),
          reason: t(`ranking:reasons.${q.reason ?? 'pending'}`),
        })
      : t('ranking:scores.quarter', {
          ...periodWords(t, q.period),
          score: formatScore(q.score),
          band: bandLabel(q.band),
        });
  const annual = results.annual;
  const lines = [
    year === null
      ? t('results:scores.recentTitle', { name: employee.fullName })
      : t('ranking:scores.title', { name: employee.fullName, year }),
  ];
  if (results.quarters.length === 0 && !annual) lines.push(t('ranking:scores.none'));
  lines.push(...results.quarters.map(quarterLine));
  if (annual && year !== null)
    lines.push(
      '',
      annual.score === null
        ? t('ranking:scores.annualBand', { band: bandLabel(annual.band) })
        : t('ranking:scores.annual', {
            score: formatScore(annual.score),
            band: bandLabel(annual.band),
            count: annual.quartersEvaluated,
          }),
    );
  // The latest results name the year of their annual result: it is not today's year.
  else if (annual && 'year' in annual)
    lines.push(
      '',
      annual.score === null
        ? t('results:scores.annualBand', { year: annual.year, band: bandLabel(annual.band) })
        : t('results:scores.annual', {
            year: annual.year,
            score: formatScore(annual.score),
            band: bandLabel(annual.band),
            count: annual.quartersEvaluated,
          }),
    );
  // HR asking for a year that is also someone's personnel number: how to ask for that person.
  if (own && request.alsoNumber && hr) {
    const scope = await hrScope(ctx);
    if (
      scope &&
      (await models.Employee.exists({ organisationCode: scope, personnelNumber: request.alsoNumber }))
    )
      lines.push('', t('results:scores.numberHint', { number: request.alsoNumber }));
  }
  // Results are strictly confidential: not to be forwarded or saved.
  // Each final sheet shown can be downloaded as its appendix form.
  const papers = sheetPaperButtons(
    ctx,
    results.quarters
      .filter((q) => q.score !== null)
      .map((q) => ({ sheetId: q.sheetId, period: q.period, kind: q.kind })),
  );
  await replyLong(ctx, lines.join('\n'), {
    protect_content: true,
    ...(papers ? { reply_markup: papers } : {}),
  });
});
