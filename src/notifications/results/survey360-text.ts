import type { Result360 } from '../../evaluation/survey360/results.ts';
import { formatScore } from '../../i18n/format.ts';
import type { Translate } from '../../i18n/index.ts';
import type { Methodology } from '../../methodology/index.ts';
import type { Language } from '../../people/models.ts';

/** The result table in the reader's language; competency titles and band labels come from the methodology. */
export function resultText(
  t: Translate,
  lang: Language,
  methodology: Methodology,
  competencySetId: string,
  heading: { name: string; year: number },
  result: Result360 | null,
): string {
  const title = t('survey360:result.title', heading);
  if (!result) return `${title}\n\n${t('survey360:result.notAvailable')}`;
  if (!result.ok)
    return `${title}\n\n${t('survey360:result.notEnough', { have: result.have, need: result.need })}`;
  const set = methodology.methods.survey360?.competencySets.find((s) => s.id === competencySetId);
  const titleOf = (id: string) => set?.competencies.find((c) => c.id === id)?.title[lang] ?? id;
  const lines = result.perCompetency.map((c) => {
    const flag = result.lowest.includes(c.id) ? ' ⚠' : '';
    const self =
      c.selfAverage === null ? '' : t('survey360:result.selfPart', { value: formatScore(c.selfAverage) });
    return `${t('survey360:result.line', { competency: titleOf(c.id), average: formatScore(c.average) })}${self}${flag}`;
  });
  const band = methodology.bands.find((b) => b.id === result.band)?.label[lang] ?? result.band;
  return [
    title,
    '',
    ...lines,
    '',
    t('survey360:result.overall', { overall: formatScore(result.overall), band }),
    t('survey360:result.lowest', { list: result.lowest.map(titleOf).join(', ') }),
    t('survey360:result.respondents', { count: result.respondentCount }),
  ].join('\n');
}
