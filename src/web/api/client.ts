/** The one way the console talks to the server: JSON in and out, the CSRF header on changes, typed errors. */

const apiBase = '/api/v1';

/** An error answered by the server (`{ error: { code, message, details } }`) or a network failure (code `network`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get isUnauthenticated(): boolean {
    return this.status === 401;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

// The token comes with GET /session; kept here so every request can send it without threading it through hooks.
let csrfToken: string | undefined;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

type QueryValue = string | number | boolean | null | undefined;

export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Record<string, QueryValue>;
  /** JSON, or a Blob (a photo) sent as its own bytes with its own content type. */
  body?: unknown;
  signal?: AbortSignal;
};

const safeMethods = new Set(['GET', 'HEAD']);

export function apiUrl(path: string, query?: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const queryString = search.toString();
  return `${apiBase}${path}${queryString ? `?${queryString}` : ''}`;
}

async function readError(response: Response): Promise<ApiError> {
  const payload: unknown = await response.json().catch(() => undefined);
  const error = (payload as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  if (error && typeof error.code === 'string') {
    return new ApiError(response.status, error.code, String(error.message ?? error.code), error.details);
  }
  return new ApiError(response.status, `http_${response.status}`, response.statusText || `HTTP ${response.status}`);
}

const acceptHeader = 'application/json, application/x-ndjson';

/**
 * The headers of every request: what the console reads, and the language the server's messages should be in — the
 * page's, which i18n sets (Chinese until it has; unit tests run without a page).
 */
function baseHeaders(): Record<string, string> {
  const language = (typeof document === 'undefined' ? '' : document.documentElement.lang) || 'zh-CN';
  return { accept: acceptHeader, 'accept-language': language };
}

/**
 * An answer asked for ahead of the page that needs it, and when it was asked; its JSON, read as soon as it arrives
 * (a copy: the page may still read the answer itself), and kept once read.
 */
type Prefetched = { answer: Promise<Response>; askedAt: number; json: Promise<unknown>; arrived?: unknown };

const prefetched = new Map<string, Prefetched>();
// Older than this, a prefetched answer may be out of date: the page asks again instead.
const prefetchedLifetimeMilliseconds = 10_000;

function startPrefetch(path: string, query?: Record<string, QueryValue>): Prefetched {
  const url = apiUrl(path, query);
  const answer = fetch(url, { headers: baseHeaders(), credentials: 'same-origin' });
  // Copied before anyone reads the body: this is the first callback registered on the answer. A failure reaches
  // the page's own request; unused, it is no error of its own.
  const json = answer.then((response) => (response.ok ? response.clone().json() : undefined)).catch(() => undefined);
  const entry: Prefetched = { answer, askedAt: Date.now(), json };
  void json.then((body: unknown) => (entry.arrived = body));
  prefetched.set(url, entry);
  return entry;
}

/**
 * Starts a GET now for a page that will ask for it soon (the first page, while its code still loads), so its
 * requests go out at once instead of one after another as each part renders. The page's own request for the same
 * address then takes this answer, or the page starts with it (`arrivedAnswer`) if it has arrived by then.
 */
export function prefetch(path: string, query?: Record<string, QueryValue>): void {
  startPrefetch(path, query);
}

/** Prefetches a GET and reads a copy of its JSON answer (undefined unless it succeeded); the page still gets it. */
export function prefetchAndRead<T>(path: string): Promise<T | undefined> {
  return startPrefetch(path).json as Promise<T | undefined>;
}

/** Forgets every prefetched answer: they belong to the user who was signed in when they were asked for. */
export function forgetPrefetched(): void {
  prefetched.clear();
}

function takePrefetched(url: string): Prefetched | undefined {
  const early = prefetched.get(url);
  prefetched.delete(url);
  return early && Date.now() - early.askedAt < prefetchedLifetimeMilliseconds ? early : undefined;
}

/**
 * The JSON of a prefetched GET that has already arrived and succeeded, taken (a later request asks the server), or
 * undefined. A query starts with it (`initialData`), so a page whose answers are in renders them in its first pass
 * instead of one more render for each answer read.
 */
export function arrivedAnswer<T>(path: string, query?: Record<string, QueryValue>): T | undefined {
  const url = apiUrl(path, query);
  if (prefetched.get(url)?.arrived === undefined) return undefined;
  return takePrefetched(url)?.arrived as T | undefined;
}

/** Sends one request and answers the response when it succeeded; rejects with an ApiError otherwise. */
export async function send(path: string, options: RequestOptions = {}): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers = baseHeaders();
  const { body } = options;
  const isRaw = body instanceof Blob;
  if (body !== undefined)
    headers['content-type'] = isRaw ? body.type || 'application/octet-stream' : 'application/json';
  if (!safeMethods.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;

  const url = apiUrl(path, options.query);
  const early = method === 'GET' && body === undefined ? takePrefetched(url)?.answer : undefined;
  let response: Response;
  try {
    response = await (early ??
      fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : isRaw ? body : JSON.stringify(body),
        credentials: 'same-origin',
        signal: options.signal,
      }));
  } catch (cause) {
    if (options.signal?.aborted) throw cause;
    throw new ApiError(0, 'network', cause instanceof Error ? cause.message : 'Network error');
  }
  if (!response.ok) throw await readError(response);
  return response;
}

/** Sends one request; resolves to the parsed JSON body (undefined for 204), rejects with an ApiError. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** The JSON lines of a streamed answer (application/x-ndjson), each as soon as it arrives. */
export async function* readJsonLines<T>(response: Response): AsyncGenerator<T> {
  if (!response.body) return;
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') yield JSON.parse(line) as T;
  }
  if (buffered.trim() !== '') yield JSON.parse(buffered) as T;
}

/** A page of a cursor-paginated list, as every list endpoint answers. */
export type Page<T> = { items: T[]; nextCursor: string | null };
