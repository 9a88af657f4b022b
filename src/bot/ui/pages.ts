import type { InlineKeyboardButton } from 'grammy/types';

import type { Page } from '../../paging.ts';

// Cutting a list into pages is the same everywhere (the dashboard too); the buttons are the chat's.
export { type Page, pageOf } from '../../paging.ts';

/**
 * The ◀ k / n ▶ row under a paged list; `dataFor(page)` builds the callback data that shows that page.
 * Pages are numbered from 0 in the data and from 1 on the button. Empty when everything fits one page.
 */
export function pagerRow(
  page: Pick<Page<unknown>, 'page' | 'pages'>,
  dataFor: (page: number) => string,
): InlineKeyboardButton[] {
  if (page.pages <= 1) return [];
  const row: InlineKeyboardButton[] = [];
  if (page.page > 0) row.push({ text: '◀', callback_data: dataFor(page.page - 1) });
  row.push({ text: `${page.page + 1} / ${page.pages}`, callback_data: dataFor(page.page) });
  if (page.page < page.pages - 1) row.push({ text: '▶', callback_data: dataFor(page.page + 1) });
  return row;
}
