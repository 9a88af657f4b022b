import { Composer, InlineKeyboard } from 'grammy';
import type { Types } from 'mongoose';
import { callbacks } from '../../src/bot/callback-data.ts';
import type { BotContext } from '../../src/bot/context.ts';
import { deny, type employeeOfBody, hrEmployee } from '../../src/bot/hr-access.ts';
import type { InputFlow } from '../../src/bot/input-router.ts';
import { onButton } from '../../src/bot/on-button.ts';
import type { KpiPlanVersionDoc } from '../../src/evaluation/kpi-plan/models.ts';
import {
  approvePlanVersion,
  type PlanVersion,
  returnPlanVersion,
  submitPlanVersion,
  tooLateForKpi,
  versionForApprover,
} from '../../src/evaluation/kpi-plan/versions.ts';
import { takePeriod } from '../../src/evaluation/ranking/campaign.ts';
import { parseKpiPlan } from '../../src/evaluation/ranking/kpi-plan.ts';
import { formatDate, periodWords } from '../../src/i18n/format.ts';
import { formsFor, kpiMethodForPeriod } from '../../src/methodology/index.ts';
import { notifyEmployee } from '../../src/notifications/notify.ts';
import { enqueue } from '../../src/notifications/outbox/enqueue.ts';
import { hasHrRights } from '../../src/people/access.ts';
import { audit } from '../../src/people/audit.ts';
import { awaitInput, stopAwaiting } from '../../src/people/awaiting-input.ts';
import type { EmployeeDoc, Language } from '../../src/people/models.ts';
import { methodologyOfOrganisation } from '../../src/people/organisations.ts';
import type { AppServices } from '../../src/services.ts';
import { personPeriodLines } from './command-args.ts';
import { planLines, resubmitCommand } from './views.ts';

/**
 * The head's individual work plan: HR (`/kpiplan`) or the head (`/myplan`) drafts a version, the higher
 * superior approves it or sends it back with a comment (typed next), and only an approved version is in
 * force. Every decision checks, at the tap, that the caller is the head's higher superior now.
 */
export const kpiPlanning = new Composer<BotContext>();

const { kpiPlan: cb } = callbacks;
const MAX_COMMENT = 1000;

/** `/kpiplan <personnel number> <year> [quarter]` then one KPI per line (HR of the head's body). */
kpiPlanning.command('kpiplan', async (ctx) => {
  if (!hasHrRights(ctx.actor)) return deny(ctx);
  const args = personPeriodLines(ctx.match);
  if (!args) {
    await ctx.reply(ctx.t('ranking:kpiPlan.usage'));
    return;
  }
  const found = await hrEmployee(ctx, args.number);
  if (!found) return;
  const { period, lines } = args;
  await draft(ctx, { employee: found.employee, period, lines, as: 'hr', organisationCode: found.scope });
});

/** `/myplan <year> [quarter]` then one KPI per line: the head drafts their own plan. */
kpiPlanning.command('myplan', async (ctx) => {
  if (!ctx.employee) {
    await ctx.reply(ctx.t('errors.notLinked'));
    return;
  }
  const [first = '', ...rest] = ctx.match.split('\n');
  const { period, rest: extra } = takePeriod(first.trim().split(/\s+/).filter(Boolean));
  const lines = rest.map((l) => l.trim()).filter(Boolean);
  if (!period || extra.length > 0 || lines.length === 0) {
    await ctx.reply(ctx.t('kpi:plan.myUsage'));
    return;
  }
  const employee = await ctx.services.models.Employee.findById(ctx.employee._id);
  if (!employee) return;
  await draft(ctx, { employee, period, lines, as: 'head', organisationCode: employee.organisationCode });
});

type EmployeeRecord = NonNullable<Awaited<ReturnType<typeof employeeOfBody>>>;

