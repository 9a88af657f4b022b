import type { SanctionCap } from '../../../src/evaluation/scoring/index.ts';

/** Justice methodology, parameter 5 "absence of disciplinary sanctions". */
export const JUSTICE_CAPS: SanctionCap[] = [
  { sanction: 'warning', maxScore: 2.99, label: { kk: 'ескерту', ru: 'замечание' } },
  { sanction: 'reprimand', maxScore: 2.99, label: { kk: 'сөгіс', ru: 'выговор' } },
  { sanction: 'severeReprimand', maxScore: 2.99, label: { kk: 'қатаң сөгіс', ru: 'строгий выговор' } },
  { sanction: 'other', maxScore: 1.99, label: { kk: 'өзге де жаза', ru: 'иное взыскание' } },
];
