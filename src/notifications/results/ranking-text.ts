import type { KpiItem } from '../../evaluation/ranking/models.ts';
import { justificationsOf, type SheetView, scoresOf } from '../../evaluation/ranking/sheet.ts';
import { formatNumber, formatPercent, formatScore } from '../../i18n/format.ts';
import type { Translate } from '../../i18n/index.ts';
import type { Language } from '../../people/models.ts';

/**
 * The sheet's answers, one line each: parameter scores (with justifications when asked) and the
 * sanction, or the KPIs (percent and score, or fulfilled / not fulfilled).
 */
export function answerLines(t: Translate, lang: Language, view: SheetView, withNotes: boolean): string[] {
  const { sheet } = view;
  const lines: string[] = [];
  if (view.form) {
    const scores = scoresOf(sheet);
    const notes = justificationsOf(sheet);
    view.form.parameters.forEach((p, i) => {
      const value = scores[p.id];
      lines.push(
        t('ranking:summary.line', {
          index: i + 1,
          title: p.title[lang],
          value: value === undefined ? '—' : formatNumber(value),
        }),
      );
      if (withNotes && notes[p.id]) lines.push(t('ranking:summary.note', { text: notes[p.id] }));
    });
    if (view.steps.some((s) => s.kind === 'sanction'))
      lines.push(
        t('ranking:summary.sanction', { sanction: t(`ranking:sanctions.${sheet.sanction ?? 'none'}`) }),
      );
    return lines;
  }
  sheet.kpis.forEach((k, i) => {
    const kpi = k as KpiItem;
    lines.push(
      kpi.fulfilled === null || kpi.fulfilled === undefined
        ? t('ranking:summary.kpiLine', {
            index: i + 1,
            title: kpi.title,
            percent: formatPercent(kpi.percent ?? 0),
            value: kpi.score === null || kpi.score === undefined ? '—' : formatScore(kpi.score),
          })
        : t(kpi.fulfilled ? 'ranking:summary.kpiFulfilled' : 'ranking:summary.kpiNotFulfilled', {
            index: i + 1,
            title: kpi.title,
          }),
    );
  });
  return lines;
}

/** The sheet's final line: the average and band, or (Chapter 6) fulfilled KPIs out of the total and band. */
export function resultLine(
  t: Translate,
  lang: Language,
  view: SheetView,
  result: { average?: number | null; fulfilledCount?: number | null; band?: string | null },
): string {
  const band = view.methodology.bands.find((b) => b.id === result.band)?.label[lang] ?? result.band ?? '';
  return result.average === null || result.average === undefined
    ? t('ranking:summary.fulfilledResult', {
        fulfilled: result.fulfilledCount ?? 0,
        total: view.sheet.kpis.length,
        band,
      })
    : t('ranking:summary.result', { average: formatScore(result.average), band });
}
