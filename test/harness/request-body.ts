// Parses Bot API request bodies the way grammY sends them: JSON, urlencoded, query strings and
// multipart/form-data. grammY writes file parts as `filename=<name>` WITHOUT quotes, which
// `Response.formData()` rejects, so the multipart parser here is deliberately lenient.

export interface UploadedPart {
  /** Part name; for grammY uploads this is the id referenced as `attach://<id>`. */
  name: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
}

export interface ParsedBody {
  params: Record<string, unknown>;
  /** File parts by part name (the `<id>` in `attach://<id>`). */
  uploads: Map<string, UploadedPart>;
}

const NUMERIC_KEYS = new Set([
  'offset',
  'limit',
  'timeout',
  'width',
  'height',
  'duration',
  'cache_time',
  'retry_after',
  'message_thread_id',
]);
const TEXT_KEYS = new Set(['text', 'caption', 'title', 'description', 'query', 'url', 'file_name']);

/** Turns a form field string into the value a JSON body would have carried. */
export function coerceField(key: string, value: string): unknown {
  if (TEXT_KEYS.has(key)) return value;
  if ((value.startsWith('{') && value.endsWith('}')) || (value.startsWith('[') && value.endsWith(']'))) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  if (/^-?\d+$/.test(value) && (key.endsWith('_id') || key === 'id' || NUMERIC_KEYS.has(key))) {
    return Number(value);
  }
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

function fromSearchParams(search: URLSearchParams): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [key, value] of search) params[key] = coerceField(key, value);
  return params;
}

function headerParam(header: string, param: string): string | undefined {
  // Quoted value, or (lenient) an unquoted one: for `filename` up to the end of the line,
  // since grammY puts it last and a file name may contain ';'.
  const quoted = new RegExp(`(?:^|;)\\s*${param}="([^"]*)"`, 'i').exec(header);
  if (quoted) return quoted[1];
  const rest = param === 'filename' ? '(.*)$' : '([^;]*)';
  const bare = new RegExp(`(?:^|;)\\s*${param}=${rest}`, 'i').exec(header);
  return bare?.[1]?.trim();
}

/** Lenient multipart/form-data parser: accepts unquoted names and filenames, CRLF or LF. */
export function parseMultipart(body: Buffer, contentType: string): ParsedBody {
  const boundaryMatch = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = boundaryMatch?.[1] ?? boundaryMatch?.[2];
  if (!boundary) throw new Error(`multipart body without boundary: ${contentType}`);
  const delimiter = Buffer.from(`--${boundary}`);
  const params: Record<string, unknown> = {};
  const uploads = new Map<string, UploadedPart>();

  let pos = body.indexOf(delimiter);
  while (pos !== -1) {
    let start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break; // closing delimiter
    if (body[start] === 0x0d) start++;
    if (body[start] === 0x0a) start++;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    let end = next;
    if (body[end - 1] === 0x0a) end--;
    if (body[end - 1] === 0x0d) end--;
    const part = body.subarray(start, end);

    let headerEnd = part.indexOf('\r\n\r\n');
    let sepLength = 4;
    if (headerEnd === -1) {
      headerEnd = part.indexOf('\n\n');
      sepLength = 2;
    }
    if (headerEnd !== -1) {
      const headers = new Map<string, string>();
      for (const line of part.subarray(0, headerEnd).toString('utf8').split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
      }
      const content = part.subarray(headerEnd + sepLength);
      const disposition = headers.get('content-disposition') ?? '';
      const name = headerParam(disposition, 'name');
      const filename = headerParam(disposition, 'filename');
      if (name !== undefined) {
        if (filename !== undefined) {
          uploads.set(name, {
            name,
            filename,
            contentType: headers.get('content-type') ?? 'application/octet-stream',
            bytes: Buffer.from(content),
          });
        } else {
          params[name] = coerceField(name, content.toString('utf8'));
        }
      }
    }
    pos = next;
  }
  return { params, uploads };
}

/** Parses a request into params + uploads, whatever the content type; query string params merge in. */
export function parseRequestBody(
  body: Buffer,
  contentType: string | undefined,
  query: URLSearchParams,
): ParsedBody {
  const params = fromSearchParams(query);
  const type = (contentType ?? '').toLowerCase();
  if (body.length === 0) return { params, uploads: new Map() };
  if (type.startsWith('multipart/form-data')) {
    const parsed = parseMultipart(body, contentType ?? '');
    return { params: { ...params, ...parsed.params }, uploads: parsed.uploads };
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return {
      params: { ...params, ...fromSearchParams(new URLSearchParams(body.toString('utf8'))) },
      uploads: new Map(),
    };
  }
  // JSON is the default (grammY sends `content-type: application/json`).
  const text = body.toString('utf8').trim();
  if (text === '') return { params, uploads: new Map() };
  const json: unknown = JSON.parse(text);
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new Error('JSON body must be an object');
  }
  return { params: { ...params, ...(json as Record<string, unknown>) }, uploads: new Map() };
}
