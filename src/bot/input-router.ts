import { Composer, type Filter } from 'grammy';
import {
  type AwaitingInput,
  type AwaitingKind,
  awaitingInputOf,
  stopAwaiting,
} from '../people/awaiting-input.ts';
import type { BotContext } from './context.ts';

/** A message a waiting flow receives: typed text (never a command) or a document. */
export type InputContext = Filter<BotContext, 'message:text' | 'message:document'>;

/** A flow that waits for typed input (or a file), as the router sees it. */
export interface InputFlow {
  /** The message the flow waited for. */
  receive(ctx: InputContext, awaiting: AwaitingInput): Promise<void>;
  /** What /cancel says this flow left; the record is already gone. */
  left(ctx: BotContext, awaiting: AwaitingInput): Promise<string>;
}

/** One flow per kind of waiting: a kind without its flow does not compile. */
export type InputFlows = Readonly<Record<AwaitingKind, InputFlow>>;

/** Something /cancel leaves that is not a typed-input mode (a 360 questionnaire on screen); null if none. */
export type Leaver = (ctx: BotContext) => Promise<string | null>;

const isCommand = (ctx: InputContext) =>
  ctx.message.entities?.some((e) => e.type === 'bot_command' && e.offset === 0) ?? false;

/**
 * The one reader of typed input: a message goes to the flow the account waits for, or on (to the
 * commands, onboarding's contact, and "I did not understand"). Buttons never come here: each names
 * its own flow in its callback data, so a tap is never taken as input to another flow.
 */
export function inputRouter(flows: InputFlows): Composer<BotContext> {
  const router = new Composer<BotContext>();
  router.on(['message:text', 'message:document'], async (ctx, next) => {
    if (!ctx.from || isCommand(ctx)) return next();
    const { models } = ctx.services;
    const state = await awaitingInputOf(models, ctx.from.id, ctx.services.now());
    if (!state) return next();
    if (state.expired) {
      await stopAwaiting(models, ctx.from.id, state.awaiting);
      await ctx.reply(ctx.t('input.expired', { what: ctx.t(`input.what.${state.awaiting.kind}`) }));
      return;
    }
    await flows[state.awaiting.kind].receive(ctx, state.awaiting);
  });
  return router;
}

/**
 * `/cancel`: stops whatever the account waits for and leaves the questionnaire on screen, saying
 * what was left (answers given stay saved), or that there was nothing to leave.
 */
export function cancelCommand(flows: InputFlows, leavers: readonly Leaver[]): Composer<BotContext> {
  const cancel = new Composer<BotContext>();
  cancel.command('cancel', async (ctx) => {
    const lines: string[] = [];
    const { models } = ctx.services;
    const stopped = ctx.from ? await stopAwaiting(models, ctx.from.id) : null;
    if (stopped && stopped.until.getTime() > ctx.services.now().getTime())
      lines.push(await flows[stopped.kind].left(ctx, stopped));
    for (const leave of leavers) {
      const line = await leave(ctx);
      if (line) lines.push(line);
    }
    await ctx.reply(lines.length > 0 ? lines.join('\n\n') : ctx.t('cancel.nothing'), {
      reply_markup: { remove_keyboard: true },
    });
  });
  return cancel;
}
