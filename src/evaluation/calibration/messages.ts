import type { IsoDate } from '../../calendar/index.ts';
import { formatDate, periodWords } from '../../i18n/format.ts';
import type { Translate } from '../../i18n/index.ts';
import { formatScore } from '../../i18n/numbers.ts';
import { answerLines } from '../../notifications/results/ranking-text.ts';
import type { Language } from '../../people/models.ts';
import type { AppServices } from '../../services.ts';
import { loadSheet } from '../ranking/sheet.ts';
import { type CalibrationCase, routeOfCase } from './case.ts';

/** Telegram's text limit, with room for the buttons' row labels not counting. */
const TEXT_LIMIT = 4000;

export function bandLabel(
  c: Pick<CalibrationCase, 'methodologyId'>,
  band: string | null | undefined,
  lang: Language,
) {
  const methodology = routeOfCase(c)?.methodology;
  return methodology?.bands.find((b) => b.id === band)?.label[lang] ?? band ?? '';
}

export const scoreText = (score: number | null | undefined) =>
  score === null || score === undefined ? '—' : formatScore(score);

/** Text capped at Telegram's limit: the case's long parts (sheet notes, statement) are cut, never split. */
export function capped(lines: readonly string[]): string {
  const text = lines.join('\n');
  return text.length <= TEXT_LIMIT ? text : `${text.slice(0, TEXT_LIMIT - 1)}…`;
}

/**
 * The case as a member (or the authorised person) reads it: the employee, the disputed result with its
 * band, the sheet with the evaluator's justifications, the statement, and the written arguments.
 */
export async function caseLines(
  services: AppServices,
  c: CalibrationCase,
  t: Translate,
  lang: Language,
): Promise<string[]> {
  const { Employee, Appeal } = services.models;
  const employee = await Employee.findById(c.employeeId, { fullName: 1 }).lean();
  const evaluator = c.evaluatorId ? await Employee.findById(c.evaluatorId, { fullName: 1 }).lean() : null;
  const appeal = await Appeal.findById(c.appealId, { statement: 1 }).lean();
  const lines = [
    t('calibration:case.title', { name: employee?.fullName ?? '' }),
    c.period
      ? t('calibration:case.period', periodWords(t, c.period))
      : t('calibration:case.kind', { kind: t(`notices:kinds.${c.noticeKind}`) }),
    t('calibration:case.result', { score: scoreText(c.score), band: bandLabel(c, c.band, lang) }),
    t('calibration:case.evaluator', { name: evaluator?.fullName ?? '—' }),
    t('calibration:case.filed', { date: formatDate(c.filedOn) }),
  ];
  const view = c.sheetId ? await loadSheet(services.models, c.sheetId) : null;
  if (view) {
    lines.push('', t('calibration:case.sheet'), ...answerLines(t, lang, view, true));
    if (view.sheet.review?.comment)
      lines.push(t('calibration:case.reviewComment', { text: view.sheet.review.comment }));
  }
  lines.push('', t('calibration:case.statement'), appeal?.statement ?? '');
  for (const side of ['evaluator', 'employee'] as const) {
    const text = c.arguments?.[side];
    if (text) lines.push('', t(`calibration:case.argument.${side}`), text);
  }
  return lines;
}

export const dateText = (date: string | null | undefined) => (date ? formatDate(date as IsoDate) : '—');
