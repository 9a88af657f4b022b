import { type Zippable, zipSync } from 'fflate';

export interface ArchiveEntry {
  /** Folder inside the archive (e.g. the unit), or none. */
  folder?: string | null;
  /** File name; sanitised, and made unique inside its folder. */
  name: string;
  data: Uint8Array;
}

export interface ArchiveOptions {
  /**
   * Largest archive in bytes before the next one starts (bots may send files up to 50 MB). Entries are
   * never split; an entry bigger than this gets an archive of its own.
   */
  maxBytes?: number;
  /** Modification time written into the archive (default: now). */
  modifiedAt?: Date;
}

export interface ArchivePart {
  data: Uint8Array;
  /** The archive paths it holds, in order. */
  names: string[];
}

export const DEFAULT_ARCHIVE_MAX_BYTES = 45 * 1024 * 1024;
const MAX_NAME_LENGTH = 120;
/** ZIP overhead per entry: local header, central directory record, both with the name. */
const ENTRY_OVERHEAD = 30 + 46;
const END_RECORD = 22;

/**
 * A name safe in every archive tool and file system: no path separators, no characters Windows forbids,
 * no control characters, no leading dots, no trailing dots or spaces, no reserved device names, at most
 * 120 characters (the extension kept). Letters of every script stay (Kazakh names are the point).
 */
export function safeFileName(name: string, fallback = 'document'): string {
  const cleaned = name
    .normalize('NFC')
    .replace(/\s/g, ' ')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/[<>:"/\\|?*]/g, ' ')
    // What was a path's '.' or '..' segment goes.
    .replace(/(^| )\.+(?= |$)/g, ' ')
    .replace(/ +/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .replace(/[. ]+$/, '')
    .trim();
  const base = cleaned || fallback;
  const safe = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(base) ? `_${base}` : base;
  return truncateKeepingExtension(safe, MAX_NAME_LENGTH);
}

function truncateKeepingExtension(name: string, max: number): string {
  const chars = Array.from(name);
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 8 ? name.slice(dot) : '';
  const stem = Array.from(name.slice(0, name.length - extension.length));
  return `${stem
    .slice(0, max - Array.from(extension).length)
    .join('')
    .trimEnd()}${extension}`;
}

/** «name.pdf», «name (2).pdf», ... : unique ignoring case, as Windows and macOS compare names. */
function uniqueName(name: string, taken: Set<string>): string {
  const dot = name.lastIndexOf('.');
  const hasExtension = dot > name.lastIndexOf('/') + 1;
  const stem = hasExtension ? name.slice(0, dot) : name;
  const extension = hasExtension ? name.slice(dot) : '';
  let candidate = name;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n})${extension}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/**
 * Bundles documents into .zip archives (stored, not recompressed: PDFs are compressed already), split
 * into parts no bigger than `maxBytes`. File and folder names are sanitised and made unique; names are
 * written in UTF-8 with the ZIP flag that says so.
 */
export function archiveDocuments(
  entries: readonly ArchiveEntry[],
  options: ArchiveOptions = {},
): ArchivePart[] {
  const maxBytes = options.maxBytes ?? DEFAULT_ARCHIVE_MAX_BYTES;
  const mtime = options.modifiedAt ?? new Date();
  const taken = new Set<string>();
  const encoder = new TextEncoder();
  const parts: ArchivePart[] = [];
  let files: Zippable = {};
  let names: string[] = [];
  let size = END_RECORD;
  const flush = () => {
    if (names.length === 0) return;
    parts.push({ data: zipSync(files, { level: 0, mtime }), names });
    files = {};
    names = [];
    size = END_RECORD;
  };
  for (const entry of entries) {
    const folder = entry.folder ? safeFileName(entry.folder, 'folder') : '';
    const path = uniqueName(
      folder ? `${folder}/${safeFileName(entry.name)}` : safeFileName(entry.name),
      taken,
    );
    const entrySize = entry.data.byteLength + ENTRY_OVERHEAD + 2 * encoder.encode(path).byteLength;
    if (names.length > 0 && size + entrySize > maxBytes) flush();
    files[path] = [entry.data, { level: 0, mtime }];
    names.push(path);
    size += entrySize;
  }
  flush();
  return parts;
}
