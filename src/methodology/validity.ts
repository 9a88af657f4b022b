import type { Act, MethodKind, Methodology, Validity } from './schema.ts';

/** An evaluated period, both days inclusive (YYYY-MM-DD). */
export interface EvaluatedPeriod {
  start: string;
  end: string;
}

export type ValidityCheck =
  | { ok: true }
  /** The methodology applies to periods starting on or after `appliesFrom` (Justice: 2025-07-01). */
  | { ok: false; reason: 'notYetApplicable'; appliesFrom: string; part: ValidityPart }
  /** In force until `validUntil`; the period ends after it (Köksu Chapter 6: 2023-08-31). */
  | { ok: false; reason: 'expired'; validUntil: string; part: ValidityPart }
  /** Repealed on `repealedOn` by act No. `number`; the period ends on or after it (Kentau). */
  | {
      ok: false;
      reason: 'repealed';
      repealedOn: string;
      number: string;
      body: Act['body'];
      part: ValidityPart;
    };

/** Whose dates refused the period: the methodology's, or its scoped KPI procedure's (Chapter 6). */
export type ValidityPart = 'methodology' | 'scopedKpi';

function check(validity: Validity | undefined, period: EvaluatedPeriod, part: ValidityPart): ValidityCheck {
  if (!validity) return { ok: true };
  const { appliesFrom, validUntil, repealed } = validity;
  if (appliesFrom && period.start < appliesFrom)
    return { ok: false, reason: 'notYetApplicable', appliesFrom, part };
  if (repealed && period.end >= repealed.date)
    return {
      ok: false,
      reason: 'repealed',
      repealedOn: repealed.date,
      number: repealed.number,
      body: repealed.body,
      part,
    };
  if (validUntil && period.end > validUntil) return { ok: false, reason: 'expired', validUntil, part };
  return { ok: true };
}

/**
 * Whether a period may be evaluated under the methodology (and, for `scopedKpi`, under its scoped
 * procedure too). A period counts when the rules were in force for all of it: it starts on or after
 * `appliesFrom`, ends on or before `validUntil`, and ends before a repeal. Campaign creation refuses the
 * rest with these dates.
 */
export function validityOn(
  methodology: Methodology,
  period: EvaluatedPeriod,
  method?: MethodKind,
): ValidityCheck {
  const whole = check(methodology.validity, period, 'methodology');
  if (!whole.ok || method !== 'scopedKpi') return whole;
  return check(methodology.methods.scopedKpi?.validity, period, 'scopedKpi');
}
