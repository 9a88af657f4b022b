import { type Connection, type InferSchemaType, type Model, Schema } from 'mongoose';
import type { BagalauFlavor } from '../bot/context.ts';

/** Who did what, when: every HR action, kept for disputes and inspections. */
const auditLogSchema = new Schema({
  telegramId: { type: Number, default: null },
  employeeId: { type: Schema.Types.ObjectId, default: null },
  action: { type: String, required: true, index: true },
  details: { type: Schema.Types.Mixed, default: {} },
  at: { type: Date, required: true, index: true },
});

export type AuditLogDoc = InferSchemaType<typeof auditLogSchema>;

export function createAuditModels(connection: Connection): { AuditLog: Model<AuditLogDoc> } {
  return { AuditLog: connection.model('AuditLog', auditLogSchema) };
}

/** Records an HR action by the sender of this update (at the app's clock). */
export async function audit(
  ctx: BagalauFlavor & { from?: { id: number } | undefined },
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
