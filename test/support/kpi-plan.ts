import type { SimulatedUser } from '../harness/index.ts';
import type { World } from './world.ts';

/**
 * The higher superior approves the KPI plan version waiting for them (the request's own button); the
 * decision's notices are delivered before the test goes on.
 */
export async function approveKpiPlan(world: World, approver: SimulatedUser, since = 0): Promise<void> {
  const label = world.app.services.translator.forLanguage('ru')('kpi:approval.approveButton');
  const request = await approver.waitForMessage((m) => JSON.stringify(m.reply_markup ?? {}).includes(label), {
    since,
  });
  await approver.tapIn(request, label);
  await world.outboxSettled();
}
