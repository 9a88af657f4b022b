// Telegram's limits on what a bot sends, and its entity parsing: a text's length is counted after
// the parse_mode markup is removed, in UTF-16 code units (JavaScript's string length).

export const TELEGRAM_LIMITS = {
  /** sendMessage / editMessageText `text`, after entity parsing. */
  textLength: 4096,
  /** Media `caption`, after entity parsing. */
  captionLength: 1024,
  /** An inline button's `callback_data`, in UTF-8 bytes. */
  callbackDataBytes: 64,
} as const;

/** Thrown with the part of Telegram's description after "Bad Request: ". */
export class EntityParseError extends Error {}

/** The text a user sees: `raw` with its parse_mode markup removed (plain text when there is no parse_mode). */
export function visibleText(raw: string, parseMode: unknown): string {
  if (typeof parseMode !== 'string' || parseMode === '') return raw;
  switch (parseMode.toLowerCase()) {
    case 'html':
      return parseHtml(raw);
    case 'markdownv2':
      return parseMarkdownV2(raw);
    case 'markdown':
      return parseLegacyMarkdown(raw);
    default:
      throw new EntityParseError(`unsupported parse_mode "${parseMode}"`);
  }
}

const HTML_TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'span',
  'tg-spoiler',
  'a',
  'tg-emoji',
  'code',
  'pre',
  'blockquote',
]);

const HTML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

function parseHtml(raw: string): string {
  let out = '';
  const open: string[] = [];
  let i = 0;
  while (i < raw.length) {
    const char = raw[i]!;
    if (char === '<') {
      const end = raw.indexOf('>', i);
      const tag = end < 0 ? null : /^<(\/?)([a-zA-Z][\w-]*)[^>]*>$/.exec(raw.slice(i, end + 1));
      if (!tag) {
        throw new EntityParseError(`can't parse entities: Unsupported start tag at byte offset ${i}`);
      }
      const name = tag[2]!.toLowerCase();
      if (!HTML_TAGS.has(name)) {
        throw new EntityParseError(
          `can't parse entities: Unsupported start tag "${name}" at byte offset ${i}`,
        );
      }
      if (tag[1] === '/') {
        if (open.pop() !== name) {
          throw new EntityParseError(
            `can't parse entities: Unmatched end tag at byte offset ${i}, expected "</${open.at(-1) ?? ''}>", found "</${name}>"`,
          );
        }
      } else {
        open.push(name);
      }
      i = end + 1;
    } else if (char === '&') {
      const entity = /^&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/.exec(raw.slice(i, i + 12));
      const name = entity?.[1];
      const decoded =
        name === undefined
          ? undefined
          : name.startsWith('#x')
            ? String.fromCodePoint(Number.parseInt(name.slice(2), 16))
            : name.startsWith('#')
              ? String.fromCodePoint(Number(name.slice(1)))
              : HTML_ENTITIES[name];
      // An unknown or malformed entity stays as typed, as Telegram leaves it.
      out += decoded ?? char;
      i += decoded === undefined ? 1 : entity![0].length;
    } else {
      out += char;
      i++;
    }
  }
  if (open.length > 0) {
    throw new EntityParseError(
      `can't parse entities: Can't find end tag corresponding to start tag "${open.at(-1)}"`,
    );
  }
  return out;
}

const MARKDOWN_V2_RESERVED = new Set('_*[]()~`>#+-=|{}.!');

function parseMarkdownV2(raw: string): string {
  let out = '';
  const open = new Set<string>();
  let linkDepth = 0;
  let i = 0;
  const atLineStart = () => i === 0 || raw[i - 1] === '\n';
  while (i < raw.length) {
    const char = raw[i]!;
    if (char === '\\') {
      out += raw[i + 1] ?? '';
      i += 2;
      continue;
    }
    if (raw.startsWith('```', i)) {
      // A pre block: the optional language on the first line is not shown; its content is literal.
      const close = unescapedIndex(raw, '```', i + 3);
      if (close < 0) throw new EntityParseError("can't parse entities: Can't find end of Pre entity");
      let body = raw.slice(i + 3, close);
      const newline = body.indexOf('\n');
      if (newline >= 0 && /^[\w+-]*$/.test(body.slice(0, newline))) body = body.slice(newline + 1);
      out += body.replace(/\\([`\\])/g, '$1');
      i = close + 3;
      continue;
    }
    if (char === '`') {
      const close = unescapedIndex(raw, '`', i + 1);
      if (close < 0) throw new EntityParseError("can't parse entities: Can't find end of Code entity");
      out += raw.slice(i + 1, close).replace(/\\([`\\])/g, '$1');
      i = close + 1;
      continue;
    }
    const marker = raw.startsWith('__', i) ? '__' : raw.startsWith('||', i) ? '||' : char;
    if (marker === '__' || marker === '||' || char === '*' || char === '_' || char === '~') {
      if (open.has(marker)) open.delete(marker);
      else open.add(marker);
      i += marker.length;
      continue;
    }
    if (char === '[') {
      linkDepth++;
      i++;
      continue;
    }
    if (char === ']' && linkDepth > 0 && raw[i + 1] === '(') {
      const close = raw.indexOf(')', i + 2);
      if (close < 0) throw new EntityParseError("can't parse entities: Can't find end of a URL");
      linkDepth--;
      i = close + 1;
      continue;
    }
    if (char === '>' && atLineStart()) {
      i++;
      continue;
    }
    if (MARKDOWN_V2_RESERVED.has(char)) {
      throw new EntityParseError(
        `can't parse entities: Character '${char}' is reserved and must be escaped with the preceding '\\'`,
      );
    }
    out += char;
    i++;
  }
  if (open.size > 0 || linkDepth > 0) {
    throw new EntityParseError("can't parse entities: Can't find end of the entity");
  }
  return out;
}

/** The index of `needle` at or after `from` that no backslash escapes, or -1. */
function unescapedIndex(raw: string, needle: string, from: number): number {
  for (let i = from; i < raw.length; i++) {
    if (raw[i] === '\\') i++;
    else if (raw.startsWith(needle, i)) return i;
  }
  return -1;
}

function parseLegacyMarkdown(raw: string): string {
  return raw
    .replace(/```(?:[\w+-]*\n)?([\s\S]*?)```/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\\([_*`[])|[_*`]/g, (_match, escaped: string | undefined) => escaped ?? '');
}
