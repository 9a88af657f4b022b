import { InlineKeyboard } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { callbacks } from '../../src/bot/callback-data.ts';
import type { Draft, Questionnaire } from '../../src/evaluation/survey360/answering.ts';
import type { Translate } from '../../src/i18n/index.ts';
import type { Language } from '../../src/people/models.ts';

export interface Screen {
  text: string;
  reply_markup: InlineKeyboardMarkup;
}

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
  const questionText = isSelf
    ? (slot.question.selfText?.[lang] ?? `${t('survey360:question.selfPrefix')} ${slot.question.text[lang]}`)
    : slot.question.text[lang];
  const chosen = ((draft.answers ?? {}) as Record<string, number>)[slot.question.id];
  const keyboard = new InlineKeyboard();
  for (const step of questionnaire.survey.answerScale.steps) {
    const mark = step.value === chosen ? '● ' : '';
    keyboard
      .text(
        `${mark}${step.value} — ${step.label[lang]}`,
        cb.answer.build({ draftId: String(draft._id), position: draft.position, value: step.value }),
      )
      .row();
  }
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
  return { text: `${header}\n${about}\n\n${questionText}`, reply_markup: keyboard };
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

export function changeScreen(
  t: Translate,
  lang: Language,
  questionnaire: Questionnaire,
  draft: Draft,
): Screen {
  const keyboard = new InlineKeyboard();
  questionnaire.set.competencies.forEach((competency, index) => {
    keyboard
      .text(
        `${index + 1}. ${competency.title[lang]}`,
        cb.changeCompetency.build({ draftId: String(draft._id), competency: index }),
      )
      .row();
  });
  keyboard.text(t('survey360:confirm.noButton'), cb.review.build({ draftId: String(draft._id) }));
  return { text: t('survey360:review.chooseCompetency'), reply_markup: keyboard };
}

export function confirmScreen(t: Translate, draft: Draft): Screen {
  const id = String(draft._id);
  return {
    text: t('survey360:confirm.text'),
    reply_markup: new InlineKeyboard()
      .text(t('survey360:confirm.yesButton'), cb.confirm.build({ draftId: id }))
      .row()
      .text(t('survey360:confirm.noButton'), cb.review.build({ draftId: id })),
  };
}
