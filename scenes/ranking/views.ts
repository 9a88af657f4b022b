import { InlineKeyboard } from 'grammy';
import { callbacks } from '../../src/bot/callback-data.ts';
import { confirmKeyboard, markChosen, numberButtons } from '../../src/bot/ui/question-buttons.ts';
import type { Screen } from '../../src/bot/ui/screen.ts';
import type { KpiItem } from '../../src/evaluation/ranking/models.ts';
import {
  type AnswerProblem,
  capOn,
  justificationsOf,
  resultOf,
  SANCTION_CHOICES,
  type SheetView,
  scoresOf,
} from '../../src/evaluation/ranking/sheet.ts';
import { formatDate, formatNumber, formatPercent, formatScore, periodWords } from '../../src/i18n/format.ts';
import type { Translate } from '../../src/i18n/index.ts';
import { answerLines, resultLine } from '../../src/notifications/results/ranking-text.ts';
import type { Language } from '../../src/people/models.ts';

const { sheet: cb } = callbacks;
/** The sheet and the step on screen: every button names them, so an old tap changes nothing. */
const at = (view: SheetView) => ({ sheetId: String(view.sheet._id), step: view.sheet.step });

export interface Person {
  fullName: string;
  position: string;
}

function header(t: Translate, lang: Language, view: SheetView, person: Person): string {
  const { sheet } = view;
  const title = view.form?.title[lang] ?? view.kpiMethod?.title[lang] ?? t('ranking:kinds.kpi');
  const lines = [
    t('ranking:sheet.header', { title, name: person.fullName, position: person.position }),
    sheet.deadline
      ? t('ranking:sheet.deadline', { ...periodWords(t, sheet.period), deadline: formatDate(sheet.deadline) })
      : t('ranking:sheet.deadlineAfterReturn', {
          ...periodWords(t, sheet.period),
          days: view.methodology.eligibility.kpiWithinWorkingDaysAfterReturn ?? '',
        }),
  ];
  if (sheet.participation === 'withoutParticipation')
    lines.push(t('ranking:sheet.withoutParticipation', { reason: t(`ranking:reasons.${sheet.reason}`) }));
  if (sheet.status === 'returned' && sheet.review?.comment)
    lines.push(
      t('ranking:sheet.returnedNote', {
        comment: sheet.review.comment,
        dueBy: formatDate(sheet.review.dueBy ?? sheet.deadline ?? ''),
      }),
    );
  return lines.join('\n');
}

