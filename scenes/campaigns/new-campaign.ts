import { type Conversation, createConversation } from '@grammyjs/conversations';
import { Composer, type Context } from 'grammy';
import { callbacks, parseTapped } from '../../src/bot/callback-data.ts';
import type { BotContext } from '../../src/bot/context.ts';
import { hrScope, hrScopeNamed, refuseNonHr } from '../../src/bot/hr-access.ts';
import type { Leaver } from '../../src/bot/input-router.ts';
import { onButton } from '../../src/bot/on-button.ts';
import type { IsoDate } from '../../src/calendar/index.ts';
import {
  type CampaignFamily,
  type CampaignOptions,
  type CampaignScheme,
  campaignOptions,
  checkDeadline,
  familiesOpen,
  type PeriodChoice,
} from '../../src/evaluation/new-campaign.ts';
import { createRankingCampaign, parsePeriod } from '../../src/evaluation/ranking/campaign.ts';
import { createCampaign } from '../../src/evaluation/survey360/campaign.ts';
import { formatDate, parseTypedDate } from '../../src/i18n/format.ts';
import { audit } from '../../src/people/audit.ts';
import { stopAwaiting } from '../../src/people/awaiting-input.ts';
import { reportCreatedRanking } from '../ranking/hr.ts';
import { reportCreated360 } from '../survey360/hr.ts';
import { deadlineStep, familyStep, periodStep, type StepView, schemeStep, summaryStep } from './views.ts';

/**
 * HR's new-campaign wizard, a conversation: the kind of campaign → the scheme under the body's
 * methodology → the period → the deadline (typed) → the summary and "Create", which calls the same
 * creation services as /survey360 and /ranking.
 *
 * The dialogue is replayed from its stored updates on every update (state in MongoDB, so a restart
 * resumes at the same step). Everything that reads the database, the clock or the officer's rights,
 * and every message, happens in `conversation.external` with the live context of the update being
 * handled; the conversation itself only keeps the draft those steps return.
 *
 * While it is open it takes its own buttons and, at the deadline, typed text. /cancel and /help go on
 * to their handlers (/cancel ends it); any other command or another flow's button ends it, says so,
 * and goes on to its own flow: one flow at a time, as with the awaiting-input record.
 */
export const NEW_CAMPAIGN = 'newCampaign';

type Step = 'family' | 'scheme' | 'period' | 'deadline' | 'confirm';

/** The wizard's answers so far: plain data, kept in the conversation's replay log. */
interface Draft {
  organisationCode: string;
  step: Step;
  family?: CampaignFamily;
  methodologyId?: string;
  scheme?: CampaignScheme;
  period?: string;
  deadline?: IsoDate;
  /** When the officer last moved it on, on the bot's clock (ISO). */
  lastSeen: string;
}

type Outcome =
  /** The update was the wizard's and it stays at its step (or the step was refused). */
  | { kind: 'stay' }
  | { kind: 'moved'; draft: Draft }
  /** Created, cancelled, expired or refused for good: the wizard ends here. */
  | { kind: 'done' }
  /** Another flow's button or command: the wizard ends and the update goes to that flow. */
  | { kind: 'leave' }
  /** /cancel or /help: handled outside, the wizard stays as it is (/cancel then ends it). */
  | { kind: 'pass' };

/** No answer for this long ends the wizard (like a day's wait for typed input). */
const WIZARD_LIFETIME_MS = 24 * 3_600_000;

const cb = callbacks.campaignWizard;
const STEP_ACTIONS = [cb.family, cb.scheme, cb.period, cb.confirm, cb.cancel] as const;
const PASSING_COMMANDS = new Set(['cancel', 'help']);

type WizardConversation = Conversation<BotContext, Context>;

async function newCampaign(conversation: WizardConversation, _ctx: Context, organisationCode: string) {
  let draft: Draft | null = await conversation.external((ctx) => open(ctx, organisationCode));
  if (!draft) return;
  for (;;) {
    await conversation.wait();
    const current: Draft = draft;
    const outcome: Outcome = await conversation.external((ctx) => take(ctx, current));
    if (outcome.kind === 'moved') draft = outcome.draft;
    else if (outcome.kind === 'done') return;
    else if (outcome.kind === 'leave') await conversation.halt({ next: true });
    else if (outcome.kind === 'pass') await conversation.skip({ next: true });
  }
}

/** The conversation, registered right after the conversations plugin. */
export const newCampaignConversation = createConversation<BotContext, Context>(newCampaign, NEW_CAMPAIGN);

/** /newcampaign and the HR console's button open the wizard; anyone without HR rights is refused. */
export const newCampaignEntry = new Composer<BotContext>();
newCampaignEntry.use(refuseNonHr(['newcampaign'], cb.start.pattern));
newCampaignEntry.command('newcampaign', (ctx) => start(ctx));
onButton(newCampaignEntry, cb.start, async (ctx) => {
  await ctx.answerCallbackQuery();
  await start(ctx);
});

