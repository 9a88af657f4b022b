import type { RankingSheetDoc } from '../../evaluation/ranking/models.ts';
import type { ExportLabels } from '../../evaluation/ranking/results.ts';
import type { Translate } from '../../i18n/index.ts';
import { notEvaluatedReason } from './ranking.ts';

/** A sheet's status as HR reads it, with why it is not evaluated or evaluated without participation. */
export function statusLabel(
  t: Translate,
  sheet: Pick<RankingSheetDoc, 'status' | 'reason' | 'participation'> & { reasonNote?: string | null },
): string {
  const status = t(`ranking:statuses.${sheet.status}`);
  if (sheet.status === 'notEvaluated') return `${status}: ${notEvaluatedReason(t, sheet)}`;
  if (sheet.participation === 'withoutParticipation')
    return `${status} (${t('ranking:list.withoutParticipation')}: ${t(`ranking:reasons.${sheet.reason}`)})`;
  return status;
}

/** The quarter export's column headers and labels in one language. */
export function rankingExportLabels(t: Translate): ExportLabels {
  return {
    employee: t('ranking:export.employee'),
    personnelNumber: t('ranking:export.personnelNumber'),
    position: t('ranking:export.position'),
    sheet: t('ranking:export.sheet'),
    average: t('ranking:export.average'),
    band: t('ranking:export.band'),
    evaluator: t('ranking:export.evaluator'),
    status: t('ranking:export.status'),
    kindLabel: (kind) => t(`ranking:kinds.${kind}`),
    statusLabel: (sheet) => statusLabel(t, sheet),
  };
}
