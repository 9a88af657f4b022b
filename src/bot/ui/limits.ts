/** Telegram's limits on what one message may carry. */
export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;
export const CALLBACK_DATA_LIMIT = 64;

/**
 * Splits a text into messages of at most `limit` characters, at line boundaries (a blank line is
 * preferred, so a list entry of several lines stays whole); only a single line longer than the limit is
 * cut inside. Telegram counts UTF-16 code units, as JavaScript's `length` does.
 */
export function splitText(text: string, limit = TEXT_LIMIT): string[] {
  if (text.length <= limit) return [text];
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    let cut = window.lastIndexOf('\n\n');
    if (cut <= 0) cut = window.lastIndexOf('\n');
    if (cut <= 0) cut = safeCut(rest, limit);
    chunks.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\n+/, '');
  }
  if (rest.length > 0) chunks.push(rest);
  return chunks.filter((chunk) => chunk.length > 0);
}

/** A caption that fits: cut at the last line boundary under the limit, marked with an ellipsis. */
export function fitCaption(caption: string, limit = CAPTION_LIMIT): string {
  if (caption.length <= limit) return caption;
  const window = caption.slice(0, limit - 1);
  const cut = window.lastIndexOf('\n');
  return `${window.slice(0, cut > 0 ? cut : safeCut(window, window.length)).trimEnd()}…`;
}

/** A cut position that does not split a surrogate pair (an emoji or a rare letter). */
function safeCut(text: string, at: number): number {
  const code = text.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}

/** The UTF-8 size Telegram checks callback data against. */
export function callbackDataBytes(data: string): number {
  return Buffer.byteLength(data, 'utf8');
}
