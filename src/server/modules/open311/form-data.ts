/**
 * What an Open311 client sends: the query and a form body (form-encoded or multipart), read as one set of
 * parameters, since clients put `api_key` and `jurisdiction_id` in either. Files come from multipart parts with a
 * file name (`photo1`, `photo2`…).
 */
export type UploadedFile = { field: string; fileName: string; content: Buffer };

export class Parameters {
  private readonly values = new Map<string, string[]>();
  readonly files: UploadedFile[] = [];

  add(name: string, value: string): void {
    this.values.set(name, [...(this.values.get(name) ?? []), value]);
  }

  /** The first value given, trimmed; undefined when missing or blank. */
  get(name: string): string | undefined {
    const value = this.values.get(name)?.[0]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  getAll(name: string): string[] {
    return (this.values.get(name) ?? []).map((value) => value.trim()).filter((value) => value !== '');
  }

  /** `attribute[code]=value` pairs by code; a multiple choice repeats them, or sends `attribute[code][]`. */
  attributes(): Map<string, string[]> {
    const found = new Map<string, string[]>();
    for (const [name, values] of this.values) {
      const match = /^attribute\[(.+?)\](?:\[\])?$/.exec(name);
      if (match) found.set(match[1]!, [...(found.get(match[1]!) ?? []), ...values]);
    }
    return found;
  }
}

/** The parameters of a request: its query (as Fastify parsed it) and, for a POST, its form body. */
export function readParameters(query: unknown, body: unknown): Parameters {
  const parameters = body instanceof Parameters ? body : new Parameters();
  for (const [name, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'string') parameters.add(name, item);
    }
  }
  return parameters;
}

export function parseFormEncoded(body: string): Parameters {
  const parameters = new Parameters();
  for (const [name, value] of new URLSearchParams(body)) parameters.add(name, value);
  return parameters;
}

const headerEnd = Buffer.from('\r\n\r\n');

/**
 * A multipart/form-data body (RFC 7578): each part's name, file name and bytes. A body that does not follow the
 * format is refused by returning undefined, so the caller answers 400.
 */
export function parseMultipart(body: Buffer, contentType: string): Parameters | undefined {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!boundary) return undefined;
  const delimiter = Buffer.from(`\r\n--${boundary[1] ?? boundary[2]}`);
  // Prefixed with CRLF so that the first delimiter looks like every other.
  const content = Buffer.concat([Buffer.from('\r\n'), body]);
  const parameters = new Parameters();
  let start = content.indexOf(delimiter);
  if (start < 0) return undefined;
  for (;;) {
    const afterDelimiter = start + delimiter.length;
    if (content.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') return parameters;
    const next = content.indexOf(delimiter, afterDelimiter);
    if (next < 0) return undefined;
    const part = content.subarray(afterDelimiter + 2, next);
    const split = part.indexOf(headerEnd);
    if (split < 0) return undefined;
    const headers = part.subarray(0, split).toString('utf8');
    const name = /content-disposition:[^\r\n]*;\s*name="([^"]*)"/i.exec(headers)?.[1];
    if (name === undefined) return undefined;
    const fileName = /content-disposition:[^\r\n]*;\s*filename="([^"]*)"/i.exec(headers)?.[1];
    const value = part.subarray(split + headerEnd.length);
    if (fileName === undefined) parameters.add(name, value.toString('utf8'));
    else if (value.length > 0) parameters.files.push({ field: name, fileName, content: Buffer.from(value) });
    start = next;
  }
}
