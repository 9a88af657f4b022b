import PDFDocument from 'pdfkit';
import { wrapLabel } from '../../evaluation/radar/wrap.ts';
import type { Lang } from '../../evaluation/scoring/types.ts';
import { type FontStyle, parsedFonts } from './fonts.ts';

// A small page-layout engine over pdfkit: a cursor that moves down the page, text that wraps by measured
// width and breaks across pages line by line, tables whose header repeats on every page and whose rows
// split when they are taller than what is left of the page, and page numbers written at the end.
// pdfkit's own flowing text is not used: its automatic page breaks cannot repeat a table header.

export type Align = 'left' | 'center' | 'right';

export interface TextStyle {
  size?: number;
  bold?: boolean;
  align?: Align;
  color?: string;
  /** Left indent inside the content area. */
  indent?: number;
  /** Width of the text block (default: the content width minus the indent). */
  width?: number;
  /** Space after the block. */
  gapAfter?: number;
  /** Height that must follow on the same page (a heading stays with the start of its table). */
  keepWithNext?: number;
}

export interface TableColumn {
  header: string;
  /** Relative width: widths are shared out in proportion. */
  weight: number;
  align?: Align;
}

export interface TableCell {
  text: string;
  bold?: boolean;
  align?: Align;
  /** How many columns the cell covers (default 1). */
  span?: number;
  /** Background of the cell. */
  fill?: string;
}

export type TableRow = readonly (TableCell | string)[];

export interface TableOptions {
  size?: number;
  /** false: a borderless layout grid (label/value fields). */
  borders?: boolean;
  /** false: no header row (fields). */
  header?: boolean;
  gapAfter?: number;
}

export interface SignatureLine {
  /** The evaluator, the Commission chair, a witness... (localized). */
  role: string;
  /** The signer's name as written under the line (may be empty: filled in by hand). */
  name: string;
  /** Caption under the name, e.g. '(surname, initials)'. */
  nameCaption?: string;
  signatureCaption: string;
  dateLabel: string;
  /** The date already known (dd.mm.yyyy), or empty for a blank to fill in. */
  date: string;
}

export interface WriterOptions {
  /** Document title for the PDF metadata. */
  title: string;
  lang: Lang;
  /** Footer on every page: left a short identification, right the page number. */
  footer: (page: number, pages: number) => { left: string; right: string };
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = { left: 56, right: 42, top: 40, bottom: 52 };
const BODY_SIZE = 10;
const TABLE_SIZE = 8.5;
const LINE_FACTOR = 1.22;
const CELL_PAD_X = 3;
/** A row split across pages keeps at least this many lines on each page. */
const MIN_SPLIT_LINES = 2;
/** Rows up to this many lines are never split. */
const KEEP_ROW_LINES = 8;
const CELL_PAD_Y = 2.5;
const BORDER = '#444444';
const HEADER_FILL = '#e8e8e8';
const CAPTION_COLOR = '#555555';
const SIGNATURE_GAP = 10;

interface LaidCell {
  x: number;
  width: number;
  lines: string[];
  bold: boolean;
  align: Align;
  fill?: string;
}

interface LaidRow {
  cells: LaidCell[];
  lineCount: number;
}

export class PdfWriter {
  readonly left = MARGIN.left;
  readonly right = A4.width - MARGIN.right;
  readonly top = MARGIN.top;
  readonly bottom = A4.height - MARGIN.bottom;
  /** The cursor: where the next block starts. */
  y: number = MARGIN.top;

  private readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;
  private readonly footer: WriterOptions['footer'];
  /** Drawn at the top of every new page while a table is open (its header row). */
  private pageStart: (() => void) | null = null;

  constructor(options: WriterOptions) {
    this.footer = options.footer;
    const fonts = parsedFonts();
    this.doc = new PDFDocument({
      // No default font: pdfkit would parse its Helvetica metrics for every document, never used.
      font: null as unknown as string,
      size: 'A4',
      margin: 0,
      autoFirstPage: false,
      bufferPages: true,
      lang: options.lang === 'kk' ? 'kk-KZ' : 'ru-RU',
      info: { Title: options.title, Creator: 'Bagalau', Producer: 'Bagalau' },
      displayTitle: true,
    });
    this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.done = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    // pdfkit takes a parsed fontkit font where it takes a font file (its types only list the file forms).
    this.doc.registerFont('regular', fonts.regular as unknown as Buffer);
    this.doc.registerFont('bold', fonts.bold as unknown as Buffer);
    this.doc.addPage();
  }

