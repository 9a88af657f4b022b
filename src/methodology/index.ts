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
export type * from './schema.ts';
export { methodologySchema } from './schema.ts';
export {
  type ApplicableForms,
  audienceMatches,
  categoryMatches,
  type EmployeeProfile,
  formsFor,
  normalizeCategoryCode,
} from './select.ts';
