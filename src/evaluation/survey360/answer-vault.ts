import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AppConfig } from '../../config.ts';

const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class AnswersKeyError extends Error {}

/**
 * Seals 360 answers with AES-256-GCM under a key that is never stored in MongoDB, so a copy of the
 * database shows neither an answer in progress nor a submitted one before its campaign closes.
 * Every box is bound to where it is stored (`context`, the GCM associated data): a box copied to
 * another draft, question or campaign does not open.
 */
export class AnswerVault {
  private readonly sealKey: Buffer;
  private readonly macKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new AnswersKeyError('the answers key must be 32 bytes');
    this.sealKey = derive(masterKey, 'bagalau answers: seal');
    this.macKey = derive(masterKey, 'bagalau answers: mac');
  }

  seal(value: unknown, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(padded(JSON.stringify(value)), 'utf8'), cipher.final()]);
    return `${FORMAT}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  open<T>(box: string, context: string): T {
    const [format, encoded] = box.split(':');
    const bytes = Buffer.from(encoded ?? '', 'base64url');
    if (format !== FORMAT || bytes.length < IV_BYTES + TAG_BYTES)
      throw new AnswersKeyError('a sealed answer is malformed');
    const decipher = createDecipheriv('aes-256-gcm', this.sealKey, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      const text = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
      return JSON.parse(text.toString('utf8')) as T;
    } catch {
      throw new AnswersKeyError(
        'a sealed answer does not open with this key (was ANSWERS_KEY changed, or the box moved?)',
      );
    }
  }

  /** A keyed fingerprint: equal inputs match, yet without the key it cannot be matched to its input. */
  mac(purpose: string, text: string): string {
    return createHmac('sha256', this.macKey).update(`${purpose}\n${text}`).digest('base64url');
  }
}

/**
 * Pads with spaces (JSON ignores them) so a box's length does not tell its content: every single
 * answer is 16 bytes, a whole questionnaire a multiple of 256.
 */
function padded(json: string): string {
  const length = Buffer.byteLength(json);
  const block = length < 256 ? 16 : 256;
  return json.padEnd(json.length + (block - (length % block)), ' ');
}

function derive(masterKey: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), info, 32));
}

/** 32 bytes written as base64 (44 characters) or hex (64). */
export function decodeAnswersKey(text: string): Buffer {
  const trimmed = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
  if (bytes.length !== 32) throw new AnswersKeyError('the answers key must be 32 bytes as base64 or hex');
  return bytes;
}

type KeyConfig = Pick<AppConfig, 'ANSWERS_KEY' | 'ANSWERS_KEY_FILE' | 'MONGODB_URI' | 'EMBEDDED_MONGO_DIR'>;

/**
 * ANSWERS_KEY, else ANSWERS_KEY_FILE, else (embedded database only) `answers.key` next to the database
 * directory — not inside it, so copying the database does not copy the key. The embedded setup creates
 * the file at first start; with a real database the key must be given (every instance needs the same one).
 */
export async function loadAnswerVault(config: KeyConfig): Promise<AnswerVault> {
  if (config.ANSWERS_KEY) return new AnswerVault(decodeAnswersKey(config.ANSWERS_KEY));
  const file =
    config.ANSWERS_KEY_FILE ??
    path.join(path.dirname(path.resolve(config.EMBEDDED_MONGO_DIR)), 'answers.key');
  const existing = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (existing !== null) return new AnswerVault(decodeAnswersKey(existing));
  if (config.MONGODB_URI) throw new AnswersKeyError(`the answers key file ${file} does not exist`);
  await mkdir(path.dirname(file), { recursive: true });
  // 'wx': two processes starting at once cannot both write a key; the loser reads the winner's.
  await writeFile(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    },
  );
  return new AnswerVault(decodeAnswersKey(await readFile(file, 'utf8')));
}
