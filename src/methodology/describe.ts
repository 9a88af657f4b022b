import { formatDate, formatPeriod } from '../i18n/format.ts';
import type { Translate } from '../i18n/index.ts';
import type { Lang, Methodology, SetBy, Survey360Method } from './schema.ts';
import type { ValidityCheck } from './validity.ts';

/**
 * Why a period cannot be evaluated under the methodology, with its dates, in the reader's language
 * (campaign creation shows it to HR). `periodCode` is '2026-Q3' or '2026'.
 */
export function describeValidity(
  t: Translate,
  lang: Lang,
  methodology: Methodology,
  refusal: Exclude<ValidityCheck, { ok: true }>,
  periodCode: string,
): string {
  const what =
    refusal.part === 'scopedKpi'
      ? (methodology.methods.scopedKpi?.title[lang] ?? methodology.title[lang])
      : methodology.title[lang];
  const period = formatPeriod(t, periodCode, 'for');
  switch (refusal.reason) {
    case 'notYetApplicable':
      return t('methodology:validity.notYetApplicable', {
        period,
        what,
        appliesFrom: formatDate(refusal.appliesFrom),
      });
    case 'expired':
      return t('methodology:validity.expired', { period, what, validUntil: formatDate(refusal.validUntil) });
    case 'repealed':
      return t('methodology:validity.repealed', {
        period,
        what,
        number: refusal.number,
        repealedOn: formatDate(refusal.repealedOn),
      });
  }
}

/** The parts of a 360 method the seed does not give (Kentau), as one line for HR; null when none. */
export function describeAssumed360(t: Translate, survey: Survey360Method): string | null {
  if (!survey.assumed?.length) return null;
  const parts = survey.assumed.map((part) => t(`methodology:assumed.parts.${part}`)).join(', ');
  return t('methodology:assumed.title', { parts });
}

/** Who must set a rule the seed leaves open. */
export const describeSetBy = (t: Translate, setBy: SetBy): string => t(`methodology:setBy.${setBy}`);
