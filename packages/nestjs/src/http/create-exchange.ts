import type { ExecutionContext } from '@nestjs/common';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { CookieJar } from '@signet/core';
import { HeaderCookieJar } from '@signet/core/http';
import { FastifyExchange, type FastifyReplyLike, type FastifyRequestLike } from './fastify.exchange.js';
import type { HttpExchange } from './http-exchange.js';
import { NodeExchange } from './node.exchange.js';

const EXCHANGES = new WeakMap<object, HttpExchange>();

/** Fastify wraps Node's objects (`request.raw`, `reply.raw`); Express extends them. The shape tells which. */
function isFastify(req: unknown, res: unknown): boolean {
  return (
    typeof res === 'object' &&
    res !== null &&
    'raw' in res &&
    typeof (res as FastifyReplyLike).code === 'function' &&
    typeof req === 'object' &&
    req !== null &&
    'raw' in req
  );
}

/**
 * The exchange of a request/response pair, created once per request so that cookies set by one guard are
 * seen by the next (a request passes through the login or callback guard and the filter).
 */
export function httpExchange(req: object, res: object): HttpExchange {
  let exchange = EXCHANGES.get(req);
  if (!exchange) {
    exchange = isFastify(req, res)
      ? new FastifyExchange(req as FastifyRequestLike, res as FastifyReplyLike)
      : new NodeExchange(req as never, res as ServerResponse);
    EXCHANGES.set(req, exchange);
  }
  return exchange;
}

/**
 * The request's cookies for reading only: its exchange's (which sees this request's own writes) when a guard
 * already made one, else the Cookie header. Never creates an exchange: one made without the real response would
 * be cached for the request and break every later cookie write (the binding cookie, the session).
 */
export function requestCookies(req: object): Pick<CookieJar, 'get' | 'names'> & Pick<HeaderCookieJar, 'duplicated'> {
  const exchange = EXCHANGES.get(req);
  if (exchange) return exchange.cookies;
  return new HeaderCookieJar((req as { headers?: IncomingHttpHeaders }).headers?.cookie, () => {
    throw new TypeError('read-only cookies');
  });
}

/** The exchange of an HTTP execution context. */
export function exchangeOf(context: ExecutionContext): HttpExchange {
  const http = context.switchToHttp();
  return httpExchange(http.getRequest<object>(), http.getResponse<object>());
}
