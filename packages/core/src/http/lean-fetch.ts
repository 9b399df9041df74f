import { Readable, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Dispatcher } from 'undici';
import { undiciPackage } from './undici-package.js';
import { NULL_BODY_STATUS } from './null-body-status.js';

/** A body of declared length up to this, not content-encoded, is read whole before the Response is made. */
const WHOLE_BODY_BYTES = 64 * 1024;
/** Methods fetch normalizes to upper case (Fetch standard §2.2.1); any other is sent as written. */
const NORMALIZED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);

type SimpleBody = string | URLSearchParams | Uint8Array | ArrayBuffer;

function isSimpleBody(body: unknown): body is SimpleBody | null | undefined {
  return (
    body === undefined ||
    body === null ||
    typeof body === 'string' ||
    body instanceof URLSearchParams ||
    body instanceof Uint8Array ||
    body instanceof ArrayBuffer
  );
}

/** fetch's own failure: the abort reason when the signal fired, else `TypeError: fetch failed` with the cause. */
function failure(signal: AbortSignal | null | undefined, cause: unknown): unknown {
  if (signal?.aborted) return signal.reason;
  return new TypeError('fetch failed', { cause });
}

/** The decoders of a Content-Encoding list, in the order they undo it (the last coding applied first). */
function decoders(encoding: string): Transform[] | undefined {
  const steps: Transform[] = [];
  for (const coding of encoding
    .toLowerCase()
    .split(',')
    .map((c) => c.trim())
    .reverse()) {
    if (coding === '' || coding === 'identity') continue;
    if (coding === 'gzip' || coding === 'x-gzip') steps.push(createGunzip());
    else if (coding === 'deflate') steps.push(createInflate());
    else if (coding === 'br') steps.push(createBrotliDecompress());
    else return undefined; // as fetch does: a coding it does not know leaves the body as sent
  }
  return steps;
}

function requestHeaders(init: RequestInit, body: SimpleBody | null | undefined): Record<string, string> {
  // Headers validates names and values (no CR or LF) and joins repeated names, as fetch does.
  const headers = new Headers(init.headers);
  // What Node's fetch sends when the caller did not (some firewalls refuse a request without a User-Agent); not
  // Accept-Encoding, so that servers answer uncoded (a coded answer is decoded all the same).
  if (!headers.has('accept')) headers.set('accept', '*/*');
  if (!headers.has('user-agent')) headers.set('user-agent', 'node');
  if (!headers.has('content-type')) {
    if (body instanceof URLSearchParams) headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
    else if (typeof body === 'string') headers.set('content-type', 'text/plain;charset=UTF-8');
  }
  const out: Record<string, string> = {};
  headers.forEach((value, name) => (out[name] = value));
  return out;
}

function responseHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const name of Object.keys(raw)) {
    const value = raw[name];
    if (typeof value === 'string') headers.append(name, value);
    else if (value !== undefined) for (const v of value) headers.append(name, v);
  }
  return headers;
}

/**
 * A fetch for Signet's requests to authorization servers, sent with undici's `request()` through the process's
 * global dispatcher (the one Node's fetch uses: its own Agent, or the ProxyAgent or MockAgent the application set
 * with `setGlobalDispatcher`), or through `init.dispatcher` (mutual TLS). It answers the Fetch standard's
 * `Response`: an answer of declared length up to 64 KiB is read whole first (every discovery, JWKS, PAR and token
 * answer), anything else streams, content codings are decoded as fetch decodes them, a redirect is answered as it
 * is (`redirect: 'manual'`, which every oauth4webapi request uses), failures reject as fetch's do (the abort
 * reason, or `TypeError: fetch failed` with the cause).
 *
 * Why: Node 20's fetch spends 370–410 µs of CPU on one token request on this machine, this 160–220 µs, for the
 * same bytes on the wire: 1.9–2.3× less (`npm run bench -- --only=fetch`; issue 15, BENCHMARKS.md). What it does
 * not handle goes to `fallback` unchanged: a `Request` object, a streamed, Blob or FormData body, a redirect to
 * follow.
 *
 * @example
 * const client = await SignetClient.create({ ...options, fetch: leanFetch(globalThis.fetch) }); // the default
 */
export function leanFetch(fallback: typeof fetch): typeof fetch {
  const lean = async (input: string | URL | Request, given?: RequestInit): Promise<Response> => {
    const body = given?.body;
    if (input instanceof Request || given?.redirect !== 'manual' || !isSimpleBody(body)) {
      return fallback(input, given);
    }
    const init = given;
    const href = typeof input === 'string' ? input : input.href;
    const { signal } = init;
    if (signal?.aborted) throw signal.reason;
    const method = (init.method ?? 'GET').toUpperCase();
    let answer: Dispatcher.ResponseData;
    try {
      const dispatcher = (init as { dispatcher?: Dispatcher }).dispatcher;
      answer = await undiciPackage().request(href, {
        method: (NORMALIZED_METHODS.has(method) ? method : init.method) as Dispatcher.HttpMethod,
        headers: requestHeaders(init, body),
        ...(body === undefined || body === null
          ? {}
          : {
              body:
                body instanceof URLSearchParams
                  ? body.toString()
                  : body instanceof ArrayBuffer
                    ? new Uint8Array(body)
                    : body,
            }),
        ...(signal ? { signal } : {}),
        ...(dispatcher ? { dispatcher } : {}),
      });
    } catch (cause) {
      throw failure(signal, cause);
    }
    const status = answer.statusCode;
    const raw = answer.headers as Record<string, string | string[] | undefined>;
    let response: Response;
    try {
      const head = { status, headers: responseHeaders(raw) };
      const encoding = typeof raw['content-encoding'] === 'string' ? raw['content-encoding'] : '';
      const declared = Number(raw['content-length'] ?? Number.NaN);
      if (NULL_BODY_STATUS.has(status) || method === 'HEAD') {
        await answer.body.dump();
        response = new Response(null, head);
      } else if (encoding === '' && declared >= 0 && declared <= WHOLE_BODY_BYTES) {
        response = new Response(await answer.body.arrayBuffer(), head);
      } else {
        const steps = encoding === '' ? [] : (decoders(encoding) ?? []);
        let stream: Readable = answer.body;
        for (const step of steps) {
          stream.once('error', (err) => step.destroy(err));
          stream = stream.pipe(step);
        }
        response = new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, head);
      }
    } catch (cause) {
      answer.body.destroy();
      throw failure(signal, cause);
    }
    Object.defineProperty(response, 'url', { value: href });
    return response;
  };
  return lean as typeof fetch;
}

/**
 * True for the runtime's own fetch (Node's, which lazily loads the undici it bundles), false for one an
 * application or a test installed in its place (an interceptor, a polyfill): that one is used as it is. A runtime
 * whose fetch reads otherwise gets its own fetch too: slower, never wrong.
 */
export function isRuntimeFetch(candidate: unknown): boolean {
  return (
    typeof candidate === 'function' && Function.prototype.toString.call(candidate).includes('internal/deps/undici')
  );
}

/** Signet's default transport: `leanFetch` over the runtime's fetch, or the fetch installed in its place. */
export function defaultFetch(): typeof fetch {
  const current = globalThis.fetch;
  return isRuntimeFetch(current) ? leanFetch(current) : current;
}
