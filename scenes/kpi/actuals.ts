import { Composer } from 'grammy';
import type { BotContext } from '../../src/bot/context.ts';
import { downloadTelegramFile } from '../../src/bot/files.ts';
import { deny, hrEmployee, hrScope } from '../../src/bot/hr-access.ts';
import type { InputFlow } from '../../src/bot/input-router.ts';
import { queueFromChat } from '../../src/bot/task-requests.ts';
import { replyLong } from '../../src/bot/ui/reply.ts';
import { actualsTarget, parseTypedActuals, recordActuals } from '../../src/evaluation/kpi-plan/actuals.ts';
import { importActualsFile } from '../../src/evaluation/kpi-plan/actuals-import.ts';
import { sheetKpisOf } from '../../src/evaluation/kpi-plan/sheet-kpis.ts';
import { parsePeriod, takePeriod } from '../../src/evaluation/ranking/campaign.ts';
import { formatNumber, formatPercent, periodWords } from '../../src/i18n/format.ts';
import { kpiMethodForPeriod } from '../../src/methodology/index.ts';
import { hasHrRights, hrScopeOf } from '../../src/people/access.ts';
import { audit } from '../../src/people/audit.ts';
import { awaitInput, stopAwaiting } from '../../src/people/awaiting-input.ts';
import { methodologyOfOrganisation } from '../../src/people/organisations.ts';
import { EXPORT_KINDS, exportKey } from '../../src/tasks/exports.ts';
import { personPeriodLines } from './command-args.ts';

/**
 * HR's pre-computed actual values of the KPIs (001 line 154): typed for one head (`/kpiactual`) or
 * imported for the period from the .xlsx file the bot hands out (`/kpifile`). The evaluator then sees
 * them on the KPI sheet and chooses the score only.
 */
export const kpiActuals = new Composer<BotContext>();

const MAX_FILE_MB = 10;
/** Row errors listed in one reply; the rest are counted. */
const ROW_ERRORS_SHOWN = 30;

/** `/kpiactual <personnel number> <year> [quarter]` then one actual value per KPI line. */
kpiActuals.command('kpiactual', async (ctx) => {
  if (!hasHrRights(ctx.actor)) return deny(ctx);
  const args = personPeriodLines(ctx.match);
  if (!args) {
    await ctx.reply(ctx.t('kpi:actuals.usage'));
    return;
  }
  const { period, lines } = args;
  const found = await hrEmployee(ctx, args.number);
  if (!found) return;
  const { scope, employee } = found;
  const { models } = ctx.services;
  const words = periodWords(ctx.t, period.label);
  const target = await actualsTarget(models, scope, employee._id, period.label);
  if (!target.ok) {
    await ctx.reply(ctx.t(`kpi:actuals.${target.code}`, { name: employee.fullName, ...words }));
    return;
  }
  const { plan } = target;
  const parsed = parseTypedActuals(lines, plan.kpis.length);
  if (!parsed.ok) {
    await ctx.reply(parsed.problems.map((p) => ctx.t(`kpi:actuals.${p.code}`, { ...p })).join('\n'));
    return;
  }
  const recorded = await recordActuals(models, {
    employeeId: employee._id,
    period: period.label,
    version: plan.version ?? 1,
    values: new Map(parsed.values.map((value, index) => [index, value])),
    recordedBy: ctx.from!.id,
    now: ctx.services.now(),
  });
  await audit(ctx, 'kpi.actuals', scope, {
    employeeId: String(employee._id),
    personnelNumber: args.number,
    period: period.label,
    values: parsed.values.length,
    recorded,
  });
  if (!recorded) {
    await ctx.reply(ctx.t('kpi:actuals.stale'));
    return;
  }
  // HR sees what the evaluator will see: each KPI's percent, cut to two decimals.
  const methodology = await methodologyOfOrganisation(models, scope);
  const method = methodology && kpiMethodForPeriod(methodology, period.kind);
  const items = method
    ? sheetKpisOf(
        plan.kpis.map((k, i) => ({ ...k, actual: parsed.values[i] })),
        method,
      )
    : [];
  await ctx.reply(
    [
      ctx.t('kpi:actuals.saved', { name: employee.fullName, ...words }),
      ...items.map((item, i) =>
        ctx.t('kpi:actuals.savedLine', {
          index: i + 1,
          title: item.title,
          actual: formatNumber(item.actual ?? 0),
          percent: formatPercent(item.percent ?? 0),
        }),
      ),
    ].join('\n'),
  );
});