  get width(): number {
    return this.right - this.left;
  }

  /** Starts a new page; an open table repeats its header there. */
  newPage(): void {
    this.doc.addPage();
    this.y = this.top;
    this.pageStart?.();
  }

  /** Moves to a new page unless `height` still fits below the cursor. */
  ensure(height: number): void {
    if (this.y + height > this.bottom && this.y > this.top) this.newPage();
  }

  gap(height: number): void {
    this.y = Math.min(this.y + height, this.bottom);
  }

  lineHeight(size = BODY_SIZE): number {
    return size * LINE_FACTOR;
  }

  /** Wrapped lines of `text` (newlines start new lines) no wider than `width`. */
  wrap(text: string, width: number, size = BODY_SIZE, bold = false): string[] {
    this.setFont(bold ? 'bold' : 'regular', size);
    const measure = (s: string) => this.doc.widthOfString(s);
    return text
      .split(/\r?\n/)
      .flatMap((paragraph) => wrapLabel(paragraph, width, Number.POSITIVE_INFINITY, measure));
  }

  /** A paragraph; breaks across pages line by line. */
  text(text: string, style: TextStyle = {}): void {
    const size = style.size ?? BODY_SIZE;
    const indent = style.indent ?? 0;
    const width = style.width ?? this.width - indent;
    const x = this.left + indent;
    const lineHeight = this.lineHeight(size);
    const lines = this.wrap(text, width, size, style.bold);
    if (style.keepWithNext) this.ensure(lines.length * lineHeight + style.keepWithNext);
    for (const line of lines) {
      this.ensure(lineHeight);
      this.drawLine(line, x, this.y, width, {
        size,
        bold: style.bold ?? false,
        align: style.align ?? 'left',
        color: style.color,
      });
      this.y += lineHeight;
    }
    this.gap(style.gapAfter ?? 0);
  }

  /** A right-aligned block at the top right, as the appendix note of a form. */
  cornerNote(text: string, width = 230): void {
    this.text(text, { size: 8, align: 'left', indent: this.width - width, width, color: CAPTION_COLOR });
  }

  /**
   * A table. Column widths are shared out by weight. The header repeats on every page; a row that does not
   * fit what is left of the page moves to the next page, or, when it is taller than a page, splits there.
   */
  table(columns: readonly TableColumn[], rows: readonly TableRow[], options: TableOptions = {}): void {
    const size = options.size ?? TABLE_SIZE;
    const borders = options.borders ?? true;
    const withHeader = options.header ?? true;
    const totalWeight = columns.reduce((sum, c) => sum + c.weight, 0);
    const widths = columns.map((c) => (c.weight / totalWeight) * this.width);
    const xs = widths.map((_, i) => this.left + widths.slice(0, i).reduce((a, b) => a + b, 0));
    const layout = (row: TableRow, header: boolean): LaidRow => {
      const cells: LaidCell[] = [];
      let column = 0;
      for (const raw of row) {
        const cell: TableCell = typeof raw === 'string' ? { text: raw } : raw;
        const span = Math.max(1, Math.min(cell.span ?? 1, columns.length - column));
        const width = widths.slice(column, column + span).reduce((a, b) => a + b, 0);
        const bold = header || (cell.bold ?? false);
        cells.push({
          x: xs[column] ?? this.left,
          width,
          lines: this.wrap(cell.text, width - 2 * CELL_PAD_X, size, bold),
          bold,
          align: cell.align ?? (header ? 'center' : (columns[column]?.align ?? 'left')),
          fill: header ? HEADER_FILL : cell.fill,
        });
        column += span;
        if (column >= columns.length) break;
      }
      return { cells, lineCount: Math.max(1, ...cells.map((c) => c.lines.length)) };
    };
    const lineHeight = this.lineHeight(size);
    const rowHeight = (lines: number) => lines * lineHeight + 2 * CELL_PAD_Y;
    const header = withHeader
      ? layout(
          columns.map((c) => c.header),
          true,
        )
      : null;
    const drawHeader = () => {
      if (!header) return;
      this.drawRowChunk(header, 0, header.lineCount, size, borders);
    };
    const headerHeight = header ? rowHeight(header.lineCount) : 0;
    const pageBody = this.bottom - this.top - headerHeight;

    // The header and the first line of the first row stay together.
    this.ensure(headerHeight + rowHeight(1));
    drawHeader();
    this.pageStart = drawHeader;
    try {
      for (const row of rows) {
        const laid = layout(row, false);
        let from = 0;
        while (from < laid.lineCount) {
          const remaining = laid.lineCount - from;
          const fitting = Math.floor((this.bottom - this.y - 2 * CELL_PAD_Y) / lineHeight);
          if (fitting >= remaining) {
            this.drawRowChunk(laid, from, laid.lineCount, size, borders);
            break;
          }
          // A row of up to KEEP_ROW_LINES lines moves to the next page whole; a longer one splits, keeping
          // at least MIN_SPLIT_LINES on either side, rather than leave half a page empty.
          const short = remaining <= KEEP_ROW_LINES && rowHeight(remaining) <= pageBody;
          if (short || fitting < MIN_SPLIT_LINES) {
            this.newPage();
            continue;
          }
          const take = Math.min(fitting, remaining - MIN_SPLIT_LINES);
          this.drawRowChunk(laid, from, from + take, size, borders);
          from += take;
          this.newPage();
        }
      }
    } finally {
      this.pageStart = null;
    }
    this.gap(options.gapAfter ?? 6);
  }

