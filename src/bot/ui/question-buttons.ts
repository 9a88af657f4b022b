import { InlineKeyboard } from 'grammy';

/**
 * The buttons of question-by-question forms (360 questionnaires, ranking and KPI sheets); each flow
 * gives them its own labels and callback data.
 */

/** The answer given before, marked on its button. */
export const markChosen = (label: string, chosen: boolean) => (chosen ? `● ${label}` : label);

/**
 * "Which one to change": titles are too long for buttons, so the message numbers them and the
 * buttons carry the numbers, `perRow` to a row.
 */
export function numberButtons(
  keyboard: InlineKeyboard,
  items: readonly { number: number; data: string }[],
  perRow: number,
): InlineKeyboard {
  items.forEach((item, index) => {
    if (index > 0 && index % perRow === 0) keyboard.row();
    keyboard.text(String(item.number), item.data);
  });
  return keyboard.row();
}

/** Confirm, or go back to the review, one button a row. */
export function confirmKeyboard(yes: { text: string; data: string }, no: { text: string; data: string }) {
  return new InlineKeyboard().text(yes.text, yes.data).row().text(no.text, no.data);
}
