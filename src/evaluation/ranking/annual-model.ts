import { type Connection, type InferSchemaType, type Model, Schema } from 'mongoose';

/** The year's final score of one employee, computed from the quarters on the methodology's day. */
const annualResultSchema = new Schema({
  organisationCode: { type: String, required: true },
  methodologyId: { type: String, required: true },
  employeeId: { type: Schema.Types.ObjectId, required: true },
  year: { type: Number, required: true },
  score: { type: Number, default: null },
  band: { type: String, required: true },
  quartersEvaluated: { type: Number, required: true },
  computedAt: { type: Date, required: true },
});
annualResultSchema.index({ employeeId: 1, year: 1 }, { unique: true });
annualResultSchema.index({ organisationCode: 1, year: 1 });

export type AnnualResultDoc = InferSchemaType<typeof annualResultSchema>;

export function createAnnualModels(connection: Connection): { AnnualResult: Model<AnnualResultDoc> } {
  return { AnnualResult: connection.model('AnnualResult', annualResultSchema) };
}
