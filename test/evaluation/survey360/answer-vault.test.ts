import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AnswersKeyError,
  AnswerVault,
  decodeAnswersKey,
  loadAnswerVault,
} from '../../../src/evaluation/survey360/answer-vault.ts';

const vault = new AnswerVault(randomBytes(32));

describe('AnswerVault', () => {
  it('opens what it sealed, in the same place only', () => {
    const box = vault.seal({ q1: 4 }, 'draft:a:q1');
    expect(vault.open(box, 'draft:a:q1')).toEqual({ q1: 4 });
    expect(() => vault.open(box, 'draft:b:q1')).toThrow(AnswersKeyError);
    expect(() => new AnswerVault(randomBytes(32)).open(box, 'draft:a:q1')).toThrow(AnswersKeyError);
  });

  it('seals equal answers into different boxes, and every answer into a box of one length', () => {
    const boxes = [1, 1, 5, 10].map((value) => vault.seal(value, 'ctx'));
    expect(new Set(boxes).size).toBe(4);
    expect(new Set(boxes.map((b) => b.length)).size).toBe(1);
  });

  it('gives keyed fingerprints: stable for one key, unrelated across keys and purposes', () => {
    const other = new AnswerVault(randomBytes(32));
    expect(vault.mac('submission', 't')).toBe(vault.mac('submission', 't'));
    expect(vault.mac('submission', 't')).not.toBe(other.mac('submission', 't'));
    expect(vault.mac('submission', 't')).not.toBe(vault.mac('release', 't'));
    expect(vault.mac('submission', 't')).not.toContain('t\n');
  });

  it('reads a key as base64 or hex, and refuses other lengths', () => {
    const key = randomBytes(32);
    expect(decodeAnswersKey(key.toString('base64'))).toEqual(key);
    expect(decodeAnswersKey(`${key.toString('hex')}\n`)).toEqual(key);
    expect(() => decodeAnswersKey(randomBytes(16).toString('base64'))).toThrow(AnswersKeyError);
  });
});

describe('loadAnswerVault', () => {
  it('creates the embedded setup key next to the database directory once, then reuses it', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'vault-'));
    const config = { EMBEDDED_MONGO_DIR: path.join(root, 'mongo') };
    const first = await loadAnswerVault(config);
    const file = path.join(root, 'answers.key');
    expect(((await stat(file)).mode & 0o777).toString(8)).toBe('600');
    const box = first.seal(3, 'x');
    expect((await loadAnswerVault(config)).open(box, 'x')).toBe(3);
    expect(decodeAnswersKey(await readFile(file, 'utf8'))).toHaveLength(32);
  });

  it('never invents a key for a real database', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'vault-'));
    await expect(
      loadAnswerVault({
        MONGODB_URI: 'mongodb://db:27017',
        EMBEDDED_MONGO_DIR: path.join(root, 'mongo'),
        ANSWERS_KEY_FILE: path.join(root, 'missing.key'),
      }),
    ).rejects.toThrow(/does not exist/);
  });
});
