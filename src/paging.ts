/** One page of a list: its items, the page shown (clamped into range) and how many pages there are. */
export interface Page<T> {
  items: T[];
  page: number;
  pages: number;
  /** Index of the page's first item in the whole list. */
  offset: number;
}

/**
 * The page to show of `total` items in pages of `perPage`. A page number from an old button or link
 * that no longer exists (the list shrank) shows the last page rather than nothing.
 */
export function pageNumberOf(total: number, page: number, perPage: number): { page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(total / perPage));
  return { page: Math.min(Math.max(0, Math.trunc(page) || 0), pages - 1), pages };
}

/** Cuts a list into pages of `perPage` and returns the one asked for (see pageNumberOf). */
export function pageOf<T>(items: readonly T[], page: number, perPage: number): Page<T> {
  const shown = pageNumberOf(items.length, page, perPage);
  const offset = shown.page * perPage;
  return { items: items.slice(offset, offset + perPage), ...shown, offset };
}
