import type { InlineKeyboardButton } from 'grammy/types';

/** One page of a list: its items, the page shown (clamped into range) and how many pages there are. */
export interface Page<T> {
  items: T[];
  page: number;
  pages: number;
  /** Index of the page's first item in the whole list. */
  offset: number;
}

/**
 * Cuts a list into pages of `perPage`. A page number from an old button that no longer exists (the
 * list shrank) shows the last page rather than nothing.
 */
export function pageOf<T>(items: readonly T[], page: number, perPage: number): Page<T> {
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  const current = Math.min(Math.max(0, Math.trunc(page) || 0), pages - 1);
  const offset = current * perPage;
  return { items: items.slice(offset, offset + perPage), page: current, pages, offset };
}

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
