import { type Connection, type InferSchemaType, type Model, Schema } from 'mongoose';

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
