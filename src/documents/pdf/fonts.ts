import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * DejaVu Sans from the `dejavu-fonts-ttf` package, embedded (subset) into every PDF: it covers the
 * whole Cyrillic block, Kazakh letters included, and a PDF must never depend on the reader's fonts.
 * The same font the radar chart uses.
 */
export const FONT_FILES = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const;
export type FontStyle = keyof typeof FONT_FILES;

/** A font parsed by fontkit, the font engine pdfkit uses; pdfkit accepts it wherever it accepts a font file. */
export interface ParsedFont {
  layout: (...args: never[]) => unknown;
  characterSet: number[];
  glyphForCodePoint(codePoint: number): unknown;
}

interface Fontkit {
  create(data: Uint8Array): ParsedFont;
}

const require = createRequire(import.meta.url);
let cache: Record<FontStyle, ParsedFont> | null = null;

/**
 * The fonts, parsed once per process. Parsing DejaVu's layout tables costs tens of milliseconds per
 * font; a document that parsed its own would take about 20 times longer, which matters when HR downloads
 * the sheets of a whole body. Each document still embeds its own subset. fontkit is loaded from pdfkit's
 * own dependencies, so it is always the copy pdfkit itself uses.
 */
export function parsedFonts(): Record<FontStyle, ParsedFont> {
  if (cache) return cache;
  const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as Fontkit;
  const load = (style: FontStyle) =>
    withCodePoints(
      fontkit.create(readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${FONT_FILES[style]}`))),
    );
  cache = { regular: load('regular'), bold: load('bold') };
  return cache;
}

/**
 * fontkit caches a glyph with the characters it was first reached by, and a PDF's text layer (what copy,
 * search and screen readers read) comes from those characters. A glyph first reached as a part of a
 * composite glyph while one document was subset (DejaVu builds one Cyrillic letter from another) would
 * carry none, and the letter would vanish from the text of every later document. So every glyph that a
 * character maps to is reached through its character first: Cyrillic, then Latin, then the rest, so that
 * where two characters share a glyph the Cyrillic one is the one read back.
 */
function withCodePoints(font: ParsedFont): ParsedFont {
  const cyrillic = (cp: number) => cp >= 0x0400 && cp <= 0x052f;
  const latin = (cp: number) => cp < 0x0250;
  const order = (cp: number) => (cyrillic(cp) ? 0 : latin(cp) ? 1 : 2);
  for (const codePoint of [...font.characterSet].sort((a, b) => order(a) - order(b) || a - b))
    font.glyphForCodePoint(codePoint);
  return font;
}
