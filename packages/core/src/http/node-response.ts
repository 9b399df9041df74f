import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderCookieJar } from './header-cookie-jar.js';
import type { CallbackHttpRequest } from './callback-http-request.js';
import type { EdgeResponse } from './signet-page.js';

/** Appends one Set-Cookie value, keeping what express-session, Nest or the app already set. */
export function appendSetCookie(res: Pick<ServerResponse, 'getHeader' | 'setHeader'>, value: string): void {
  const previous = res.getHeader('set-cookie');
  const list = previous === undefined ? [] : Array.isArray(previous) ? previous : [String(previous)];
  res.setHeader('set-cookie', [...list, value]);
}

/** Core's cookie jar over a Node request and response (Express, a bare `http` server). */
export function nodeCookieJar(req: Pick<IncomingMessage, 'headers'>, res: ServerResponse): HeaderCookieJar {
  return new HeaderCookieJar(req.headers.cookie, (value) => appendSetCookie(res, value));
}

/**
 * A Node request (Express's included) as the callback edge reads it: the target as sent (`originalUrl` under a
 * mounted router), what a body parser left (`rawBody`, `body`), else the stream itself.
 */
export function nodeCallbackRequest(
  req: IncomingMessage & { originalUrl?: string; body?: unknown; rawBody?: unknown },
): CallbackHttpRequest {
  return {
    method: req.method ?? 'GET',
    url: req.originalUrl ?? req.url ?? '/',
    headers: req.headers,
    rawBody: req.rawBody,
    parsedBody: req.body,
    stream: req,
  };
}

/** Writes a response the edge built, whole. */
export function writeNodeResponse(res: ServerResponse, response: EdgeResponse): void {
  res.statusCode = response.status;
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  res.setHeader('content-length', Buffer.byteLength(response.body));
  res.end(response.body);
}