async function start(ctx: BotContext): Promise<void> {
  const scope = await hrScope(ctx);
  if (!scope) return;
  await audit(ctx, 'campaignWizard.open', scope);
  await ctx.conversation.enter(NEW_CAMPAIGN, scope);
}

/** /cancel: leaves the wizard, saying that nothing was created. */
export const leaveNewCampaign: Leaver = async (ctx) => {
  if (ctx.conversation.active(NEW_CAMPAIGN) === 0) return null;
  await ctx.conversation.exit(NEW_CAMPAIGN);
  return ctx.t('wizard:cancelLeft');
};

const show = (ctx: BotContext, view: StepView) => ctx.reply(view.text, { reply_markup: view.keyboard });

/** The first step; null (after saying why) when the body can start no campaign now. */
async function open(ctx: BotContext, organisationCode: string): Promise<Draft | null> {
  const { services } = ctx;
  // One flow at a time: the wizard replaces whatever typed input the account was waiting for.
  if (ctx.from) await stopAwaiting(services.models, ctx.from.id);
  const families = await familiesOpen(services.models, organisationCode, services.now());
  if (families.length === 0) {
    await ctx.reply(ctx.t('wizard:family.none'));
    return null;
  }
  await show(ctx, familyStep(ctx.t, families));
  return { organisationCode, step: 'family', lastSeen: services.now().toISOString() };
}

function commandOf(ctx: BotContext): string | null {
  const text = ctx.message?.text;
  const entity = ctx.message?.entities?.find((e) => e.type === 'bot_command' && e.offset === 0);
  if (!text || !entity) return null;
  return text.slice(1, entity.length).split('@')[0]!.toLowerCase();
}

async function take(ctx: BotContext, draft: Draft): Promise<Outcome> {
  const command = commandOf(ctx);
  if (command && PASSING_COMMANDS.has(command)) return { kind: 'pass' };
  const data = ctx.callbackQuery?.data;
  // Opening the wizard again starts it afresh.
  if (command === 'newcampaign' || (data && cb.start.parse(data))) return { kind: 'leave' };
  const tapped = data ? parseTapped(STEP_ACTIONS, data) : null;
  const foreign = command !== null || (data !== undefined && !tapped);
  const now = ctx.services.now();
  if (now.getTime() - new Date(draft.lastSeen).getTime() > WIZARD_LIFETIME_MS) {
    // Another flow's tap is answered by that flow.
    if (ctx.callbackQuery && !foreign) await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t('wizard:expired'));
    return foreign ? { kind: 'leave' } : { kind: 'done' };
  }
  if (foreign) {
    await ctx.reply(ctx.t('wizard:left'));
    return { kind: 'leave' };
  }
  if (tapped?.action === 'campaignWizard.cancel') {
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await ctx.reply(ctx.t('wizard:cancelled'));
    return { kind: 'done' };
  }
  // Rights can change mid-dialogue: every step runs in the officer's scope as it is now.
  if (!(await hrScopeNamed(ctx, draft.organisationCode))) return { kind: 'done' };
  const moved = (next: Draft): Outcome => ({
    kind: 'moved',
    draft: { ...next, lastSeen: now.toISOString() },
  });

  if (draft.step === 'deadline' && ctx.message?.text !== undefined) {
    const next = await takeDeadline(ctx, draft, ctx.message.text);
    return next ? moved(next) : { kind: 'stay' };
  }
  if (!tapped) {
    await ctx.reply(ctx.t('wizard:useButtons'));
    return { kind: 'stay' };
  }
  const expected = {
    family: 'campaignWizard.family',
    scheme: 'campaignWizard.scheme',
    period: 'campaignWizard.period',
    deadline: null,
    confirm: 'campaignWizard.confirm',
  }[draft.step];
  if (tapped.action !== expected) {
    await ctx.answerCallbackQuery({ text: ctx.t('wizard:oldStep') });
    return { kind: 'stay' };
  }
  let next: Draft | null = null;
  if (tapped.action === 'campaignWizard.family') next = await takeFamily(ctx, draft, tapped.family);
  else if (tapped.action === 'campaignWizard.scheme') next = await takeScheme(ctx, draft, tapped);
  else if (tapped.action === 'campaignWizard.period') next = await takePeriod(ctx, draft, tapped.period);
  else if (tapped.action === 'campaignWizard.confirm') {
    await confirm(ctx, draft);
    return { kind: 'done' };
  }
  return next ? moved(next) : { kind: 'stay' };
}

/** The one refusal for a forged or outdated choice: it tells nothing. */
async function refuse(ctx: BotContext): Promise<null> {
  await ctx.answerCallbackQuery({ text: ctx.t('errors.notAllowed') });
  return null;
}

/** The tap is taken: the step's buttons go, the next step shows. */
async function advance(ctx: BotContext, view: StepView): Promise<void> {
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  await show(ctx, view);
}

const optionsOf = (ctx: BotContext, draft: Draft, family: CampaignFamily) =>
  campaignOptions(ctx.services.models, draft.organisationCode, family, ctx.services.now());

