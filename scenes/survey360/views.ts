import { InlineKeyboard } from 'grammy';
import { callbacks } from '../../src/bot/callback-data.ts';
import { confirmKeyboard, markChosen, numberButtons } from '../../src/bot/ui/question-buttons.ts';
import type { Screen } from '../../src/bot/ui/screen.ts';
import type { Draft, Questionnaire } from '../../src/evaluation/survey360/answering.ts';
import type { Translate } from '../../src/i18n/index.ts';
import type { Language } from '../../src/people/models.ts';

const { survey: cb } = callbacks;

export function introScreen(
  t: Translate,
  lang: Language,
  questionnaire: Questionnaire,
  draft: Draft,
): Screen {
  return {
    text: questionnaire.survey.intro?.[lang] ?? '',
    reply_markup: new InlineKeyboard().text(
      t('survey360:continueButton'),
      cb.go.build({ draftId: String(draft._id) }),
    ),
  };
}

export function questionScreen(
  t: Translate,
  lang: Language,
  questionnaire: Questionnaire,
  draft: Draft,
  targetName: string,
): Screen {
  const slot = questionnaire.slots[draft.position]!;
  const isSelf = questionnaire.assignment.relation === 'self';
  // The self-assessment asks in the first person: the methodology gives each question that form.
  const questionText = isSelf ? slot.question.selfText[lang] : slot.question.text[lang];
  const chosen = ((draft.answers ?? {}) as Record<string, number>)[slot.question.id];
  const { steps } = questionnaire.survey.answerScale;
  // Buttons carry the point and a short label; the full scale is written once, in the message.
  const keyboard = new InlineKeyboard();
  for (const step of steps) {
    keyboard
      .text(
        markChosen(`${step.value} — ${(step.short ?? step.label)[lang]}`, step.value === chosen),
        cb.answer.build({ draftId: String(draft._id), position: draft.position, value: step.value }),
      )
      .row();
  }
  const legend = t('survey360:question.legend', {
    legend: steps.map((s) => `${s.value} — ${s.label[lang]}`).join('\n'),
  });
  if (draft.position > 0)
    keyboard.text(
      t('survey360:backButton'),
      cb.back.build({ draftId: String(draft._id), position: draft.position }),
    );
  keyboard.text(t('survey360:laterButton'), cb.later.build({ draftId: String(draft._id) }));
  const header = t('survey360:question.progress', {
    k: draft.position + 1,
    n: questionnaire.slots.length,
    competency: slot.competency.title[lang],
  });
  const about = isSelf
    ? t('survey360:question.aboutSelf')
    : t('survey360:question.about', { name: targetName });
  return { text: `${header}\n${about}\n\n${questionText}\n\n${legend}`, reply_markup: keyboard };
}

export function reviewScreen(
  t: Translate,
  lang: Language,
  questionnaire: Questionnaire,
  draft: Draft,
  targetName: string,
): Screen {
  const answers = (draft.answers ?? {}) as Record<string, number>;
  const lines = questionnaire.set.competencies.map((competency, index) =>
    t('survey360:review.line', {
      index: index + 1,
      competency: competency.title[lang],
      answers: competency.questions.map((q) => answers[q.id] ?? '—').join(', '),
    }),
  );
  const legend = questionnaire.survey.answerScale.steps
    .map((s) => `${s.value} — ${s.label[lang]}`)
    .join('; ');
  const id = String(draft._id);
  return {
    text: [
      t('survey360:review.title', { name: targetName }),
      '',
      ...lines,
      '',
      t('survey360:review.legend', { legend }),
    ].join('\n'),
    reply_markup: new InlineKeyboard()
      .text(t('survey360:review.changeButton'), cb.change.build({ draftId: id }))
      .text(t('survey360:review.submitButton'), cb.submit.build({ draftId: id })),
  };
}

/** Numbered buttons per row on the "change" screen: short enough for any phone. */
const NUMBERS_PER_ROW = 6;

export function changeScreen(
  t: Translate,
  lang: Language,
  questionnaire: Questionnaire,
  draft: Draft,
): Screen {
  const lines = [
    t('survey360:review.chooseCompetency'),
    '',
    ...questionnaire.set.competencies.map((competency, index) =>
      t('survey360:review.competencyLine', { index: index + 1, competency: competency.title[lang] }),
    ),
  ];
  const numbers = questionnaire.set.competencies.map((_, index) => ({
    number: index + 1,
    data: cb.changeCompetency.build({ draftId: String(draft._id), competency: index }),
  }));
  const keyboard = numberButtons(new InlineKeyboard(), numbers, NUMBERS_PER_ROW).text(
    t('survey360:confirm.noButton'),
    cb.review.build({ draftId: String(draft._id) }),
  );
  return { text: lines.join('\n'), reply_markup: keyboard };
}

export function confirmScreen(t: Translate, draft: Draft): Screen {
  const id = String(draft._id);
  return {
    text: t('survey360:confirm.text'),
    reply_markup: confirmKeyboard(
      { text: t('survey360:confirm.yesButton'), data: cb.confirm.build({ draftId: id }) },
      { text: t('survey360:confirm.noButton'), data: cb.review.build({ draftId: id }) },
    ),
  };
}
