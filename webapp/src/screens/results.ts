import { api } from '../api.ts';
import { BAND_COLOURS, bandChart, radarChart } from '../charts.ts';
import { h, show, toast } from '../dom.ts';
import { failureText, showError } from '../errors.ts';
import { tr } from '../i18n.ts';
import type { Campaign, Page, Session } from '../session.ts';
import { loading, pager, section } from './widgets.ts';

interface BandCounts {
  unitCode: string;
  unitName: string;
  bands: Record<string, number>;
  notEvaluated: number;
}

interface PersonRow {
  employeeId: string;
  name: string;
  personnelNumber: string;
  unitName: string;
  scoreText: string | null;
  band: string | null;
  statusText: string;
}

interface Needs {
  year: number;
  evaluatees: number;
  rows: { title: string; averageText: string; average: number; lowestFor: number; evaluatees: number }[];
}

interface PersonResult {
  employee: { id: string; name: string; personnelNumber: string; position: string };
  years: {
    year: number;
    quarters: {
      period: string;
      scoreText: string | null;
      band: string | null;
      bandText: string;
      reasonText: string | null;
    }[];
    annual: { scoreText: string | null; band: string | null; bandText: string } | null;
  }[];
  radar: {
    year: number;
    axes: string[];
    others: number[];
    self: (number | null)[];
    overallText: string;
    band: string;
    bandText: string;
  } | null;
}

let detailView: { open(): void; close(): void; container: Element } | null = null;

/** The HR head's view: bands per unit, training needs, everyone's result, the export. */
export async function resultsScreen(container: Element, session: Session): Promise<void> {
  loading(container);
  const campaigns = (await api<{ rows: Campaign[] }>('campaigns')).rows.filter((c) => c.kind === 'ranking');
  const body = h('div');
  const needs = h('div');
  // A person's result replaces the lists while it is open; "back" shows them as they were.
  const lists = h('div');
  const detail = h('div');
  detailView = {
    open: () => {
      lists.hidden = true;
      window.scrollTo(0, 0);
    },
    close: () => {
      show(detail);
      lists.hidden = false;
    },
    container: detail,
  };
  if (campaigns.length === 0) {
    show(container, lists, detail);
    show(lists, needs);
  } else {
    const select = h(
      'select',
      { 'data-testid': 'results-campaign', 'aria-label': tr('campaigns.choose') },
      ...campaigns.map((c) => h('option', { value: c.id }, c.title)),
    );
    const pick = () => {
      const campaign = campaigns.find((c) => c.id === select.value)!;
      campaignResults(body, campaign, session).catch((error: unknown) => showError(body, error));
    };
    select.addEventListener('change', pick);
    show(container, lists, detail);
    show(lists, h('section', {}, select), body, needs);
    pick();
  }
  trainingNeeds(needs).catch((error: unknown) => showError(needs, error));
}

async function campaignResults(container: Element, campaign: Campaign, session: Session): Promise<void> {
  loading(container);
  const { units } = await api<{ units: BandCounts[] }>(`campaigns/${campaign.id}/bands`);
  const canvas = h('canvas', {
    'data-testid': 'band-chart',
    role: 'img',
    'aria-label': tr('results.bandsTitle'),
  });
  const chartBox = h('div', { class: 'chart' }, canvas);
  chartBox.style.height = `${Math.max(120, 40 + units.length * 36)}px`;
  const people = h('div');
  const exportButton = h('button', { class: 'secondary', 'data-testid': 'export' }, tr('results.export'));
  exportButton.addEventListener('click', async () => {
    exportButton.setAttribute('disabled', '');
    try {
      await api(`campaigns/${campaign.id}/export`, {});
      toast(tr('results.exportSent'));
    } catch (error) {
      toast(failureText(error));
    }
    exportButton.removeAttribute('disabled');
  });
  show(
    container,
    section(
      tr('results.bandsTitle'),
      units.length > 0 ? chartBox : h('p', { class: 'notice' }, tr('results.none')),
    ),
    people,
    h(
      'section',
      {},
      h('div', { class: 'actions' }, exportButton),
      h('p', { class: 'meta' }, tr('results.exportHint')),
    ),
  );
  const series = [
    ...session.bands.map((band) => ({
      label: band.label,
      colour: BAND_COLOURS[band.id] ?? '#888888',
      values: units.map((u) => u.bands[band.id] ?? 0),
    })),
    {
      label: tr('results.notEvaluated'),
      colour: BAND_COLOURS.notEvaluated!,
      values: units.map((u) => u.notEvaluated),
    },
  ];
  if (units.length > 0) {
    bandChart(
      canvas,
      units.map((u) => u.unitName),
      series,
    );
    // Band names are long: a legend that wraps, below the chart.
    chartBox.after(
      h(
        'div',
        { class: 'legend stacked', 'data-testid': 'band-legend' },
        ...series.map((s) => {
          const dot = h('i');
          dot.style.background = s.colour;
          return h('span', {}, dot, `${s.label}: ${s.values.reduce((a, b) => a + b, 0)}`);
        }),
      ),
    );
  }
  await peopleList(people, campaign, session, '', 0);
}