async function draft(
  ctx: BotContext,
  input: {
    employee: EmployeeRecord;
    period: NonNullable<ReturnType<typeof takePeriod>['period']>;
    lines: string[];
    as: 'hr' | 'head';
    organisationCode: string;
  },
): Promise<void> {
  const { employee, period, as } = input;
  const methodology = await methodologyOfOrganisation(ctx.services.models, input.organisationCode);
  const method = methodology && kpiMethodForPeriod(methodology, period.kind);
  if (!methodology || !method) {
    await ctx.reply(ctx.t('ranking:kpiPlan.noKpi'));
    return;
  }
  const forms = formsFor(methodology, employee);
  if (forms.kpi !== method && forms.scopedKpi !== method) {
    await ctx.reply(
      as === 'hr' ? ctx.t('kpi:plan.notKpiHead', { name: employee.fullName }) : ctx.t('kpi:plan.notYours'),
    );
    return;
  }
  if (tooLateForKpi(methodology, method, employee.appointedOn, period)) {
    await ctx.reply(
      ctx.t('kpi:plan.tooLate', {
        date: formatDate(employee.appointedOn),
        ...periodWords(ctx.t, period.label),
        months: methodology.eligibility.noKpiIfLessThanMonthsRemain,
      }),
    );
    return;
  }
  const parsed = parseKpiPlan(input.lines, method);
  if (!parsed.ok) {
    // "5-5 KPIs" reads as nonsense: an exact count has its own wording.
    const key = (p: (typeof parsed.problems)[number]) =>
      p.code === 'count' && p.min === p.max ? 'countExact' : p.code;
    await ctx.reply(parsed.problems.map((p) => ctx.t(`ranking:kpiPlan.${key(p)}`, { ...p })).join('\n'));
    return;
  }
  const { models } = ctx.services;
  const submitted = await submitPlanVersion(models, {
    organisationCode: employee.organisationCode,
    employeeId: employee._id,
    period: period.label,
    kpis: parsed.kpis,
    draftedBy: { telegramId: ctx.from!.id, employeeId: ctx.employee?._id ?? null, as, language: ctx.lang },
    now: ctx.services.now(),
  });
  await audit(ctx, 'kpi.planSubmit', employee.organisationCode, {
    employeeId: String(employee._id),
    personnelNumber: employee.personnelNumber,
    period: period.label,
    kpis: parsed.kpis.length,
    as,
    ...(submitted.ok ? { versionId: String(submitted.version._id), version: submitted.version.version } : {}),
    ...(submitted.ok ? {} : { problem: submitted.code }),
  });
  if (!submitted.ok) {
    await ctx.reply(
      submitted.code === 'noApprover'
        ? ctx.t('kpi:plan.noApprover', { name: employee.fullName })
        : ctx.t('kpi:plan.busy'),
    );
    return;
  }
  const { version } = submitted;
  const approver = await models.Employee.findById(version.approverId, { fullName: 1 }).lean();
  const inForce = await models.KpiPlan.exists({ employeeId: employee._id, period: period.label });
  const lines = [
    ctx.t('kpi:plan.submitted', {
      name: employee.fullName,
      ...periodWords(ctx.t, period.label),
      version: version.version,
      approver: approver?.fullName ?? '',
      count: parsed.kpis.length,
    }),
  ];
  if (submitted.replacedDraft) lines.push(ctx.t('kpi:plan.replacedDraft'));
  if (inForce) lines.push(ctx.t('kpi:plan.inForceUntilApproved'));
  await ctx.reply(lines.join('\n'));
  await requestApproval(ctx.services, version, employee, ctx.employee?.fullName ?? null);
}

/** The approval request to the higher superior: the plan, "approve" and "send back". */
async function requestApproval(
  services: AppServices,
  version: PlanVersion,
  head: Pick<EmployeeDoc, 'fullName' | 'position'>,
  drafter: string | null,
): Promise<void> {
  const versionId = String(version._id);
  await notifyEmployee(services, {
    key: `kpiPlanApproval:${versionId}`,
    kind: 'kpiPlanApproval',
    employeeId: version.approverId,
    render: (t) => ({
      text: [
        t('kpi:approval.request', {
          name: head.fullName,
          position: head.position,
          ...periodWords(t, version.period),
          version: version.version,
          drafter: drafter ?? t('kpi:approval.hrService'),
        }),
        '',
        ...planLines(t, version.kpis),
      ].join('\n'),
      reply_markup: new InlineKeyboard()
        .text(t('kpi:approval.approveButton'), cb.approve.queued({ versionId }))
        .text(t('kpi:approval.sendBackButton'), cb.sendBack.queued({ versionId })),
    }),
  });
}

onButton(kpiPlanning, cb.approve, async (ctx, { versionId }) => {
  if (!ctx.employee) return deny(ctx);
  const { models } = ctx.services;
  const decided = await approvePlanVersion(models, versionId, ctx.employee._id, ctx.services.now());
  if (!decided.ok) {
    await audit(ctx, 'kpi.planDecisionRefused', ctx.employee.organisationCode, {
      versionId,
      code: decided.code,
    });
    if (decided.code === 'notApprover') return deny(ctx);
    await ctx.answerCallbackQuery({ text: ctx.t('kpi:approval.decided') });
    return;
  }
  const { version } = decided;
  // Approving ends a "send back" begun on the same version.
  await stopAwaiting(models, ctx.from.id, { kind: 'kpiPlanComment', documentId: versionId });
  await audit(ctx, 'kpi.planApprove', version.organisationCode, {
    versionId,
    employeeId: String(version.employeeId),
    period: version.period,
    version: version.version,
  });
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  const head = await models.Employee.findById(version.employeeId, { fullName: 1 }).lean();
  await ctx.reply(
    ctx.t('kpi:approval.approved', {
      name: head?.fullName ?? '',
      ...periodWords(ctx.t, version.period),
      version: version.version,
    }),
  );
  const render = (t: (key: string, options?: Record<string, unknown>) => string) =>
    [
      t('kpi:approval.approvedNotice', {
        approver: ctx.employee?.fullName ?? '',
        name: head?.fullName ?? '',
        ...periodWords(t, version.period),
        version: version.version,
        count: version.kpis.length,
      }),
      '',
      ...planLines(t, version.kpis),
    ].join('\n');
  await tellDrafter(ctx.services, version, 'approved', render);
  // The head learns of their plan in force, whoever drafted it.
  if (!version.draftedBy.employeeId?.equals(version.employeeId))
    await notifyEmployee(ctx.services, {
      key: `kpiPlanApproved:${versionId}:head`,
      kind: 'kpiPlanDecision',
      employeeId: version.employeeId,
      render: (t) => ({ text: render(t), ackText: t('notices.ackButton') }),
    });
});

