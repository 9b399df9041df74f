import type { CookieJar } from '@signet/core';

/** What the callback could read of a (urlencoded) POST body. */
export type FormBody =
  { kind: 'form'; params: URLSearchParams | Record<string, unknown> } | { kind: 'too_large'; size: number };

/**
 * The little of one HTTP exchange Signet needs, over Express, Fastify or plain Node. Guards, the filter and
 * the session service talk to this, so none of them knows which platform runs underneath.
 */
export interface HttpExchange {
  readonly platform: 'express' | 'fastify';
  readonly method: string;
  /** Path and query exactly as the client sent them (never a parsed, re-encoded form). */
  readonly url: string;
  /** Path without the query. */
  readonly path: string;
  header(name: string): string | undefined;
  /** Request cookies plus whatever this exchange set or cleared so far, for core's stores and binding. */
  readonly cookies: CookieJar;
  /**
   * The urlencoded body, from a body parser's leftovers or read from the stream, bounded by `limit` bytes. The
   * caller has checked the content type (core's `checkCallbackMediaType`).
   */
  readForm(limit: number): Promise<FormBody>;
  setHeader(name: string, value: string): void;
  appendSetCookie(serialized: string): void;
  /** Writes the whole response. Only the exception filter and relay pages use it. */
  send(status: number, contentType: string, body: string): void;
  /** True once the status line and headers have gone out: nothing can be set any more. */
  readonly headersSent: boolean;
  /** Ends a response that was already started, as it stands. */
  end(): void;
}

/** What body parsers leave on a request: Nest's `rawBody: true` buffer, or the parsed body. */
export function formFromParsedBody(raw: unknown, body: unknown, limit: number): FormBody | undefined {
  if (Buffer.isBuffer(raw)) {
    if (raw.length > limit) return { kind: 'too_large', size: raw.length };
    return { kind: 'form', params: new URLSearchParams(raw.toString('utf8')) };
  }
  if (typeof body === 'string') {
    if (Buffer.byteLength(body) > limit) return { kind: 'too_large', size: Buffer.byteLength(body) };
    return { kind: 'form', params: new URLSearchParams(body) };
  }
  if (Buffer.isBuffer(body)) return formFromParsedBody(body, undefined, limit);
  if (typeof body === 'object' && body !== null)
    return { kind: 'form', params: { ...(body as Record<string, unknown>) } };
  return undefined;
}
