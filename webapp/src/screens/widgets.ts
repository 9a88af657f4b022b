import { h, show } from '../dom.ts';
import { tr } from '../i18n.ts';
import type { Page } from '../session.ts';

/** "‹ 2 / 7 ›" under a paged list; turning calls `load` with the page asked for. */
export function pager(page: Page<unknown>, load: (page: number) => void): HTMLElement | null {
  if (page.pages <= 1) return null;
  return h(
    'div',
    { class: 'pager', 'data-testid': 'pager' },
    h(
      'button',
      { class: 'secondary', disabled: page.page === 0, onclick: () => load(page.page - 1) },
      tr('pager.previous'),
    ),
    h(
      'span',
      { class: 'meta' },
      tr('pager.position', { page: page.page + 1, pages: page.pages, count: page.total }),
    ),
    h(
      'button',
      { class: 'secondary', disabled: page.page >= page.pages - 1, onclick: () => load(page.page + 1) },
      tr('pager.next'),
    ),
  );
}

export function section(title: string, ...children: (Node | null)[]): HTMLElement {
  return h('section', {}, h('h2', {}, title), ...children);
}

export function empty(container: Element, text: string): void {
  show(container, h('p', { class: 'notice' }, text));
}

/** A loading line while a request runs. */
export function loading(container: Element): void {
  show(container, h('p', { class: 'notice' }, tr('loading')));
}
