import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineElement,
  PointElement,
  RadarController,
  RadialLinearScale,
  Tooltip,
} from 'chart.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  RadarController,
  RadialLinearScale,
  PointElement,
  LineElement,
  Filler,
  Legend,
  Tooltip,
);

/** A colour of the Telegram theme as the page's CSS resolved it. */
const themeColour = (name: string) =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#000000';

export const BAND_COLOURS: Record<string, string> = {
  effective: '#2e9e5b',
  proper: '#3d84d6',
  satisfactory: '#e0a526',
  unsatisfactory: '#d64545',
  notEvaluated: '#9aa0a6',
};

const charts = new WeakMap<HTMLCanvasElement, Chart>();

function replace(canvas: HTMLCanvasElement, chart: Chart): void {
  charts.get(canvas)?.destroy();
  charts.set(canvas, chart);
}

/** Stacked horizontal bars: one bar per unit, one segment per band. */
export function bandChart(
  canvas: HTMLCanvasElement,
  units: string[],
  series: { label: string; colour: string; values: number[] }[],
): void {
  const text = themeColour('--text');
  const grid = themeColour('--hint');
  replace(
    canvas,
    new Chart(canvas, {
      type: 'bar',
      data: {
        labels: units,
        datasets: series.map((s) => ({ label: s.label, data: s.values, backgroundColor: s.colour })),
      },
      options: {
        indexAxis: 'y',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { stacked: true, ticks: { color: text, precision: 0 }, grid: { color: `${grid}33` } },
          y: { stacked: true, ticks: { color: text, autoSkip: false }, grid: { display: false } },
        },
        // The page draws the legend itself: band names are too long for a canvas on a phone.
        plugins: { legend: { display: false } },
      },
    }),
  );
}

/** The 360 radar: others' mean and the self-assessment per competency, on the 1–5 scale. */
export function radarChart(
  canvas: HTMLCanvasElement,
  axes: string[],
  series: { label: string; colour: string; values: (number | null)[] }[],
): void {
  const text = themeColour('--text');
  const grid = themeColour('--hint');
  replace(
    canvas,
    new Chart(canvas, {
      type: 'radar',
      data: {
        labels: axes.map((a) => wrap(a, 18)),
        datasets: series.map((s) => ({
          label: s.label,
          data: s.values,
          borderColor: s.colour,
          backgroundColor: `${s.colour}33`,
          pointBackgroundColor: s.colour,
          fill: true,
          spanGaps: true,
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          r: {
            min: 0,
            max: 5,
            ticks: { stepSize: 1, color: text, backdropColor: 'transparent' },
            pointLabels: { color: text, font: { size: 11 } },
            grid: { color: `${grid}55` },
            angleLines: { color: `${grid}55` },
          },
        },
        plugins: { legend: { position: 'bottom', labels: { color: text, boxWidth: 12 } } },
      },
    }),
  );
}

/** Long competency titles as lines of a few words, so the radar stays readable on a phone. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/)) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + word.length < width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.slice(0, 3);
}