/** The question on screen, or the summary once every question is answered. */
export function sheetScreen(t: Translate, lang: Language, view: SheetView, person: Person): Screen {
  const step = view.steps[view.sheet.step];
  if (!step) return summaryScreen(t, lang, view, person);
  const keyboard = new InlineKeyboard();
  const progress = t('ranking:sheet.progress', { k: view.sheet.step + 1, n: view.steps.length });
  const lines = [header(t, lang, view, person), '', progress];
  switch (step.kind) {
    case 'score': {
      const form = view.form!;
      const parameter = form.parameters[step.param]!;
      const cap = capOn(view, step.param);
      const max = cap ? cap.maxScore : form.scale.max;
      lines.push(
        t('ranking:sheet.parameter', {
          index: step.param + 1,
          total: form.parameters.length,
          title: parameter.title[lang],
        }),
        '',
        parameter.criteria[lang],
        '',
        t(form.scale.decimals ? 'ranking:sheet.scoreHintDecimals' : 'ranking:sheet.scoreHint', {
          min: form.scale.min,
          max: formatScore(max),
        }),
      );
      if (cap)
        lines.push(t('ranking:sheet.capHint', { sanction: cap.label[lang], max: formatScore(cap.maxScore) }));
      const chosen = scoresOf(view.sheet)[parameter.id];
      if (chosen !== undefined) lines.push(t('ranking:sheet.current', { value: formatNumber(chosen) }));
      for (let points = form.scale.min; points <= Math.floor(max); points++)
        keyboard.text(
          markChosen(String(points), points === chosen),
          cb.value.build({ ...at(view), value: points }),
        );
      keyboard.row();
      break;
    }
    case 'justify': {
      const form = view.form!;
      const parameter = form.parameters[step.param]!;
      const label = form.justificationLabel?.[lang] ?? t('ranking:sheet.justification');
      const score = scoresOf(view.sheet)[parameter.id];
      lines.push(
        t(
          form.justification === 'required'
            ? 'ranking:sheet.justifyRequired'
            : 'ranking:sheet.justifyOptional',
          {
            label,
            title: parameter.title[lang],
            value: score === undefined ? '—' : formatNumber(score),
          },
        ),
      );
      const given = justificationsOf(view.sheet)[parameter.id];
      if (given) lines.push(t('ranking:sheet.currentText', { text: given }));
      if (form.justification === 'optional')
        keyboard.text(t('ranking:buttons.skip'), cb.skip.build(at(view))).row();
      break;
    }
    case 'sanction': {
      lines.push(t('ranking:sheet.sanctionQuestion'));
      SANCTION_CHOICES.forEach((choice, index) => {
        keyboard
          .text(
            markChosen(t(`ranking:sanctions.${choice}`), view.sheet.sanction === choice),
            cb.sanction.build({ ...at(view), choice: index }),
          )
          .row();
      });
      break;
    }
    case 'actual': {
      const kpi = view.sheet.kpis[step.param] as KpiItem;
      lines.push(kpiLine(t, view, step.param), '', t('ranking:kpi.askActual', { unit: kpi.unit || '—' }));
      break;
    }
    case 'kpiScore': {
      const kpi = view.sheet.kpis[step.param] as KpiItem;
      const min = kpi.minScore ?? 0;
      const maxScore = kpi.maxScore ?? 5;
      lines.push(
        kpiLine(t, view, step.param),
        t('ranking:kpi.achieved', {
          actual: formatNumber(kpi.actual ?? 0),
          percent: formatPercent(kpi.percent ?? 0),
          min: formatScore(min),
          max: formatScore(maxScore),
        }),
        ...(kpi.actualFromHr ? [t('kpi:actuals.fromHr')] : []),
        '',
        t('ranking:kpi.askScore'),
      );
      for (const value of [...new Set([min, Math.round(((min + maxScore) / 2) * 100) / 100, maxScore])])
        keyboard.text(formatScore(value), cb.value.build({ ...at(view), value }));
      keyboard.row();
      break;
    }
    case 'fulfilled': {
      lines.push(kpiLine(t, view, step.param), '', t('ranking:kpi.askFulfilled'));
      keyboard
        .text(t('ranking:buttons.fulfilled'), cb.fulfilled.build({ ...at(view), fulfilled: true }))
        .text(t('ranking:buttons.notFulfilled'), cb.fulfilled.build({ ...at(view), fulfilled: false }))
        .row();
      break;
    }
  }
  if (view.sheet.step > 0) keyboard.text(t('ranking:buttons.back'), cb.back.build(at(view)));
  keyboard.text(t('ranking:buttons.list'), cb.list.build());
  return { text: lines.join('\n'), reply_markup: keyboard };
}

/** Every answer, the average and the band; change or submit. */
export function summaryScreen(t: Translate, lang: Language, view: SheetView, person: Person): Screen {
  const lines = [
    header(t, lang, view, person),
    '',
    t('ranking:summary.title'),
    ...answerLines(t, lang, view, true),
  ];
  const result = resultOf(view);
  lines.push('', result ? resultLine(t, lang, view, result) : t('ranking:summary.incomplete'));
  const keyboard = new InlineKeyboard();
  if (view.steps.length > 0) keyboard.text(t('ranking:buttons.back'), cb.back.build(at(view)));
  keyboard.text(t('ranking:buttons.change'), cb.change.build(at(view)));
  if (result) keyboard.row().text(t('ranking:buttons.submit'), cb.submit.build(at(view)));
  keyboard.row().text(t('ranking:buttons.list'), cb.list.build());
  return { text: lines.join('\n'), reply_markup: keyboard };
}

