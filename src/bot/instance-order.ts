import type { Context, MiddlewareFn } from 'grammy';
import { acquireLease, releaseLease } from '../notifications/outbox/lease.ts';
import type { OutboxModels } from '../notifications/outbox/models.ts';
import { updateKeys } from './update-order.ts';

/** Long enough for any update; a crashed instance's hold expires by itself after it. */
const HOLD_MS = 30_000;
const RETRY_MS = 15;
/** An update that cannot get its turn in this time goes ahead (and is logged by the caller's timing). */
const GIVE_UP_MS = 20_000;

/**
 * Several instances behind a webhook: one chat's updates (and one document's) may arrive at two
 * instances at once. Each update first takes a lease in MongoDB on the same keys the in-process
 * sequentialize uses, so two updates of one chat never run at the same time anywhere. The keys are
 * taken in sorted order, so two updates naming the same two documents cannot wait for each other.
 */
export function orderAcrossInstances<C extends Context>(
  models: Pick<OutboxModels, 'Lease'>,
  instanceId: string,
): MiddlewareFn<C> {
  return async (ctx, next) => {
    const keys = [...new Set(updateKeys(ctx))].sort().map((key) => `update:${key}`);
    const owner = `${instanceId}:${ctx.update.update_id}`;
    const held: string[] = [];
    const until = Date.now() + GIVE_UP_MS;
    try {
      for (const key of keys) {
        while (!(await acquireLease(models, key, owner, HOLD_MS, new Date())) && Date.now() < until)
          await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
        held.push(key);
      }
      await next();
    } finally {
      for (const key of held) await releaseLease(models, key, owner);
    }
  };
}
