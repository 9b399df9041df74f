import type { CallbackHttpRequest, EdgeResponse, HeaderCookieJar } from '@signet/core/http';

/**
 * The little of one HTTP exchange Signet needs, over Express or Fastify: it translates the platform's request into
 * core's `CallbackHttpRequest` and writes core's `EdgeResponse`. Nothing here classifies, parses or builds a page.
 */
export interface HttpExchange {
  readonly platform: 'express' | 'fastify';
  header(name: string): string | undefined;
  /** Core's cookie jar over this request's Cookie header and this response's Set-Cookie. */
  readonly cookies: HeaderCookieJar;
  /** The request as core's callback edge reads it. */
  callbackRequest(): CallbackHttpRequest;
  setHeader(name: string, value: string): void;
  /** Writes a response core built (a relay page, a refusal). */
  send(response: EdgeResponse): void;
  /** True once the status line and headers have gone out: nothing can be set any more. */
  readonly headersSent: boolean;
  /** Ends a response that was already started, as it stands. */
  end(): void;
}
