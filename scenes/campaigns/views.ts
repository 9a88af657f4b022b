import { InlineKeyboard } from 'grammy';
import { callbacks } from '../../src/bot/callback-data.ts';
import type { CampaignFamily, CampaignOptions, CampaignScheme } from '../../src/evaluation/new-campaign.ts';
import { methodsOf } from '../../src/evaluation/new-campaign.ts';
import { formatDate, formatPeriod } from '../../src/i18n/format.ts';
import type { Translate } from '../../src/i18n/index.ts';
import type { Methodology } from '../../src/methodology/index.ts';
import type { Language } from '../../src/people/models.ts';

const cb = callbacks.campaignWizard;

/** What a step shows: its text and buttons. */
export interface StepView {
  text: string;
  keyboard: InlineKeyboard;
}

/** Buttons two to a row, then the cancel button alone. */
function keyboardOf(t: Translate, buttons: readonly [text: string, data: string][]): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  buttons.forEach(([text, data], i) => {
    keyboard.text(text, data);
    if (i % 2 === 1) keyboard.row();
  });
  if (buttons.length % 2 === 1) keyboard.row();
  return keyboard.text(t('wizard:cancelButton'), cb.cancel.build());
}

export function familyStep(t: Translate, families: readonly CampaignFamily[]): StepView {
  return {
    text: t('wizard:family.ask'),
    keyboard: keyboardOf(
      t,
      families.map((family) => [t(`wizard:family.${family}`), cb.family.build({ family })]),
    ),
  };
}

/** The methodology's own names of the methods a scheme runs. */
function methodTitles(methodology: Methodology, scheme: CampaignScheme, lang: Language): string {
  return methodsOf(methodology, scheme)
    .map((method) => methodology.methods[method]?.title[lang] ?? '')
    .filter(Boolean)
    .join('; ');
}

export function schemeStep(t: Translate, lang: Language, options: CampaignOptions): StepView {
  const { methodology } = options;
  const lines = [
    t('wizard:scheme.ask', { methodology: methodology.title[lang] }),
    ...options.schemes.map((choice) =>
      t('wizard:scheme.line', {
        scheme: t(`wizard:scheme.${choice.scheme}`),
        methods: methodTitles(methodology, choice.scheme, lang),
      }),
    ),
  ];
  return {
    text: lines.join('\n'),
    keyboard: keyboardOf(
      t,
      options.schemes.map((choice) => [
        t(`wizard:scheme.${choice.scheme}`),
        cb.scheme.build({ methodologyId: methodology.id, scheme: choice.scheme }),
      ]),
    ),
  };
}

export function periodStep(t: Translate, scheme: CampaignScheme, periods: readonly string[]): StepView {
  return {
    text: t('wizard:period.ask', { scheme: t(`wizard:scheme.${scheme}`) }),
    keyboard: keyboardOf(
      t,
      periods.map((period) => [formatPeriod(t, period), cb.period.build({ period })]),
    ),
  };
}

export function deadlineStep(
  t: Translate,
  period: string,
  window: { earliest: string; latest: string },
): StepView {
  return {
    text: t('wizard:deadline.ask', {
      period: formatPeriod(t, period),
      earliest: formatDate(window.earliest),
      latest: formatDate(window.latest),
    }),
    keyboard: keyboardOf(t, []),
  };
}

export function summaryStep(
  t: Translate,
  lang: Language,
  draft: { methodology: Methodology; scheme: CampaignScheme; period: string; deadline: string },
): StepView {
  return {
    text: t('wizard:summary.text', {
      methodology: draft.methodology.title[lang],
      scheme: t(`wizard:scheme.${draft.scheme}`),
      period: formatPeriod(t, draft.period),
      deadline: formatDate(draft.deadline),
    }),
    keyboard: keyboardOf(t, [[t('wizard:summary.confirmButton'), cb.confirm.build()]]),
  };
}
