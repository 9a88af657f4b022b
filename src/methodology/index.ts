export {
  disclosureExceptions,
  STRICTEST_CONFIDENTIALITY,
  viewScopeOf,
} from './confidentiality.ts';
export { describeAssumed360, describeSetBy, describeValidity } from './describe.ts';
export {
  crossCheck,
  DEFAULT_METHODOLOGY_DIR,
  formatPath,
  getMethodology,
  loadAllMethodologies,
  loadMethodology,
  type MethodologyIssue,
  MethodologyValidationError,
  parseMethodology,
  resetMethodologyCache,
} from './load.ts';
export {
  isCalibration,
  isCommission,
  isNotSet,
  NO_TERMS,
  type NoticeTerms,
  noticeTerms,
  routeOf,
  setByOf,
  termDays,
  valueOrNull,
} from './route.ts';
export type * from './schema.ts';
export { methodologySchema } from './schema.ts';
export {
  type ApplicableForms,
  audienceMatches,
  categoryMatches,
  type EmployeeProfile,
  formsFor,
  isHeadUnder,
  KPI_FORM_ID,
  kpiMethodForPeriod,
  kpiMethodOf,
  normalizeCategoryCode,
} from './select.ts';
export { type EvaluatedPeriod, type ValidityCheck, type ValidityPart, validityOn } from './validity.ts';
