/** Measures the rendered width of a string in pixels (e.g. ctx.measureText(s).width). */
export type MeasureText = (text: string) => number;

const ELLIPSIS = '…';

/**
 * Splits a label into at most `maxLines` lines no wider than `maxWidth`.
 * Breaks on whitespace; a single word wider than a line is cut by characters
 * (long Kazakh compounds are common). Text that does not fit is truncated with
 * an ellipsis on the last line.
 */
export function wrapLabel(text: string, maxWidth: number, maxLines: number, measure: MeasureText): string[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let current = '';
  let overflow = false;

  const push = (line: string): void => {
    if (lines.length < maxLines) lines.push(line);
    else overflow = true;
  };

  for (const word of words) {
    const candidate = current ? `${current} ${word}` : word;
    if (measure(candidate) <= maxWidth) {
      current = candidate;
      continue;
    }
    if (current) push(current);
    current = '';
    // Cut an over-long word into pieces that fit.
    let rest = word;
    while (measure(rest) > maxWidth && rest.length > 1) {
      const cut = fittingPrefixLength(rest, maxWidth, measure);
      push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    current = rest;
  }
  if (current) push(current);

  if (overflow && lines.length > 0) {
    lines[lines.length - 1] = withEllipsis(lines[lines.length - 1] ?? '', maxWidth, measure);
  }
  return lines;
}

function fittingPrefixLength(text: string, maxWidth: number, measure: MeasureText): number {
  const chars = Array.from(text);
  let length = 1;
  while (length < chars.length && measure(chars.slice(0, length + 1).join('')) <= maxWidth) length++;
  // Return a UTF-16 offset, so slicing never splits a surrogate pair.
  return chars.slice(0, length).join('').length;
}

function withEllipsis(line: string, maxWidth: number, measure: MeasureText): string {
  const chars = Array.from(line);
  while (chars.length > 0 && measure(`${chars.join('').trimEnd()}${ELLIPSIS}`) > maxWidth) chars.pop();
  return `${chars.join('').trimEnd()}${ELLIPSIS}`;
}
