/** What a typed message on a calibration case is (the awaiting-input record's `step`). */
export const STEP = {
  refusalReason: 0,
  members: 1,
  sessionDate: 2,
  scoreUp: 3,
  scoreDown: 4,
  argument: 5,
} as const;

/** Longest typed text kept (a reason, an argument): well inside a Telegram message with the case. */
export const MAX_TEXT = 2000;