  /** Label/value lines: a borderless two-column grid, values wrap under themselves. */
  fields(
    rows: readonly (readonly [string, string])[],
    options: { labelWeight?: number; size?: number } = {},
  ): void {
    const labelWeight = options.labelWeight ?? 1.8;
    this.table(
      [
        { header: '', weight: labelWeight },
        { header: '', weight: 5 - labelWeight },
      ],
      rows.map(([label, value]) => [{ text: label, bold: true }, value]),
      { borders: false, header: false, size: options.size ?? 9.5, gapAfter: 4 },
    );
  }

  /**
   * A PNG with a caption above it, scaled to fit the box (keeping its proportions) and centred. Where
   * the rest of the page holds it at no less than `minShare` of that size it shrinks to stay there;
   * otherwise caption and image move to the next page together.
   */
  image(
    png: Buffer,
    box: { maxWidth: number; maxHeight: number; caption?: string; minShare?: number },
  ): void {
    const size = pngSize(png);
    const captionHeight = box.caption
      ? this.wrap(box.caption, this.width, BODY_SIZE, true).length * this.lineHeight() + 4
      : 0;
    const full = Math.min(box.maxWidth / size.width, box.maxHeight / size.height, 1);
    const room = this.bottom - this.y - captionHeight;
    let scale = Math.min(full, room / size.height);
    if (scale < full * (box.minShare ?? 0.7)) {
      this.newPage();
      scale = Math.min(full, (this.bottom - this.y - captionHeight) / size.height);
    }
    if (box.caption) this.text(box.caption, { bold: true, align: 'center', gapAfter: 4 });
    const width = size.width * scale;
    const height = size.height * scale;
    this.doc.image(png, this.left + (this.width - width) / 2, this.y, { width, height });
    this.y += height;
  }

  /** Signature lines: role and name on the left, the line to sign in the middle, the date on the right. */
  signatures(lines: readonly SignatureLine[]): void {
    const roleWidth = this.width * 0.44;
    const signX = this.left + roleWidth + 8;
    const signWidth = this.width * 0.28;
    const dateX = signX + signWidth + 12;
    const dateWidth = this.right - dateX;
    const captionSize = 7.5;
    const laid = lines.map((line) => {
      const roleLines = this.wrap(line.role, roleWidth, BODY_SIZE, true);
      const nameLines = line.name ? this.wrap(line.name, roleWidth, BODY_SIZE) : [];
      const captionLines = line.nameCaption ? this.wrap(line.nameCaption, roleWidth, captionSize) : [];
      const left =
        (roleLines.length + nameLines.length) * this.lineHeight() +
        captionLines.length * this.lineHeight(captionSize);
      const right = 2 * this.lineHeight() + this.lineHeight(captionSize) + 2;
      return { line, roleLines, nameLines, captionLines, height: Math.max(left, right) + SIGNATURE_GAP };
    });
    const blockHeight = laid.reduce((sum, l) => sum + l.height, 0);
    // The whole block on one page when it fits on one: signatures torn from each other read as forged.
    if (blockHeight <= this.bottom - this.top) this.ensure(blockHeight);
    for (const { line, roleLines, nameLines, captionLines, height } of laid) {
      this.ensure(height);
      const top = this.y;
      let y = top;
      const put = (text: string, size: number, bold: boolean, color?: string) => {
        this.drawLine(text, this.left, y, roleWidth, { size, bold, align: 'left', color });
        y += this.lineHeight(size);
      };
      for (const text of roleLines) put(text, BODY_SIZE, true);
      for (const text of nameLines) put(text, BODY_SIZE, false);
      for (const text of captionLines) put(text, captionSize, false, CAPTION_COLOR);
      const ruleY = top + 2 * this.lineHeight();
      this.rule(signX, ruleY, signWidth);
      this.drawLine(line.signatureCaption, signX, ruleY + 2, signWidth, {
        size: captionSize,
        bold: false,
        align: 'center',
        color: CAPTION_COLOR,
      });
      const dateText = line.date ? `${line.dateLabel}: ${line.date}` : `${line.dateLabel}:`;
      this.drawLine(dateText, dateX, ruleY - this.lineHeight() + 1, dateWidth, {
        size: BODY_SIZE,
        bold: false,
        align: 'left',
      });
      if (!line.date) {
        const labelWidth = this.measure(`${line.dateLabel}: `, BODY_SIZE);
        this.rule(dateX + labelWidth, ruleY, Math.max(20, dateWidth - labelWidth));
      }
      this.y = top + height;
    }
  }

