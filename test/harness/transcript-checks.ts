// Checks over everything the bot shows a person, run by the fake Bot API on each message it accepts
// (sendMessage, editMessageText, sendPhoto, sendDocument, editMessageReplyMarkup, editMessageCaption):
// buttons short enough for a phone, no raw period code ("2026-Q3") and no unrendered {{variable}} in a
// text, caption or button. Violations are collected here; test/setup/transcript-checks.ts fails the
// test that produced them, so every end-to-end test checks every keyboard and text it causes.

/** Characters a button may show: alone in its row, and each of n ≥ 2 buttons sharing a row. */
export const BUTTON_LIMITS = { alone: 40, rowWidth: 60 } as const;

export const maxButtonLength = (buttonsInRow: number) =>
  buttonsInRow <= 1 ? BUTTON_LIMITS.alone : Math.floor(BUTTON_LIMITS.rowWidth / buttonsInRow);

const CHECKED_METHODS = new Set([
  'sendmessage',
  'editmessagetext',
  'sendphoto',
  'senddocument',
  'editmessagereplymarkup',
  'editmessagecaption',
]);

const PERIOD_CODE = /\b\d{4}-(Q[1-4]|Y)\b/;
const UNRENDERED = /\{\{\s*\w+/;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
/** What a phone shows as characters: an emoji with its variation selector counts once. */
export const visibleLength = (text: string) => [...graphemes.segment(text)].length;

export interface TranscriptViolation {
  method: string;
  chatId: unknown;
  problem: string;
  text: string;
}

const violations: TranscriptViolation[] = [];

type Button = { text?: unknown };

function rowsOf(markup: unknown): Button[][] {
  if (!markup || typeof markup !== 'object') return [];
  const m = markup as { inline_keyboard?: unknown; keyboard?: unknown };
  const rows = Array.isArray(m.inline_keyboard)
    ? m.inline_keyboard
    : Array.isArray(m.keyboard)
      ? m.keyboard
      : [];
  return rows
    .filter(Array.isArray)
    .map((row: unknown[]) => row.map((b) => (typeof b === 'string' ? { text: b } : ((b ?? {}) as Button))));
}

function parseMarkup(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** The problems of one outgoing request, empty when it is fine. Pure: used by the hook and by tests. */
export function transcriptProblems(
  method: string,
  params: Record<string, unknown>,
): Omit<TranscriptViolation, 'method' | 'chatId'>[] {
  if (!CHECKED_METHODS.has(method.toLowerCase())) return [];
  const problems: Omit<TranscriptViolation, 'method' | 'chatId'>[] = [];
  const shown = (text: unknown, where: string) => {
    if (typeof text !== 'string') return;
    if (PERIOD_CODE.test(text)) problems.push({ problem: `raw period code in the ${where}`, text });
    if (UNRENDERED.test(text)) problems.push({ problem: `unrendered {{variable}} in the ${where}`, text });
  };
  shown(params.text, 'text');
  shown(params.caption, 'caption');
  for (const row of rowsOf(parseMarkup(params.reply_markup))) {
    const max = maxButtonLength(row.length);
    for (const button of row) {
      if (typeof button.text !== 'string') continue;
      shown(button.text, 'button');
      const length = visibleLength(button.text);
      if (length > max)
        problems.push({
          problem: `button of ${length} characters in a row of ${row.length} (at most ${max})`,
          text: button.text,
        });
    }
  }
  return problems;
}

/** The fake Bot API's hook: records what an accepted request would have shown. */
export function checkTranscript(call: {
  method: string;
  params: Record<string, unknown>;
  response: { ok: boolean };
}): void {
  if (!call.response.ok) return;
  for (const p of transcriptProblems(call.method, call.params))
    violations.push({ method: call.method, chatId: call.params.chat_id, ...p });
}

/** Returns and forgets the violations recorded so far. */
export function takeTranscriptViolations(): TranscriptViolation[] {
  return violations.splice(0, violations.length);
}