async function peopleList(
  container: Element,
  campaign: Campaign,
  session: Session,
  query: string,
  page: number,
): Promise<void> {
  const shown = await api<Page<PersonRow>>(
    `campaigns/${campaign.id}/people?page=${page}&q=${encodeURIComponent(query)}`,
  );
  const search = h('input', {
    type: 'search',
    value: query,
    placeholder: tr('results.search'),
    'data-testid': 'search',
    'aria-label': tr('results.search'),
  });
  search.addEventListener('change', () => void peopleList(container, campaign, session, search.value, 0));
  const labels = new Map(session.bands.map((b) => [b.id, b.label]));
  show(
    container,
    section(
      tr('results.peopleTitle', { count: shown.total }),
      search,
      ...shown.rows.map((row) => {
        const link = h('a', { class: 'person', href: '#', 'data-testid': 'person' }, row.name);
        link.addEventListener('click', (event) => {
          event.preventDefault();
          const view = detailView!;
          view.open();
          personScreen(view.container, row.employeeId, view.close).catch((error: unknown) =>
            showError(view.container, error),
          );
        });
        return h(
          'div',
          { class: 'row', 'data-testid': 'people-row' },
          h('div', { class: 'title' }, link, h('span', { class: 'score' }, row.scoreText ?? '—')),
          h(
            'div',
            { class: 'meta' },
            `${row.unitName} · ${row.personnelNumber} · `,
            row.band ? bandChip(row.band, labels.get(row.band) ?? row.band) : row.statusText,
          ),
        );
      }),
      pager(shown, (next) => void peopleList(container, campaign, session, query, next)),
    ),
  );
}

function bandChip(band: string, label: string): HTMLElement {
  const chip = h('span', { class: 'band', 'data-testid': 'band' }, label);
  chip.style.background = BAND_COLOURS[band] ?? '#888888';
  return chip;
}

async function personScreen(container: Element, employeeId: string, back: () => void): Promise<void> {
  loading(container);
  const result = await api<PersonResult>(`people/${employeeId}/result`);
  const canvas = h('canvas', { 'data-testid': 'radar', role: 'img', 'aria-label': tr('results.radarTitle') });
  const backButton = h(
    'button',
    { class: 'secondary', 'data-testid': 'back', onclick: back },
    tr('results.back'),
  );
  const quarters = result.years.flatMap((y) => y.quarters);
  show(
    container,
    h(
      'section',
      { 'data-testid': 'person-card' },
      backButton,
      h('h2', { class: 'person-name' }, result.employee.name),
      h('div', { class: 'meta' }, `${result.employee.position} · ${result.employee.personnelNumber}`),
    ),
    result.radar
      ? section(
          tr('results.radarTitle', { year: result.radar.year }),
          h('div', { class: 'chart radar' }, canvas),
          h(
            'p',
            { class: 'meta', 'data-testid': 'radar-overall' },
            tr('results.overall', { score: result.radar.overallText }),
            ' ',
            bandChip(result.radar.band, result.radar.bandText),
          ),
        )
      : section(tr('results.radarTitle', { year: '' }), h('p', { class: 'notice' }, tr('results.noRadar'))),
    section(
      tr('results.historyTitle'),
      quarters.length === 0
        ? h('p', { class: 'notice' }, tr('results.noHistory'))
        : h(
            'table',
            { 'data-testid': 'history' },
            h(
              'tr',
              {},
              h('th', {}, tr('results.period')),
              h('th', {}, tr('results.score')),
              h('th', {}, tr('results.band')),
            ),
            ...quarters.map((q) =>
              h(
                'tr',
                {},
                h('td', {}, q.period),
                h('td', { class: 'score' }, q.scoreText ?? '—'),
                h('td', {}, q.band ? bandChip(q.band, q.bandText) : (q.reasonText ?? '')),
              ),
            ),
            ...result.years
              .filter((y) => y.annual)
              .map((y) =>
                h(
                  'tr',
                  {},
                  h('td', {}, tr('results.annual', { year: y.year })),
                  h('td', { class: 'score' }, y.annual!.scoreText ?? '—'),
                  h('td', {}, y.annual!.band ? bandChip(y.annual!.band, y.annual!.bandText) : ''),
                ),
              ),
          ),
    ),
  );
  if (result.radar)
    radarChart(canvas, result.radar.axes, [
      { label: tr('results.others'), colour: '#3d84d6', values: result.radar.others },
      { label: tr('results.self'), colour: '#e0a526', values: result.radar.self },
    ]);
}

async function trainingNeeds(container: Element): Promise<void> {
  const needs = await api<Needs | null>('training-needs');
  if (!needs || needs.rows.length === 0)
    return show(
      container,
      section(tr('results.needsTitle'), h('p', { class: 'notice' }, tr('results.noNeeds'))),
    );
  show(
    container,
    section(
      tr('results.needsTitle'),
      h('p', { class: 'meta' }, tr('results.needsHint', { year: needs.year, count: needs.evaluatees })),
      ...needs.rows.map((row) => {
        const fill = h('span');
        fill.style.width = `${(row.average / 5) * 100}%`;
        fill.style.background = 'var(--late)';
        return h(
          'div',
          { class: 'row', 'data-testid': 'need' },
          h(
            'div',
            { class: 'title' },
            h('span', {}, row.title),
            h('span', { class: 'score' }, row.averageText),
          ),
          h('div', { class: 'bar' }, fill),
          h(
            'div',
            { class: 'meta' },
            tr('results.lowestFor', { count: row.lowestFor, total: row.evaluatees }),
          ),
        );
      }),
    ),
  );
}
