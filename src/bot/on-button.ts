import type { CallbackQueryContext, Composer, Context, NextFunction } from 'grammy';
import { type AnyCallbackAction, parseTapped, type Tapped } from './callback-data.ts';

type Actions = AnyCallbackAction | readonly AnyCallbackAction[];
type TappedOf<A extends Actions> = Tapped<A extends readonly (infer X)[] ? X : A>;

/**
 * Registers a handler for one or several actions of the callback registry; it receives the parsed
 * values (and, for several, which action was tapped). Data no action accepts goes on to `next`.
 */
export function onButton<C extends Context, const A extends Actions>(
  composer: Composer<C>,
  actions: A,
  handler: (ctx: CallbackQueryContext<C>, data: TappedOf<A>, next: NextFunction) => unknown,
): void {
  const list: readonly AnyCallbackAction[] = Array.isArray(actions)
    ? actions
    : [actions as AnyCallbackAction];
  composer.callbackQuery(
    list.map((a) => a.pattern),
    async (ctx, next) => {
      const data = parseTapped(list, ctx.callbackQuery.data);
      if (!data) return next();
      await handler(ctx, data as TappedOf<A>, next);
    },
  );
}