  /** Writes the footers and returns the finished PDF. */
  async finish(): Promise<Buffer> {
    const range = this.doc.bufferedPageRange();
    for (let i = 0; i < range.count; i++) {
      this.doc.switchToPage(range.start + i);
      const { left, right } = this.footer(i + 1, range.count);
      const y = A4.height - MARGIN.bottom + 18;
      const rightWidth = 110;
      const [leftLine = ''] = this.wrap(left, this.width - rightWidth - 10, 7.5).slice(0, 1);
      const more = this.wrap(left, this.width - rightWidth - 10, 7.5).length > 1 ? '…' : '';
      const style = { size: 7.5, bold: false, color: CAPTION_COLOR };
      this.drawLine(`${leftLine}${more}`, this.left, y, this.width - rightWidth, { ...style, align: 'left' });
      this.drawLine(right, this.right - rightWidth, y, rightWidth, { ...style, align: 'right' });
    }
    this.doc.end();
    return this.done;
  }

  private measure(text: string, size: number, bold = false): number {
    this.setFont(bold ? 'bold' : 'regular', size);
    return this.doc.widthOfString(text);
  }

  private setFont(style: FontStyle, size: number): void {
    this.doc.font(style).fontSize(size);
  }

  private rule(x: number, y: number, width: number): void {
    this.doc
      .save()
      .lineWidth(0.6)
      .strokeColor(BORDER)
      .moveTo(x, y)
      .lineTo(x + width, y)
      .stroke()
      .restore();
  }

  private drawLine(
    text: string,
    x: number,
    y: number,
    width: number,
    style: { size: number; bold: boolean; align: Align; color?: string },
  ): void {
    if (!text) return;
    this.setFont(style.bold ? 'bold' : 'regular', style.size);
    const textWidth = this.doc.widthOfString(text);
    const offset =
      style.align === 'center'
        ? Math.max(0, (width - textWidth) / 2)
        : style.align === 'right'
          ? Math.max(0, width - textWidth)
          : 0;
    this.doc.fillColor(style.color ?? '#000000').text(text, x + offset, y, { lineBreak: false });
  }

  /** Lines [from, to) of a laid-out row at the cursor, with the cell borders of that piece. */
  private drawRowChunk(row: LaidRow, from: number, to: number, size: number, borders: boolean): void {
    const lineHeight = this.lineHeight(size);
    const height = (to - from) * lineHeight + 2 * CELL_PAD_Y;
    for (const cell of row.cells) {
      if (cell.fill) this.doc.save().rect(cell.x, this.y, cell.width, height).fill(cell.fill).restore();
      if (borders)
        this.doc
          .save()
          .lineWidth(0.5)
          .strokeColor(BORDER)
          .rect(cell.x, this.y, cell.width, height)
          .stroke()
          .restore();
      cell.lines.slice(from, to).forEach((line, i) => {
        this.drawLine(
          line,
          cell.x + CELL_PAD_X,
          this.y + CELL_PAD_Y + i * lineHeight,
          cell.width - 2 * CELL_PAD_X,
          {
            size,
            bold: cell.bold,
            align: cell.align,
          },
        );
      });
    }
    this.y += height;
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Pixel size from a PNG's IHDR chunk; throws on anything that is not a PNG. */
function pngSize(png: Buffer): { width: number; height: number } {
  if (
    png.length < 24 ||
    !png.subarray(0, 8).equals(PNG_SIGNATURE) ||
    png.toString('latin1', 12, 16) !== 'IHDR'
  )
    throw new RangeError('documents: the chart image is not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
