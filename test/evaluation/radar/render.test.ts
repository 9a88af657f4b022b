import { createCanvas, GlobalFonts, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { ensureRadarFont } from '../../../src/evaluation/radar/font.ts';
import { renderRadarPng } from '../../../src/evaluation/radar/index.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngSize(png: Buffer): { width: number; height: number } {
  expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const KAZAKH_AXES = [
  'Стратегиялық ойлау және болжау',
  'Басқарушылық шешімдер қабылдау',
  'Қызметтің нәтижелілігіне бағдарлану',
  'Өзгерістерді басқару',
  'Көшбасшылық',
  'Ұйымдастырушылық және бақылау',
  'Адалдық, әділдік, жауапкершілік',
  'Азаматтарға және қоғамға қызмет ету бағдарлануы',
  'Өздігінен даму және үздіксіз оқу',
  'Ынтымақтастық және команда жұмысы',
  'Ақпаратты талдау һәм ғылыми негіздеу',
  'Қазақстан Республикасының мемлекеттік қызметшілерінің әдеп нормалары',
];
const EIGHT_AXES = KAZAKH_AXES.slice(0, 8);
const AVERAGE = { name: 'Респонденттердің орташа бағасы', values: [4.2, 3.8, 4.5, 3.1, 2.9, 4.0, 4.8, 3.6] };

describe('renderRadarPng', () => {
  it('returns a PNG of the default size 1000x800 with an opaque white background', async () => {
    const png = await renderRadarPng({ title: 'Нәтиже', axes: EIGHT_AXES, series: [AVERAGE] });
    expect(pngSize(png)).toEqual({ width: 1000, height: 800 });

    const image = await loadImage(png);
    const ctx = createCanvas(image.width, image.height).getContext('2d');
    ctx.drawImage(image, 0, 0);
    expect([...ctx.getImageData(2, 2, 1, 1).data]).toEqual([255, 255, 255, 255]);
  });

  it('honours the requested width and height', async () => {
    const png = await renderRadarPng({
      title: 'Нәтиже',
      axes: EIGHT_AXES,
      series: [AVERAGE],
      width: 640,
      height: 480,
    });
    expect(pngSize(png)).toEqual({ width: 640, height: 480 });
  });

  it('renders 12 long Kazakh axis labels with two series', async () => {
    const png = await renderRadarPng({
      title: 'Ғалымжан Әбілқайырұлы Нұрсұлтанов — 360° бағалау нәтижелері (2026 жылғы ІІ тоқсан)',
      axes: KAZAKH_AXES,
      series: [
        {
          name: 'Респонденттердің орташа бағасы',
          values: [4.2, 3.8, 4.5, 3.1, 2.9, 4, 4.8, 3.6, 3.3, 4.1, 2.5, 4.4],
        },
        { name: 'Өзін-өзі бағалау', values: [4.5, 4, 4, 3.5, 3.5, 4, 5, 4, 3, 4.5, 3, 4] },
      ],
    });
    expect(pngSize(png)).toEqual({ width: 1000, height: 800 });
    expect(png.length).toBeGreaterThan(20_000);
  });

  it('omits an all-null self-assessment: same picture as the average alone', async () => {
    const base = { title: 'Нәтиже', axes: EIGHT_AXES };
    const alone = await renderRadarPng({ ...base, series: [AVERAGE] });
    const withNullSelf = await renderRadarPng({
      ...base,
      series: [AVERAGE, { name: 'Өзін-өзі бағалау', values: EIGHT_AXES.map(() => null) }],
    });
    expect(withNullSelf.equals(alone)).toBe(true);
  });

  it('draws a series with some null values without crashing', async () => {
    const png = await renderRadarPng({
      title: 'Нәтиже',
      axes: EIGHT_AXES,
      series: [AVERAGE, { name: 'Өзін-өзі бағалау', values: [5, null, 4, 3, null, 4, 5, 2] }],
    });
    expect(pngSize(png)).toEqual({ width: 1000, height: 800 });
  });

  it('clamps values outside min..max instead of drawing off the chart', async () => {
    const png = await renderRadarPng({
      title: 'Нәтиже',
      axes: EIGHT_AXES,
      series: [{ name: 'x', values: [7, -1, 4, 3, 2, 4, 5, 2] }],
    });
    expect(pngSize(png).width).toBe(1000);
  });

  it('rejects inconsistent input', async () => {
    await expect(
      renderRadarPng({ title: 't', axes: EIGHT_AXES, series: [{ name: 'x', values: [1, 2] }] }),
    ).rejects.toThrow(RangeError);
    await expect(
      renderRadarPng({ title: 't', axes: ['a', 'b'], series: [{ name: 'x', values: [1, 2] }] }),
    ).rejects.toThrow(RangeError);
    await expect(renderRadarPng({ title: 't', axes: EIGHT_AXES, series: [] })).rejects.toThrow(RangeError);
    await expect(
      renderRadarPng({
        title: 't',
        axes: EIGHT_AXES,
        series: [{ name: 'x', values: EIGHT_AXES.map(() => Number.NaN) }],
      }),
    ).rejects.toThrow(RangeError);
  });
});

describe('bundled font', () => {
  // If a glyph were missing, every such letter would render as the same "tofu" box.
  it('has distinct glyphs for the Kazakh-specific letters', () => {
    const family = ensureRadarFont();
    expect(GlobalFonts.has(family)).toBe(true);
    const letters = [...'әғқңөұүһіӘҒҚҢӨҰҮҺІ'];
    const bitmaps = letters.map((letter) => {
      const canvas = createCanvas(48, 48);
      const ctx = canvas.getContext('2d');
      ctx.font = `36px ${family}`;
      ctx.fillStyle = '#000';
      ctx.fillText(letter, 6, 38);
      return Buffer.from(ctx.getImageData(0, 0, 48, 48).data).toString('base64');
    });
    expect(new Set(bitmaps).size).toBe(letters.length);
  });
});