async function takeFamily(ctx: BotContext, draft: Draft, family: CampaignFamily): Promise<Draft | null> {
  const options = await optionsOf(ctx, draft, family);
  if (!options || options.schemes.length === 0) return refuse(ctx);
  await advance(ctx, schemeStep(ctx.t, ctx.lang, options));
  return { ...draft, step: 'scheme', family };
}

/** The scheme and period the draft names, if the body may still start them (null otherwise). */
async function choiceOf(
  ctx: BotContext,
  draft: Draft,
  pick: { methodologyId?: string; scheme?: CampaignScheme; period?: string },
): Promise<{ options: CampaignOptions; periods: PeriodChoice[]; period?: PeriodChoice } | null> {
  if (!draft.family) return null;
  const options = await optionsOf(ctx, draft, draft.family);
  // The methodology is the body's own: a button naming another one is forged or outdated.
  if (!options || options.methodology.id !== pick.methodologyId) return null;
  const scheme = options.schemes.find((s) => s.scheme === pick.scheme);
  if (!scheme) return null;
  if (pick.period === undefined) return { options, periods: scheme.periods };
  const period = scheme.periods.find((p) => p.period.label === pick.period);
  return period ? { options, periods: scheme.periods, period } : null;
}

async function takeScheme(
  ctx: BotContext,
  draft: Draft,
  tapped: { methodologyId: string; scheme: CampaignScheme },
): Promise<Draft | null> {
  const choice = await choiceOf(ctx, draft, tapped);
  if (!choice) return refuse(ctx);
  await advance(
    ctx,
    periodStep(
      ctx.t,
      tapped.scheme,
      choice.periods.map((p) => p.period.label),
    ),
  );
  return { ...draft, step: 'period', methodologyId: tapped.methodologyId, scheme: tapped.scheme };
}

async function takePeriod(ctx: BotContext, draft: Draft, period: string): Promise<Draft | null> {
  const choice = await choiceOf(ctx, draft, { ...draft, period });
  if (!choice?.period) return refuse(ctx);
  await advance(ctx, deadlineStep(ctx.t, period, choice.period.window));
  return { ...draft, step: 'deadline', period };
}

/** The typed deadline: a real date (30.02 is none), within the period's window. */
async function takeDeadline(ctx: BotContext, draft: Draft, text: string): Promise<Draft | null> {
  const choice = await choiceOf(ctx, draft, draft);
  if (!choice?.period) {
    await ctx.reply(ctx.t('wizard:changed'));
    return null;
  }
  const { window } = choice.period;
  const deadline = parseTypedDate(text);
  if (!deadline) {
    await ctx.reply(ctx.t('wizard:deadline.invalid', { example: formatDate(window.latest) }));
    return null;
  }
  const checked = checkDeadline(deadline, window);
  if (!checked.ok) {
    await ctx.reply(
      checked.problem === 'tooEarly'
        ? ctx.t('wizard:deadline.tooEarly', { earliest: formatDate(checked.earliest) })
        : ctx.t('wizard:deadline.tooLate', { latest: formatDate(checked.latest) }),
    );
    return null;
  }
  const next: Draft = { ...draft, step: 'confirm', deadline };
  await show(
    ctx,
    summaryStep(ctx.t, ctx.lang, {
      methodology: choice.options.methodology,
      scheme: draft.scheme!,
      period: draft.period!,
      deadline,
    }),
  );
  return next;
}

/**
 * "Create": every choice is checked again against the body as it is now (the scope was checked by
 * the caller; the methodology, the period and the deadline window may have moved), then the same
 * creation service as /survey360 and /ranking runs.
 */
async function confirm(ctx: BotContext, draft: Draft): Promise<void> {
  const { services } = ctx;
  const choice = await choiceOf(ctx, draft, draft);
  const period = choice?.period && parsePeriod(choice.period.period.label);
  const checked =
    choice?.period && draft.deadline ? checkDeadline(draft.deadline, choice.period.window) : null;
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  if (!choice || !period || !draft.deadline || !checked?.ok) {
    await audit(ctx, 'campaignWizard.refused', draft.organisationCode, { scheme: draft.scheme ?? null });
    await ctx.reply(ctx.t('wizard:changed'));
    return;
  }
  const { organisationCode, deadline } = draft;
  const createdBy = ctx.from!.id;
  if (draft.scheme === 's360') {
    const year = Number(period.label);
    const created = await createCampaign(services.models, { organisationCode, year, createdBy, deadline });
    await audit(ctx, 'survey360.create', organisationCode, {
      year,
      deadline,
      via: 'wizard',
      ...(created.ok ? { campaignId: String(created.campaignId) } : { problem: created.problem }),
    });
    await reportCreated360(ctx, organisationCode, year, created);
    return;
  }
  const created = await createRankingCampaign(services.models, {
    organisationCode,
    period,
    createdBy,
    deadline,
  });
  await audit(ctx, 'ranking.create', organisationCode, {
    period: period.label,
    deadline,
    via: 'wizard',
    ...(created.ok ? { campaignId: String(created.campaignId) } : { problem: created.problem }),
  });
  await reportCreatedRanking(ctx, organisationCode, period.label, created);
}
