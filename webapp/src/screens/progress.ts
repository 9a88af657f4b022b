import { api } from '../api.ts';
import { h, show, toast } from '../dom.ts';
import { failureText, showError } from '../errors.ts';
import { tr } from '../i18n.ts';
import type { Campaign, Page } from '../session.ts';
import { empty, loading, pager, section } from './widgets.ts';

interface UnitProgress {
  unitCode: string;
  unitName: string;
  done: number;
  inProgress: number;
  late: number;
  notStarted: number;
}

interface EvaluatorRow {
  evaluatorId: string;
  name: string;
  unitName: string;
  open: number;
  late: number;
}

const STATES = [
  { key: 'done', colour: 'var(--done)' },
  { key: 'inProgress', colour: 'var(--progress)' },
  { key: 'late', colour: 'var(--late)' },
  { key: 'notStarted', colour: 'var(--waiting)' },
] as const;

/** A campaign still running: reminders make sense. */
const running = (campaign: Campaign) => campaign.state === 'open' || campaign.state === 'launched';

/** Campaigns of the body; per unit how far each is (counts only), with reminders. */
export async function progressScreen(container: Element): Promise<void> {
  loading(container);
  const { rows: campaigns } = await api<{ rows: Campaign[] }>('campaigns');
  if (campaigns.length === 0) return empty(container, tr('campaigns.none'));
  const body = h('div');
  const select = h(
    'select',
    { 'data-testid': 'campaign', 'aria-label': tr('campaigns.choose') },
    ...campaigns.map((c) =>
      h('option', { value: c.id }, `${c.title} · ${tr(`campaigns.states.${c.state}`)}`),
    ),
  );
  const pick = () => {
    const campaign = campaigns.find((c) => c.id === select.value)!;
    campaignProgress(body, campaign).catch((error: unknown) => showError(body, error));
  };
  select.addEventListener('change', pick);
  show(container, h('section', {}, select), body);
  pick();
}

async function campaignProgress(container: Element, campaign: Campaign): Promise<void> {
  loading(container);
  const { units } = await api<{ units: UnitProgress[] }>(`campaigns/${campaign.id}/progress`);
  const totals = { done: 0, inProgress: 0, late: 0, notStarted: 0 };
  for (const unit of units) for (const { key } of STATES) totals[key] += unit[key];
  const all = totals.done + totals.inProgress + totals.late + totals.notStarted;
  const what = campaign.kind === 'survey360' ? 'questionnaires' : 'sheets';
  const summary = section(
    tr(`progress.${what}Title`),
    h(
      'div',
      { class: 'title', 'data-testid': 'summary' },
      tr('progress.summary', { done: totals.done, count: all }),
    ),
    bar(totals, all),
    legend(totals, campaign.kind),
    campaign.kind === 'survey360' ? h('p', { class: 'meta' }, tr('progress.anonymous')) : null,
    campaign.deadline
      ? h('p', { class: 'meta' }, tr('progress.deadline', { date: campaign.deadline }))
      : null,
  );
  const list = section(
    tr('progress.units'),
    ...units.map((unit) => unitRow(campaign, unit)),
    units.length === 0 ? h('p', { class: 'notice' }, tr('progress.nothing')) : null,
  );
  const evaluators = h('div');
  show(container, summary, list, campaign.kind === 'ranking' ? evaluators : null);
  if (campaign.kind === 'ranking') await evaluatorList(evaluators, campaign, 0);
}

function unitRow(campaign: Campaign, unit: UnitProgress): HTMLElement {
  const all = unit.done + unit.inProgress + unit.late + unit.notStarted;
  const pending = all - unit.done;
  const remind = h(
    'button',
    { class: 'secondary', 'data-testid': 'remind-unit', disabled: !running(campaign) || pending === 0 },
    tr('progress.remindUnit'),
  );
  remind.addEventListener('click', async () => {
    remind.setAttribute('disabled', '');
    try {
      const { reminded } = await api<{ reminded: number }>(`campaigns/${campaign.id}/remind`, {
        unitCode: unit.unitCode,
      });
      toast(tr('progress.reminded', { count: reminded }));
    } catch (error) {
      toast(failureText(error));
      remind.removeAttribute('disabled');
    }
  });
  return h(
    'div',
    { class: 'row', 'data-testid': 'progress-unit', 'data-unit': unit.unitCode },
    h(
      'div',
      { class: 'title' },
      h('span', {}, unit.unitName),
      h('span', { class: 'meta' }, `${unit.done} / ${all}`),
    ),
    bar(unit, all),
    legend(unit, campaign.kind),
    h('div', { class: 'actions' }, remind),
  );
}

function bar(counts: Omit<UnitProgress, 'unitCode' | 'unitName'>, all: number): HTMLElement {
  const element = h('div', {
    class: 'bar',
    role: 'img',
    'aria-label': tr('progress.summary', { done: counts.done, count: all }),
  });
  for (const { key, colour } of STATES) {
    if (counts[key] === 0 || all === 0) continue;
    const span = h('span');
    span.style.width = `${(counts[key] / all) * 100}%`;
    span.style.background = colour;
    element.append(span);
  }
  return element;
}

function legend(counts: Omit<UnitProgress, 'unitCode' | 'unitName'>, kind: Campaign['kind']): HTMLElement {
  const element = h('div', { class: 'legend' });
  for (const { key, colour } of STATES) {
    // A 360 questionnaire is only "done" or not: nobody's draft is counted.
    if (kind === 'survey360' && key === 'inProgress') continue;
    const dot = h('i');
    dot.style.background = colour;
    element.append(
      h('span', { 'data-testid': `count-${key}` }, dot, tr(`progress.states.${key}`, { count: counts[key] })),
    );
  }
  return element;
}

async function evaluatorList(container: Element, campaign: Campaign, page: number): Promise<void> {
  const shown = await api<Page<EvaluatorRow>>(`campaigns/${campaign.id}/evaluators?page=${page}`);
  show(
    container,
    section(
      tr('progress.evaluators', { count: shown.total }),
      ...shown.rows.map((row) => evaluatorRow(campaign, row)),
      shown.total === 0 ? h('p', { class: 'notice' }, tr('progress.noEvaluatorsBehind')) : null,
      pager(
        shown,
        (next) =>
          void evaluatorList(container, campaign, next).catch((e: unknown) => showError(container, e)),
      ),
    ),
  );
}

function evaluatorRow(campaign: Campaign, row: EvaluatorRow): HTMLElement {
  const remind = h(
    'button',
    { class: 'secondary', 'data-testid': 'remind-evaluator', disabled: !running(campaign) },
    tr('progress.remindEvaluator'),
  );
  remind.addEventListener('click', async () => {
    remind.setAttribute('disabled', '');
    try {
      const { reminded } = await api<{ reminded: number }>(`campaigns/${campaign.id}/remind-evaluator`, {
        evaluatorId: row.evaluatorId,
      });
      toast(tr('progress.reminded', { count: reminded }));
    } catch (error) {
      toast(failureText(error));
      remind.removeAttribute('disabled');
    }
  });
  return h(
    'div',
    { class: 'row', 'data-testid': 'evaluator-row' },
    h('div', { class: 'title' }, h('span', {}, row.name), h('span', { class: 'meta' }, row.unitName)),
    h(
      'div',
      { class: 'meta' },
      tr('progress.openSheets', { count: row.open }),
      row.late > 0
        ? h('span', { class: 'late' }, ` · ${tr('progress.lateSheets', { count: row.late })}`)
        : null,
    ),
    h('div', { class: 'actions' }, remind),
  );
}
