import type { Confidentiality, Methodology, ResultViewer, ViewScope } from './schema.ts';

/**
 * Who may see results under a methodology, as its data says (001 line 138: the evaluatee, the
 * evaluator, the head of HR and the calibration session's participants only). The one access function
 * of the bot reads this; nothing else decides who sees a score.
 */
export function viewScopeOf(methodology: Methodology, viewer: ResultViewer): ViewScope {
  return methodology.confidentiality.viewers[viewer];
}

/** Disclosures the seed allows beyond the viewers (Justice: for official necessity). */
export function disclosureExceptions(methodology: Methodology): Confidentiality['exceptions'] {
  return methodology.confidentiality.exceptions;
}

/**
 * A body whose methodology is unknown shows results to nobody but the evaluatee: the strictest reading,
 * so a missing data file never widens access.
 */
export const STRICTEST_CONFIDENTIALITY: Confidentiality = {
  classification: 'strictlyConfidential',
  viewers: {
    evaluatee: 'ownResults',
    evaluator: 'nothing',
    hrHead: 'nothing',
    caseMember: 'nothing',
    authorisedPerson: 'nothing',
    hrOfficer: 'progressAndDelivery',
    admin: 'nothing',
  },
  exceptions: [],
};