/** Buttons per row of the numbered "change" keyboard: short enough for any phone. */
const NUMBERS_PER_ROW = 5;

/**
 * Which answer to change. Titles are too long for a button, so the message lists them numbered and
 * the buttons carry the numbers; the sanction has its own button.
 */
export function changeScreen(t: Translate, lang: Language, view: SheetView): Screen {
  const keyboard = new InlineKeyboard();
  const lines = [t('ranking:change.title'), ''];
  const numbers: { number: number; data: string }[] = [];
  let sanction: number | null = null;
  view.steps.forEach((step, index) => {
    if (step.kind === 'sanction') sanction = index;
    let title: string | null = null;
    if (step.kind === 'score') title = view.form!.parameters[step.param]!.title[lang];
    // A KPI is changed from its first question: the actual value, or the score where HR gave the value.
    const kpi = view.sheet.kpis[step.param] as KpiItem | undefined;
    if (
      step.kind === 'actual' ||
      step.kind === 'fulfilled' ||
      (step.kind === 'kpiScore' && kpi?.actualFromHr)
    )
      title = kpi!.title;
    if (title === null) return;
    lines.push(t('ranking:change.line', { index: step.param + 1, title }));
    numbers.push({ number: step.param + 1, data: cb.goTo.build({ ...at(view), target: index }) });
  });
  numberButtons(keyboard, numbers, NUMBERS_PER_ROW);
  if (sanction !== null)
    keyboard.text(t('ranking:change.sanction'), cb.goTo.build({ ...at(view), target: sanction })).row();
  keyboard.text(t('ranking:buttons.toSummary'), cb.summary.build(at(view)));
  return { text: lines.join('\n'), reply_markup: keyboard };
}

export function confirmScreen(t: Translate, view: SheetView, review: boolean): Screen {
  return {
    text: t(review ? 'ranking:confirm.textReview' : 'ranking:confirm.text'),
    reply_markup: confirmKeyboard(
      { text: t('ranking:buttons.confirm'), data: cb.confirm.build(at(view)) },
      { text: t('ranking:buttons.toSummary'), data: cb.summary.build(at(view)) },
    ),
  };
}

/** A refused answer, in words the evaluator can act on. */
export function problemText(t: Translate, lang: Language, view: SheetView, problem: AnswerProblem): string {
  switch (problem.code) {
    case 'aboveSanctionCap': {
      const step = view.steps[view.sheet.step];
      const cap = step ? capOn(view, step.param) : null;
      return t('ranking:errors.aboveSanctionCap', {
        sanction: cap?.label[lang] ?? t(`ranking:sanctions.${problem.sanction}`),
        max: formatScore(problem.maxScore),
      });
    }
    case 'outsideKpiRange':
      return t('ranking:errors.outsideKpiRange', {
        percent: formatPercent(problem.percent),
        min: formatScore(problem.minScore),
        max: formatScore(problem.maxScore),
      });
    case 'notANumber':
    case 'outOfRange':
    case 'decimalsNotAllowed':
    case 'tooManyDecimals':
      return t(`ranking:errors.${problem.code}`, {
        min: formatNumber(problem.min),
        max: formatNumber(problem.max),
      });
    default:
      return t(`ranking:errors.${problem.code}`);
  }
}
function kpiLine(t: Translate, view: SheetView, index: number): string {
  const kpi = view.sheet.kpis[index] as KpiItem;
  const planned = kpi.planned === null || kpi.planned === undefined ? '—' : formatNumber(kpi.planned);
  return t(kpi.lowerIsBetter ? 'ranking:kpi.lineLower' : 'ranking:kpi.line', {
    index: index + 1,
    total: view.sheet.kpis.length,
    title: kpi.title,
    planned,
    unit: kpi.unit,
  });
}
