import { afterAll, afterEach, expect } from 'vitest';
import { takeTranscriptViolations } from '../harness/transcript-checks.ts';

// Every test fails when the bot showed a person something test/harness/transcript-checks.ts forbids:
// a button too long for a phone, a raw period code, an unrendered {{variable}}.
const assertClean = () => {
  const found = takeTranscriptViolations().map(
    (v) => `${v.method} to ${String(v.chatId)}: ${v.problem}: ${JSON.stringify(v.text)}`,
  );
  expect(found, 'what the bot sent breaks the transcript rules').toEqual([]);
};
afterEach(assertClean);
afterAll(assertClean);
