import type { Types } from 'mongoose';
import type { AppServices } from '../services.ts';

/** Who acts: the sender of an update (a bot context fits this shape). */
export interface AuditActor {
  services: AppServices;
  employee: { _id: Types.ObjectId } | null;
  from?: { id: number } | undefined;
}

/** Records an HR action by the sender of this update (at the app's clock). */
export async function audit(
  ctx: AuditActor,
  action: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await ctx.services.models.AuditLog.create({
    telegramId: ctx.from?.id ?? null,
    employeeId: ctx.employee?._id ?? null,
    action,
    details,
    at: ctx.services.now(),
  });
}
