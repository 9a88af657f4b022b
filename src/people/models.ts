import { type Connection, type InferSchemaType, type Model, Schema } from 'mongoose';
import { invalidatesCache } from '../cache/stamps.ts';

export const LANGUAGES = ['kk', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * `authorised`: the official who appoints and dismisses corps "B" staff of the body; calibration
 * applications go to them (001 paragraph 13, 002 paragraph 10).
 */
export const ROLES = ['employee', 'evaluator', 'hr', 'hrHead', 'authorised', 'admin'] as const;
export type Role = (typeof ROLES)[number];
/** Roles that may run HR's commands (in their scope); who sees results is decided by mayView. */
export const HR_ROLES: readonly Role[] = ['hr', 'hrHead', 'admin'];

export const EMPLOYEE_STATUSES = [
  'active',
  'onLeave',
  'sickLeave',
  'businessTrip',
  'training',
  'dismissed',
] as const;
export type EmployeeStatus = (typeof EMPLOYEE_STATUSES)[number];

/** A state body; its methodology id selects the data file that drives its evaluations. */
const organisationSchema = new Schema(
  {
    code: { type: String, required: true, unique: true },
    name: { type: String, default: '' },
    methodologyId: { type: String, default: null },
  },
  { timestamps: true },
);

/** A structural subdivision, keyed by (organisation, code). */
const unitSchema = new Schema(
  {
    organisationCode: { type: String, required: true },
    code: { type: String, required: true },
    name: { type: String, required: true },
    parentCode: { type: String, default: null },
  },
  { timestamps: true },
);
unitSchema.index({ organisationCode: 1, code: 1 }, { unique: true });

/** A corps "B" employee from the roster; keyed by (organisation, personnel number). */
const employeeSchema = new Schema(
  {
    organisationCode: { type: String, required: true },
    personnelNumber: { type: String, required: true },
    fullName: { type: String, required: true },
    position: { type: String, required: true },
    categoryCode: { type: String, required: true },
    unitCode: { type: String, required: true },
    isHead: { type: Boolean, default: false },
    supervisorNumber: { type: String, default: null },
    phone: { type: String, required: true, index: true },
    language: { type: String, enum: LANGUAGES, default: 'kk' },
    status: { type: String, enum: EMPLOYEE_STATUSES, default: 'active' },
    appointedOn: { type: String, required: true },
    roles: { type: [String], enum: ROLES, default: ['employee'] },
    telegramId: { type: Number, default: null },
  },
  { timestamps: true },
);
employeeSchema.index({ organisationCode: 1, personnelNumber: 1 }, { unique: true });
// One Telegram account links to at most one employee.
employeeSchema.index(
  { telegramId: 1 },
  { unique: true, partialFilterExpression: { telegramId: { $type: 'number' } } },
);

/** A Telegram user of the bot, linked or not; keeps the chosen language before linking. */
const accountSchema = new Schema(
  {
    telegramId: { type: Number, required: true, unique: true },
    language: { type: String, enum: LANGUAGES, default: null },
    employeeId: { type: Schema.Types.ObjectId, ref: 'Employee', default: null },
    /** Roles granted outside the roster (ADMIN_TELEGRAM_IDS). */
    extraRoles: { type: [String], enum: ROLES, default: [] },
    firstName: { type: String, default: '' },
    /** The body an administrator acts for (`/scope`); HR staff always act for their own. */
    hrScope: { type: String, default: null },
  },
  // No timestamps: an account's updatedAt would be a per-person activity time (see docs/anonymity.md).
  { timestamps: false },
);

/** One-time deep link (`/start <code>`) that HR issues to link a specific employee. */
const inviteSchema = new Schema(
  {
    code: { type: String, required: true, unique: true },
    employeeId: { type: Schema.Types.ObjectId, ref: 'Employee', required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
    usedBy: { type: Number, default: null },
    createdBy: { type: Number, required: true },
  },
  { timestamps: true },
);

// Identities, names and bodies are cached (src/cache): writes here make them stale.
invalidatesCache(organisationSchema, 'people');
invalidatesCache(employeeSchema, 'people');
invalidatesCache(accountSchema, 'people');

export type OrganisationDoc = InferSchemaType<typeof organisationSchema>;
export type UnitDoc = InferSchemaType<typeof unitSchema>;
export type EmployeeDoc = InferSchemaType<typeof employeeSchema>;
export type AccountDoc = InferSchemaType<typeof accountSchema>;
export type InviteDoc = InferSchemaType<typeof inviteSchema>;

export interface PeopleModels {
  Organisation: Model<OrganisationDoc>;
  Unit: Model<UnitDoc>;
  Employee: Model<EmployeeDoc>;
  Account: Model<AccountDoc>;
  Invite: Model<InviteDoc>;
}

export function createPeopleModels(connection: Connection): PeopleModels {
  return {
    Organisation: connection.model('Organisation', organisationSchema),
    Unit: connection.model('Unit', unitSchema),
    Employee: connection.model('Employee', employeeSchema),
    Account: connection.model('Account', accountSchema),
    Invite: connection.model('Invite', inviteSchema),
  };
}