/** `/kpifile <year> [quarter]`: the period's file to fill, then the filled file is awaited. */
kpiActuals.command('kpifile', async (ctx) => {
  if (!hasHrRights(ctx.actor)) return deny(ctx);
  const { period, rest } = takePeriod(ctx.match.trim().split(/\s+/).filter(Boolean));
  if (!period || rest.length > 0) {
    await ctx.reply(ctx.t('kpi:import.usage'));
    return;
  }
  const scope = await hrScope(ctx);
  if (!scope) return;
  const { models } = ctx.services;
  const words = periodWords(ctx.t, period.label);
  if (!(await models.KpiPlan.exists({ organisationCode: scope, period: period.label }))) {
    await ctx.reply(ctx.t('kpi:import.noPlans', words));
    return;
  }
  // The filled file is awaited from now on; the file to fill (every planned KPI of the body) is built
  // by a task and says, in its caption, to send it back.
  await awaitInput(
    models,
    ctx.from!.id,
    { kind: 'kpiActualsFile', documentId: `${scope}|${period.label}` },
    ctx.services.now(),
  );
  const { created } = await queueFromChat(ctx, {
    key: exportKey(EXPORT_KINDS.kpiActuals, scope, ctx.chat.id, ctx.msg.message_id),
    kind: EXPORT_KINDS.kpiActuals,
    payload: { period: period.label },
    organisationCode: scope,
  });
  await audit(ctx, 'kpi.actualsTemplate', scope, { period: period.label, created });
});

/** The filled file: checked whole and written only without errors, in the body the import began in. */
export const kpiActualsFileInput: InputFlow = {
  async receive(ctx, awaiting) {
    const document = ctx.message.document;
    if (!document) {
      await ctx.reply(ctx.t('kpi:import.notAFile'));
      return;
    }
    // Taking the record is the claim: the same file sent twice is imported once.
    if (!(await stopAwaiting(ctx.services.models, ctx.from.id, awaiting))) return;
    if ((document.file_size ?? 0) > MAX_FILE_MB * 1024 * 1024) {
      await ctx.reply(ctx.t('kpi:import.tooLarge', { maxMb: MAX_FILE_MB }));
      return;
    }
    const [organisationCode = '', periodLabel = ''] = awaiting.documentId.split('|');
    const scope = await hrScopeOf(ctx.services.models, ctx.actor);
    if (!scope.ok || scope.organisationCode !== organisationCode || !parsePeriod(periodLabel)) {
      await ctx.reply(ctx.t('errors.notAllowed'));
      return;
    }
    await ctx.reply(ctx.t('kpi:import.checking'));
    const bytes = await downloadTelegramFile(ctx.services.config, document.file_id);
    const outcome = await importActualsFile(ctx.services.models, bytes, {
      organisationCode,
      period: periodLabel,
      recordedBy: ctx.from.id,
      now: ctx.services.now(),
    });
    await audit(ctx, 'kpi.actualsImport', organisationCode, {
      period: periodLabel,
      ...(outcome.ok
        ? { plans: outcome.plans, values: outcome.values }
        : 'fileError' in outcome
          ? { fileError: outcome.fileError }
          : { rowErrors: outcome.rowErrors.length }),
    });
    if (outcome.ok) {
      await ctx.reply(ctx.t('kpi:import.done', { plans: outcome.plans, values: outcome.values }));
      return;
    }
    if ('fileError' in outcome) {
      await ctx.reply(ctx.t(`kpi:import.${outcome.fileError}`));
      return;
    }
    const shown = outcome.rowErrors.slice(0, ROW_ERRORS_SHOWN);
    const lines = [
      ctx.t('kpi:import.rowErrors'),
      ...shown.map((e) => ctx.t(`kpi:import.row.${e.code}`, { row: e.row })),
      ...(outcome.rowErrors.length > shown.length
        ? [ctx.t('kpi:import.moreErrors', { count: outcome.rowErrors.length - shown.length })]
        : []),
    ];
    await replyLong(ctx, lines.join('\n'));
  },
  async left(ctx) {
    return ctx.t('kpi:import.left');
  },
};
