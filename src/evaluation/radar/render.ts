import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import {
  Chart,
  type ChartConfiguration,
  type ChartDataset,
  type ChartItem,
  Filler,
  Legend,
  LineElement,
  type Plugin,
  PointElement,
  RadarController,
  RadialLinearScale,
  Title,
} from 'chart.js';
import { ensureRadarFont } from './font.ts';
import { wrapLabel } from './wrap.ts';

Chart.register(RadarController, RadialLinearScale, PointElement, LineElement, Filler, Legend, Title);

export interface RadarSeries {
  /** Legend label, already localized by the caller. */
  name: string;
  /** One value per axis; null where there is no score. */
  values: (number | null)[];
}

export interface RadarInput {
  /** Chart title, already localized. */
  title: string;
  /** Axis (competency) names, already localized; at least 3. */
  axes: string[];
  /** 1 or 2 series, e.g. respondents' average and self-assessment. */
  series: RadarSeries[];
  min?: number;
  max?: number;
  width?: number;
  height?: number;
}

/**
 * Series styles in order. Only the first series is filled: overlapping translucent
 * fills turn muddy, and a fill with a gap (null value) reads as a broken shape.
 * Later series are dashed outlines so they stay distinct in greyscale prints too.
 */
const PALETTE = [
  { stroke: 'rgb(31, 119, 180)', fill: 'rgba(31, 119, 180, 0.18)', dash: [] as number[], filled: true },
  { stroke: 'rgb(230, 120, 20)', fill: 'rgba(230, 120, 20, 0.12)', dash: [10, 6], filled: false },
  { stroke: 'rgb(44, 160, 44)', fill: 'rgba(44, 160, 44, 0.12)', dash: [3, 4], filled: false },
] as const;

const MAX_LABEL_LINES = 3;
const MAX_TITLE_LINES = 2;

/** Paints an opaque white background: Telegram shows transparent PNGs on a dark backdrop in dark mode. */
const whiteBackground: Plugin<'radar'> = {
  id: 'bagalauWhiteBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/**
 * Renders a radar ("spider web") chart to a PNG buffer, entirely in-process:
 * Chart.js draws on a @napi-rs/canvas (Skia) canvas with the bundled DejaVu Sans font.
 * Series whose values are all null (e.g. a missing self-assessment) are left out,
 * legend included; isolated nulls leave a gap in that series' outline.
 */
export async function renderRadarPng(input: RadarInput): Promise<Buffer> {
  const { title, axes, min = 0, max = 5, width = 1000, height = 800 } = input;
  validate(input, min, max, width, height);

  const family = ensureRadarFont();
  const scale = Math.min(width, height) / 800;
  const labelSize = Math.round(15 * scale);
  const titleSize = Math.round(22 * scale);
  const legendSize = Math.round(16 * scale);
  const tickSize = Math.round(12 * scale);

  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');

  const labelWidth = axes.length > 8 ? width * 0.17 : width * 0.21;
  const pointLabels = axes.map((axis) =>
    wrapText(ctx, axis, `${labelSize}px ${family}`, labelWidth, MAX_LABEL_LINES),
  );
  const titleLines = wrapText(ctx, title, `bold ${titleSize}px ${family}`, width * 0.92, MAX_TITLE_LINES);

  const datasets: ChartDataset<'radar', (number | null)[]>[] = input.series
    .filter((s) => s.values.some((v) => v !== null))
    .map((s, i) => {
      const colours = PALETTE[i % PALETTE.length] ?? PALETTE[0];
      return {
        label: s.name,
        data: s.values.map((v) => (v === null ? null : clamp(v, min, max))),
        borderColor: colours.stroke,
        backgroundColor: colours.fill,
        borderDash: [...colours.dash],
        borderWidth: Math.max(2, 3 * scale),
        pointBackgroundColor: colours.stroke,
        pointRadius: Math.max(3, 4 * scale),
        fill: colours.filled,
      };
    });

  const config: ChartConfiguration<'radar', (number | null)[], string[]> = {
    type: 'radar',
    data: { labels: pointLabels, datasets },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      events: [],
      layout: { padding: Math.round(16 * scale) },
      scales: {
        r: {
          min,
          max,
          beginAtZero: true,
          ticks: {
            stepSize: 1,
            font: { family, size: tickSize },
            color: '#555555',
            backdropColor: 'rgba(255, 255, 255, 0.8)',
          },
          pointLabels: {
            font: { family, size: labelSize },
            color: '#222222',
            padding: Math.round(8 * scale),
          },
          grid: { color: '#cccccc' },
          angleLines: { color: '#cccccc' },
        },
      },
      plugins: {
        title: {
          display: titleLines.length > 0,
          text: titleLines,
          font: { family, size: titleSize, weight: 'bold' },
          color: '#111111',
          padding: { top: 4, bottom: Math.round(12 * scale) },
        },
        legend: {
          display: datasets.length > 0,
          position: 'bottom',
          labels: {
            font: { family, size: legendSize },
            color: '#222222',
            boxWidth: Math.round(36 * scale),
            padding: Math.round(20 * scale),
          },
        },
        tooltip: { enabled: false },
      },
    },
    plugins: [whiteBackground],
  };

  // Chart.js only needs the canvas API subset that @napi-rs/canvas implements.
  const chart = new Chart(canvas as unknown as ChartItem, config);
  try {
    return await canvas.encode('png');
  } finally {
    chart.destroy();
  }
}

function wrapText(
  ctx: SKRSContext2D,
  text: string,
  font: string,
  maxWidth: number,
  maxLines: number,
): string[] {
  ctx.font = font;
  return wrapLabel(text, maxWidth, maxLines, (s) => ctx.measureText(s).width);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function validate(input: RadarInput, min: number, max: number, width: number, height: number): void {
  if (input.axes.length < 3) throw new RangeError('radar: at least 3 axes are required');
  if (input.series.length < 1) throw new RangeError('radar: at least 1 series is required');
  for (const s of input.series) {
    if (s.values.length !== input.axes.length) {
      throw new RangeError(
        `radar: series "${s.name}" has ${s.values.length} values for ${input.axes.length} axes`,
      );
    }
    if (s.values.some((v) => v !== null && !Number.isFinite(v))) {
      throw new RangeError(`radar: series "${s.name}" has a non-finite value`);
    }
  }
  if (!(max > min)) throw new RangeError('radar: max must be greater than min');
  for (const [name, size] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(size) || size < 200 || size > 4000) {
      throw new RangeError(`radar: ${name} must be an integer between 200 and 4000`);
    }
  }
}
