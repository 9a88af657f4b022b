import { api } from '../api.ts';
import { h, show } from '../dom.ts';
import { showError } from '../errors.ts';
import { tr } from '../i18n.ts';
import type { Page } from '../session.ts';
import { loading, pager, section } from './widgets.ts';

interface RegisterRow {
  noticeId: string;
  name: string;
  kindText: string;
  state: string;
  stateText: string;
  queuedAt: string;
  sentAt: string | null;
  acknowledgedAt: string | null;
  refusedAt: string | null;
  appealUntil: string | null;
  reason: string | null;
}

interface AppealRow {
  appealId: string;
  name: string;
  kindText: string;
  filedOn: string;
  decisionBy: string;
  sessionBy: string;
  overdue: boolean;
  statement: string;
}

const FILTERS = ['all', 'unack', 'undeliv', 'appeal'] as const;

/** The delivery register with its filters, a page at a time. */
export async function registerScreen(container: Element): Promise<void> {
  const list = h('div');
  const chips = h('div', { class: 'chips', role: 'group' });
  const choose = (filter: (typeof FILTERS)[number]) => {
    for (const chip of chips.querySelectorAll('button'))
      chip.setAttribute('aria-pressed', String(chip.dataset.filter === filter));
    registerPage(list, filter, 0).catch((error: unknown) => showError(list, error));
  };
  for (const filter of FILTERS)
    chips.append(
      h(
        'button',
        { 'data-filter': filter, 'data-testid': `filter-${filter}`, onclick: () => choose(filter) },
        tr(`register.filters.${filter}`),
      ),
    );
  show(container, h('section', {}, chips), list);
  choose('all');
}

async function registerPage(container: Element, filter: string, page: number): Promise<void> {
  loading(container);
  const shown = await api<Page<RegisterRow>>(`register?filter=${filter}&page=${page}`);
  show(
    container,
    section(
      tr('register.title', { count: shown.total }),
      ...shown.rows.map((row) =>
        h(
          'div',
          { class: 'row', 'data-testid': 'register-row' },
          h(
            'div',
            { class: 'title' },
            h('span', {}, row.name),
            h('span', { class: stateClass(row) }, row.stateText),
          ),
          h('div', { class: 'meta' }, row.kindText),
          h(
            'div',
            { class: 'meta' },
            [
              tr('register.queued', { time: row.queuedAt }),
              row.sentAt && tr('register.sent', { time: row.sentAt }),
              row.acknowledgedAt && tr('register.acknowledged', { time: row.acknowledgedAt }),
              row.refusedAt && tr('register.refused', { time: row.refusedAt }),
              row.appealUntil && tr('register.appealUntil', { date: row.appealUntil }),
              row.reason && tr('register.reason', { reason: row.reason }),
            ]
              .filter(Boolean)
              .join(' · '),
          ),
        ),
      ),
      shown.total === 0 ? h('p', { class: 'notice' }, tr('register.empty')) : null,
      pager(
        shown,
        (next) => void registerPage(container, filter, next).catch((e: unknown) => showError(container, e)),
      ),
    ),
  );
}

const stateClass = (row: RegisterRow) =>
  row.state === 'undeliverable' || row.state === 'notQueued' ? 'meta late' : 'meta';

/** Open appeals, the nearest decision deadline first. */
export async function appealsScreen(container: Element, page = 0): Promise<void> {
  loading(container);
  const shown = await api<Page<AppealRow>>(`appeals?page=${page}`);
  show(
    container,
    section(
      tr('appeals.title', { count: shown.total }),
      ...shown.rows.map((row) =>
        h(
          'div',
          { class: 'row', 'data-testid': 'appeal-row' },
          h('div', { class: 'title' }, h('span', {}, row.name), h('span', { class: 'meta' }, row.kindText)),
          h(
            'div',
            { class: row.overdue ? 'meta late' : 'meta' },
            tr('appeals.deadlines', {
              filedOn: row.filedOn,
              decisionBy: row.decisionBy,
              sessionBy: row.sessionBy,
            }),
          ),
          h('div', {}, row.statement),
        ),
      ),
      shown.total === 0 ? h('p', { class: 'notice' }, tr('appeals.empty')) : null,
      pager(
        shown,
        (next) => void appealsScreen(container, next).catch((e: unknown) => showError(container, e)),
      ),
    ),
  );
}
