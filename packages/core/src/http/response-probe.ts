import type { EndpointFailure, EndpointName } from '../errors/endpoint-failure.js';
import { sanitizeServerText } from '../errors/endpoint-failure.js';
import { NULL_BODY_STATUS } from './null-body-status.js';

/** Enough of a body to find `error` and `error_description`; the rest is not needed for a diagnosis. */
const MAX_DIAGNOSIS_BYTES = 8192;

/** A success body of declared size up to this is read once and handed out twice (see `fetch`). */
const MAX_COPIED_BYTES = 64 * 1024;

interface Observation {
  url: string;
  /** The answer kept for a diagnosis (a clone, or a Response over the bytes already read). */
  response?: () => Response;
  failure?: unknown;
}

/**
 * Wraps a fetch so that, when the call it served fails, the last answer can be described: its status and what
 * its body was. oauth4webapi reads (and may consume) the body itself, so the probe keeps a copy, read only
 * when a diagnosis is asked for. One probe per operation (a PAR push, a code exchange).
 */
export class ResponseProbe {
  #last?: Observation;

  constructor(private readonly inner: typeof fetch) {}

  /** The wrapped fetch, to hand to oauth4webapi or jose. */
  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    try {
      const response = await this.inner(input, init);
      const declared = Number(response.headers.get('content-length') ?? Number.NaN);
      const small =
        response.body && !NULL_BODY_STATUS.has(response.status) && declared >= 0 && declared <= MAX_COPIED_BYTES;
      if (small && response.ok) {
        // The answer of every login and callback (a PAR, token or discovery answer): handed on as it is, its body
        // read once by whoever reads it first, and those bytes kept for a diagnosis. Building a second Response
        // over them cost ~25 µs a call (issue 15, BENCHMARKS.md); a clone tees the stream, ~90 µs.
        const observation: Observation = { url: href, response: () => response };
        this.#last = observation;
        return keepingBody(response, (bytes) => {
          const head = { status: response.status, statusText: response.statusText, headers: response.headers };
          observation.response = () => withUrlOf(new Response(bytes, head), response);
        });
      }
      if (small) {
        // An error answer of declared size: read once, and both the caller and the diagnosis get a Response over
        // the same bytes (oauth4webapi clones an error answer and then cancels its body).
        const bytes = await response.arrayBuffer();
        const head = { status: response.status, statusText: response.statusText, headers: response.headers };
        const copy = () => withUrlOf(new Response(bytes, head), response);
        this.#last = { url: href, response: copy };
        return copy();
      }
      const copy = response.clone();
      this.#last = { url: href, response: () => copy };
      return response;
    } catch (failure) {
      this.#last = { url: href, failure };
      throw failure;
    }
  };

  /** Describes the last answer (or its absence) as an `EndpointFailure`; undefined when nothing was called. */
  async describe(endpoint: EndpointName): Promise<EndpointFailure | undefined> {
    const last = this.#last;
    if (!last) return undefined;
    const url = withoutQuery(last.url);
    if (!last.response) {
      const name = (last.failure as { name?: string } | undefined)?.name;
      const timeout = name === 'TimeoutError' || name === 'AbortError';
      return { endpoint, url, body: 'none', transport: timeout ? 'timeout' : 'network' };
    }
    const response = last.response();
    const contentType = sanitizeServerText(response.headers.get('content-type') ?? undefined, 64);
    const failure: EndpointFailure = {
      endpoint,
      url,
      status: response.status,
      body: 'empty',
      ...(contentType ? { contentType } : {}),
    };
    const text = await readSome(response);
    const challenge = challengeError(response.headers.get('www-authenticate'));
    if (text === undefined) failure.body = 'too-large';
    else if (text.trim() !== '') {
      try {
        const parsed = JSON.parse(text) as Record<string, unknown>;
        failure.body = typeof parsed?.error === 'string' ? 'oauth-error' : 'json';
        if (typeof parsed?.error === 'string') copyError(failure, parsed.error, parsed.error_description);
      } catch {
        failure.body = 'not-json';
      }
    }
    if (!failure.error && challenge) {
      failure.body = failure.body === 'empty' ? 'oauth-error' : failure.body;
      copyError(failure, challenge.error, challenge.description);
    }
    return failure;
  }
}

function copyError(failure: EndpointFailure, error: unknown, description: unknown): void {
  const e = sanitizeServerText(error, 64);
  const d = sanitizeServerText(description, 256);
  if (e) failure.error = e;
  if (d) failure.errorDescription = d;
}

const UTF8 = new TextDecoder();

/**
 * `response` with its body readers (`arrayBuffer`, `text`, `json`) reading the stream once and handing the bytes to
 * `keep` as well; the Fetch standard's decoding (UTF-8, a BOM dropped; JSON.parse) is kept. Anything else (the
 * stream itself, `blob`, `clone`) is the original's. One `defineProperty` per reader and plain promise chains:
 * `defineProperties` and async wrappers cost ~20 µs on every token and PAR answer (issue 15, measured in-process).
 */
function keepingBody(response: Response, keep: (bytes: ArrayBuffer) => void): Response {
  // The original's own reader: a second read is refused as the platform refuses it (the body is used).
  const read = (): Promise<ArrayBuffer> =>
    (Response.prototype.arrayBuffer.call(response) as Promise<ArrayBuffer>).then((bytes) => {
      keep(bytes);
      return bytes;
    });
  const text = (): Promise<string> => read().then((bytes) => UTF8.decode(bytes));
  Object.defineProperty(response, 'arrayBuffer', { value: () => read().then((bytes) => bytes.slice(0)) });
  Object.defineProperty(response, 'text', { value: text });
  Object.defineProperty(response, 'json', { value: () => text().then((body) => JSON.parse(body) as unknown) });
  return response;
}

/** A Response built over the bytes of `original` answers its `url` and `redirected` too (the doctor reads the url). */
function withUrlOf(copy: Response, original: Response): Response {
  Object.defineProperties(copy, {
    url: { value: original.url },
    redirected: { value: original.redirected },
  });
  return copy;
}

function withoutQuery(href: string): string {
  try {
    const url = new URL(href);
    return `${url.origin}${url.pathname}`;
  } catch {
    return sanitizeServerText(href, 256) ?? '';
  }
}

/** The body as text, or undefined when longer than the diagnosis bound (the rest is left unread). */
async function readSome(response: Response): Promise<string | undefined> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    // Throws when the caller read the stream itself (a body already used): nothing is left to describe.
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_DIAGNOSIS_BYTES) {
        await reader.cancel();
        return undefined;
      }
      chunks.push(value);
    }
  } catch {
    return '';
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `error` and `error_description` of an RFC 6750 §3 challenge (`Bearer error="invalid_token", ...`). */
function challengeError(header: string | null): { error: string; description?: string } | undefined {
  if (!header) return undefined;
  const error = /\berror="([^"]*)"/.exec(header)?.[1];
  if (!error) return undefined;
  const description = /\berror_description="([^"]*)"/.exec(header)?.[1];
  return { error, ...(description ? { description } : {}) };
}