/** "Send back": the higher superior's next message is the comment. */
onButton(kpiPlanning, cb.sendBack, async (ctx, { versionId }) => {
  if (!ctx.employee) return deny(ctx);
  const allowed = await versionForApprover(ctx.services.models, versionId, ctx.employee._id);
  if (!allowed.ok) {
    await audit(ctx, 'kpi.planDecisionRefused', ctx.employee.organisationCode, {
      versionId,
      code: allowed.code,
    });
    if (allowed.code === 'notApprover') return deny(ctx);
    await ctx.answerCallbackQuery({ text: ctx.t('kpi:approval.decided') });
    return;
  }
  await awaitInput(
    ctx.services.models,
    ctx.from.id,
    { kind: 'kpiPlanComment', documentId: versionId },
    ctx.services.now(),
  );
  await ctx.answerCallbackQuery();
  await ctx.reply(ctx.t('kpi:approval.askComment'));
});

/** The comment typed after "send back": the version is returned to its drafter with it. */
export const kpiPlanCommentInput: InputFlow = {
  async receive(ctx, awaiting) {
    const comment = ctx.message.text?.trim().slice(0, MAX_COMMENT);
    if (!comment) {
      await ctx.reply(ctx.t('kpi:approval.commentAsText'));
      return;
    }
    const { models } = ctx.services;
    await stopAwaiting(models, ctx.from.id, awaiting);
    if (!ctx.employee) return deny(ctx);
    const versionId = awaiting.documentId;
    const decided = await returnPlanVersion(models, versionId, ctx.employee._id, comment, ctx.services.now());
    if (!decided.ok) {
      if (decided.code === 'notApprover') return deny(ctx);
      await ctx.reply(ctx.t('kpi:approval.decided'));
      return;
    }
    const { version } = decided;
    await audit(ctx, 'kpi.planReturn', version.organisationCode, {
      versionId,
      employeeId: String(version.employeeId),
      period: version.period,
      version: version.version,
    });
    await ctx.reply(ctx.t('kpi:approval.sentBack'));
    const head = await models.Employee.findById(version.employeeId, {
      fullName: 1,
      personnelNumber: 1,
    }).lean();
    await tellDrafter(ctx.services, version, 'returned', (t) =>
      t('kpi:approval.returnedNotice', {
        name: head?.fullName ?? '',
        ...periodWords(t, version.period),
        version: version.version,
        approver: ctx.employee?.fullName ?? '',
        comment,
        command: resubmitCommand(
          version.draftedBy.as as 'hr' | 'head',
          head?.personnelNumber ?? '',
          version.period,
        ),
      }),
    );
  },
  async left(ctx, awaiting) {
    const version = await ctx.services.models.KpiPlanVersion.findById(awaiting.documentId, {
      employeeId: 1,
    }).lean();
    const head = version
      ? await ctx.services.models.Employee.findById(version.employeeId, { fullName: 1 }).lean()
      : null;
    return ctx.t('kpi:approval.left', { name: head?.fullName ?? '' });
  },
};

/**
 * The decision goes to whoever drafted the version, by their Telegram account (an HR administrator may
 * have no roster entry), in their language, once per version and decision.
 */
async function tellDrafter(
  services: AppServices,
  version: { _id: Types.ObjectId; draftedBy: KpiPlanVersionDoc['draftedBy'] },
  decision: 'approved' | 'returned',
  render: (t: (key: string, options?: Record<string, unknown>) => string) => string,
): Promise<void> {
  const chatId = version.draftedBy.telegramId;
  const account = await services.models.Account.findOne({ telegramId: chatId }, { language: 1 }).lean();
  const lang = (account?.language ??
    version.draftedBy.language ??
    services.config.DEFAULT_LANGUAGE) as Language;
  const t = services.translator.forLanguage(lang);
  await enqueue(
    services.models,
    {
      key: `kpiPlanDecision:${String(version._id)}:${decision}`,
      kind: 'kpiPlanDecision',
      chatId,
      text: render(t),
      ackText: t('notices.ackButton'),
    },
    services.now(),
  );
}
