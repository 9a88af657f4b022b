import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface TextItem {
  page: number;
  str: string;
  /** Left edge and baseline in PDF points, origin bottom left. */
  x: number;
  y: number;
  width: number;
}

export interface ParsedPdf {
  pages: number;
  items: TextItem[];
  /** Page size in points. */
  pageSize: { width: number; height: number };
  /** Text of each page, one line per text item, in drawing order. */
  pageTexts: string[];
  /** All pages' text. */
  text: string;
  /** The document information dictionary (Title...). */
  info: Record<string, unknown>;
}

/** Parses a PDF back with pdfjs, as a reader would, and returns its text. */
export async function readPdf(data: Uint8Array): Promise<ParsedPdf> {
  const pdf = await getDocument({ data: new Uint8Array(data), useSystemFonts: false, verbosity: 0 }).promise;
  try {
    const pageTexts: string[] = [];
    const items: TextItem[] = [];
    let pageSize = { width: 0, height: 0 };
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const viewport = page.getViewport({ scale: 1 });
      pageSize = { width: viewport.width, height: viewport.height };
      const content = await page.getTextContent();
      for (const item of content.items)
        if ('str' in item && item.str)
          items.push({
            page: n,
            str: item.str,
            x: item.transform[4],
            y: item.transform[5],
            width: item.width,
          });
      pageTexts.push(
        content.items
          .map((item) => ('str' in item ? item.str : ''))
          .filter(Boolean)
          .join('\n'),
      );
    }
    const meta = await pdf.getMetadata();
    return {
      pages: pdf.numPages,
      items,
      pageSize,
      pageTexts,
      text: pageTexts.join('\n'),
      info: (meta.info ?? {}) as Record<string, unknown>,
    };
  } finally {
    await pdf.destroy();
  }
}

/** The text with line breaks and repeated spaces folded, for phrases a table may have wrapped. */
export function folded(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/** Every text item lies inside the page, clear of its edges (nothing drawn off the paper). */
export function outOfPage(parsed: ParsedPdf, margin = 20): TextItem[] {
  const { width, height } = parsed.pageSize;
  return parsed.items.filter(
    (item) =>
      item.x < margin || item.x + item.width > width - margin || item.y < margin || item.y > height - margin,
  );
}

export const PREVIEW_DIR = path.join(tmpdir(), 'bagalau-document-previews');

/**
 * Renders one page to PNG with pdfjs and its own @napi-rs/canvas (pdfjs needs the canvas build it ships
 * with), writes it under the system temp directory for a person to look at, and returns the pixels'
 * share of dark ink (a blank page has none).
 */
export async function renderPage(
  data: Uint8Array,
  pageNumber: number,
  name: string,
): Promise<{ file: string; inkShare: number; width: number; height: number }> {
  const pdf = await getDocument({ data: new Uint8Array(data), verbosity: 0 }).promise;
  try {
    const page = await pdf.getPage(pageNumber);
    const viewport = page.getViewport({ scale: 1.5 });
    // pdfjs creates the canvas through its own factory: a canvas from another copy of the package fails.
    const factory = (pdf as unknown as { canvasFactory: CanvasFactory }).canvasFactory;
    const { canvas, context } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
    await page.render({ canvas, canvasContext: context, viewport } as never).promise;
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let ink = 0;
    for (let i = 0; i < pixels.length; i += 4) if ((pixels[i] ?? 255) < 128) ink++;
    mkdirSync(PREVIEW_DIR, { recursive: true });
    const file = path.join(PREVIEW_DIR, `${name}.png`);
    writeFileSync(file, await canvas.encode('png'));
    return { file, inkShare: ink / (pixels.length / 4), width: canvas.width, height: canvas.height };
  } finally {
    await pdf.destroy();
  }
}

interface CanvasFactory {
  create(
    width: number,
    height: number,
  ): {
    canvas: { width: number; height: number; encode(format: 'png'): Promise<Buffer> };
    context: { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
  };
}
