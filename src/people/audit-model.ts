import { type Connection, type InferSchemaType, type Model, Schema } from 'mongoose';

/**
 * Who did what, when: every HR action and every view of someone else's result, kept for disputes and
 * inspections. `organisationCode` is the body the action ran in: its HR head reads that body's log.
 */
const auditLogSchema = new Schema({
  telegramId: { type: Number, default: null },
  employeeId: { type: Schema.Types.ObjectId, default: null },
  organisationCode: { type: String, default: null },
  action: { type: String, required: true, index: true },
  details: { type: Schema.Types.Mixed, default: {} },
  at: { type: Date, required: true, index: true },
});
auditLogSchema.index({ organisationCode: 1, at: -1, _id: -1 });

export type AuditLogDoc = InferSchemaType<typeof auditLogSchema>;

export function createAuditModels(connection: Connection): { AuditLog: Model<AuditLogDoc> } {
  return { AuditLog: connection.model('AuditLog', auditLogSchema) };
}
