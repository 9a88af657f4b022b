import type { CalibrationRoute, CommissionRoute, Methodology, NotSet, Route, SetBy, Term } from './schema.ts';

/**
 * What follows a result, read from the data. A term the seed does not give is `null` here ("not set"),
 * never a number from code: callers then skip what depends on it, or say who must set it.
 */

export function isNotSet(value: unknown): value is NotSet {
  return typeof value === 'object' && value !== null && (value as { notSet?: unknown }).notSet === true;
}

/** The value, or null when the data says "not set". */
export function valueOrNull<T>(value: T | NotSet): T | null {
  return isNotSet(value) ? null : value;
}

/** Working days of a term, or null when the seed leaves it open. */
export const termDays = (term: Term): number | null => valueOrNull(term);

/** Who must set a rule the seed leaves open, or null when it is set. */
export const setByOf = (value: unknown): SetBy | null => (isNotSet(value) ? value.setBy : null);

/**
 * The route after a result: the scoped KPI procedure's own (Chapter 6, its sheets carry the scope id as
 * their form id), else the methodology's.
 */
export function routeOf(methodology: Methodology, formId?: string | null): Route {
  const scoped = methodology.methods.scopedKpi;
  return scoped && formId === scoped.scope.id ? scoped.route : methodology.route;
}

export const isCalibration = (route: Route): route is CalibrationRoute => route.kind === 'calibrationSession';
export const isCommission = (route: Route): route is CommissionRoute => route.kind === 'commission';

/** The terms a result notice needs, each null where the route or the seed has none. */
export interface NoticeTerms {
  /** HR acquaints within N working days; null = no acquaintance term (no "not acknowledged" alert). */
  acquaintanceWorkingDays: number | null;
  /**
   * The employee's own step after receiving the result: a calibration application within N working days
   * of delivery. Null where the route offers none (commission routes: the appeal runs from the decision).
   */
  calibrationApplicationWorkingDays: number | null;
  calibrationDecisionWorkingDays: number | null;
  calibrationSessionWorkingDays: number | null;
  /** Appeal of the commission's decision to the civil-service agency, counted from the decision. */
  agencyAppealWorkingDays: number | null;
  /** Witnesses of a refusal act (Kentau), null = no refusal act. */
  refusalActWitnesses: number | null;
}

export function noticeTerms(route: Route): NoticeTerms {
  if (isCalibration(route))
    return {
      acquaintanceWorkingDays: termDays(route.acquaintanceWorkingDays),
      calibrationApplicationWorkingDays: termDays(route.applicationWorkingDays),
      calibrationDecisionWorkingDays: termDays(route.decisionWorkingDays),
      calibrationSessionWorkingDays: termDays(route.sessionWorkingDays),
      agencyAppealWorkingDays: null,
      refusalActWitnesses: null,
    };
  return {
    acquaintanceWorkingDays: termDays(route.acquaintance.workingDays),
    calibrationApplicationWorkingDays: null,
    calibrationDecisionWorkingDays: null,
    calibrationSessionWorkingDays: null,
    agencyAppealWorkingDays: valueOrNull(route.appeal)?.workingDays ?? null,
    refusalActWitnesses: route.acquaintance.refusalActWitnesses,
  };
}

/** Terms of a notice whose methodology is unknown: nothing is set. */
export const NO_TERMS: NoticeTerms = {
  acquaintanceWorkingDays: null,
  calibrationApplicationWorkingDays: null,
  calibrationDecisionWorkingDays: null,
  calibrationSessionWorkingDays: null,
  agencyAppealWorkingDays: null,
  refusalActWitnesses: null,
};
