import type { Result360 } from '../../evaluation/survey360/results.ts';
import { formatScore } from '../../i18n/format.ts';
import type { Translate } from '../../i18n/index.ts';
import type { Methodology } from '../../methodology/index.ts';
import type { Language } from '../../people/models.ts';

/** Telegram's limit for a photo's caption, in UTF-16 code units. */
export const CAPTION_LIMIT = 1024;

interface TextOptions {
  /** The self-assessment next to each average (shown, never counted). */
  withSelf?: boolean;
  /** One line per competency. */
  withLines?: boolean;
}

/** The result table in the reader's language; competency titles and band labels come from the methodology. */
export function resultText(
  t: Translate,
  lang: Language,
  methodology: Methodology,
  competencySetId: string,
  heading: { name: string; year: number },
  result: Result360 | null,
  options: TextOptions = {},
): string {
  const { withSelf = true, withLines = true } = options;
  const title = t('survey360:result.title', heading);
  if (!result) return `${title}\n\n${t('survey360:result.notAvailable')}`;
  if (!result.ok)
    return `${title}\n\n${t('survey360:result.notEnough', { have: result.have, need: result.need })}`;
  const set = methodology.methods.survey360?.competencySets.find((s) => s.id === competencySetId);
  const titleOf = (id: string) => set?.competencies.find((c) => c.id === id)?.title[lang] ?? id;
  const lines = result.perCompetency.map((c) => {
    const flag = result.lowest.includes(c.id) ? ' ⚠' : '';
    const self =
      !withSelf || c.selfAverage === null
        ? ''
        : t('survey360:result.selfPart', { value: formatScore(c.selfAverage) });
    return `${t('survey360:result.line', { competency: titleOf(c.id), average: formatScore(c.average) })}${self}${flag}`;
  });
  const band = methodology.bands.find((b) => b.id === result.band)?.label[lang] ?? result.band;
  return [
    title,
    '',
    ...(withLines ? [...lines, ''] : []),
    t('survey360:result.overall', { overall: formatScore(result.overall), band }),
    t('survey360:result.lowest', { list: result.lowest.map(titleOf).join(', ') }),
    t('survey360:result.respondents', { count: result.respondentCount }),
  ].join('\n');
}

/**
 * The result as the caption of its radar chart, within Telegram's caption limit: the whole table when it
 * fits, else without the self-assessment column, else the summary with a pointer to the full table.
 */
export function resultCaption(
  t: Translate,
  lang: Language,
  methodology: Methodology,
  competencySetId: string,
  heading: { name: string; year: number },
  result: Result360,
): string {
  const text = (options: TextOptions) =>
    resultText(t, lang, methodology, competencySetId, heading, result, options);
  const full = text({});
  if (full.length <= CAPTION_LIMIT) return full;
  const withoutSelf = text({ withSelf: false });
  if (withoutSelf.length <= CAPTION_LIMIT) return withoutSelf;
  const summary = `${text({ withLines: false })}\n\n${t('results:caption.fullTable')}`;
  return summary.length <= CAPTION_LIMIT ? summary : `${summary.slice(0, CAPTION_LIMIT - 1)}…`;
}
