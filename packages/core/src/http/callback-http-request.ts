import type { CallbackBodySource } from './read-callback-body.js';

/** Request headers as Node gives them (lower-case names) or as a WHATWG `Headers`. */
export type RequestHeaders = Headers | Record<string, string | string[] | undefined>;

/**
 * The little of an HTTP request the callback edge reads; adapters translate theirs into it (openid-client reads a
 * WHATWG `Request` the same way: see `fromWebRequest`).
 */
export interface CallbackHttpRequest extends CallbackBodySource {
  method: string;
  /** The request target as sent: path and query. An absolute-form target is reduced to its path and query. */
  url: string;
  headers: RequestHeaders;
}

/** One header, repeated values joined. */
export function headerOf(headers: RequestHeaders, name: string): string | undefined {
  if (typeof Headers !== 'undefined' && headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = (headers as Record<string, string | string[] | undefined>)[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * A WHATWG `Request` (fetch handlers, Next.js, Hono, Deno, Bun) as the edge reads it; its body is read (bounded)
 * only when it is a form POST.
 *
 * @example
 * const result = await callbackEdge(client, fromWebRequest(request), { cookies });
 */
export function fromWebRequest(request: Request): CallbackHttpRequest {
  const url = new URL(request.url);
  return {
    method: request.method,
    url: url.pathname + url.search,
    headers: request.headers,
    ...(request.body ? { stream: request.body } : {}),
  };
}
