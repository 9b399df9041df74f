import type { IncomingMessage, ServerResponse } from 'node:http';
import { SignetError, type CookieJar } from '@signet/core';
import {
  HeaderCookieJar,
  nodeCallbackRequest,
  nodeCookieJar,
  writeNodeResponse,
  type CallbackHttpRequest,
  type EdgeResponse,
} from '@signet/core/http';
import {
  fastifyReplyOf,
  isFastifyRequest,
  type FastifyReplyLike,
  type FastifyRequestLike,
} from '../fastify/fastify-reply.js';

/**
 * One request as the strategy uses it, whichever passport runs it: passport on Express (or Nest on Express), or
 * @fastify/passport. Only translation: the request for core's callback edge, a cookie jar, and the two writes.
 */
export interface PassportExchange {
  request: CallbackHttpRequest;
  cookies: CookieJar;
  setHeader(name: string, value: string): void;
  /** Writes a response core's edge built (a relay page), whole. */
  send(response: EdgeResponse): void;
  /** True under @fastify/passport, which waits for a strategy action even after the reply was sent. */
  settlesOnAction: boolean;
}

/** The exchange of the request passport handed to `authenticate()`. */
export function passportExchange(req: unknown): PassportExchange {
  return isFastifyRequest(req) ? fastifyExchange(req) : nodeExchange(req as IncomingMessage & { res?: ServerResponse });
}

function nodeExchange(req: IncomingMessage & { res?: ServerResponse }): PassportExchange {
  const res = req.res;
  if (!res || typeof res.setHeader !== 'function') {
    throw new SignetError(
      'ERR_ADAPTER_INVALID',
      'SignetStrategy needs the Node response as req.res (Express, or NestJS on platform-express) to set its cookies',
      { expected: 'req.res' },
    );
  }
  return {
    request: nodeCallbackRequest(req),
    cookies: nodeCookieJar(req, res),
    setHeader: (name, value) => res.setHeader(name, value),
    send: (response) => writeNodeResponse(res, response),
    settlesOnAction: false,
  };
}

function fastifyExchange(req: FastifyRequestLike): PassportExchange {
  const reply = fastifyReplyOf(req);
  if (!reply) {
    throw new SignetError(
      'ERR_ADAPTER_INVALID',
      'SignetStrategy under Fastify needs the reply: register the plugin from @signet/passport/fastify ' +
        '(app.register(signetFastify)) beside fastifyPassport.initialize()',
      { expected: 'signetFastify' },
    );
  }
  return {
    request: {
      method: req.raw.method ?? 'GET',
      // As sent: Fastify's own `url` may have been rewritten.
      url: req.raw.url ?? '/',
      headers: req.headers,
      rawBody: req.rawBody,
      parsedBody: req.body,
      stream: req.raw,
    },
    // Through the reply, never `reply.raw`: Fastify writes its own headers last and would drop ours.
    cookies: new HeaderCookieJar(req.headers.cookie, (value) => reply.header('set-cookie', value)),
    setHeader: (name, value) => reply.header(name, value),
    send: (response) => sendThrough(reply, response),
    settlesOnAction: true,
  };
}

function sendThrough(reply: FastifyReplyLike, response: EdgeResponse): void {
  reply.code(response.status);
  for (const [name, value] of Object.entries(response.headers)) reply.header(name, value);
  reply.send(response.body);
}
