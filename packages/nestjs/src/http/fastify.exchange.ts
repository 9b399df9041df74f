import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderCookieJar, type CallbackHttpRequest, type EdgeResponse } from '@signet/core/http';
import type { HttpExchange } from './http-exchange.js';

/** The members of FastifyRequest/FastifyReply used here; typed structurally so Fastify stays optional. */
export interface FastifyRequestLike {
  raw: IncomingMessage;
  url: string;
  method: string;
  headers: IncomingMessage['headers'];
  body?: unknown;
  rawBody?: unknown;
}
export interface FastifyReplyLike {
  raw: unknown;
  /** True once Fastify (or a handler writing to `raw`) has sent the reply. */
  sent?: boolean;
  code(status: number): FastifyReplyLike;
  header(name: string, value: unknown): FastifyReplyLike;
  send(payload?: unknown): FastifyReplyLike;
}

/** Fastify: headers through `reply.header()` (which appends `set-cookie` values), bodies from its parsers. */
export class FastifyExchange implements HttpExchange {
  readonly platform = 'fastify' as const;
  readonly cookies: HeaderCookieJar;

  constructor(
    private readonly req: FastifyRequestLike,
    private readonly reply: FastifyReplyLike,
  ) {
    this.cookies = new HeaderCookieJar(req.headers.cookie, (value) => this.reply.header('set-cookie', value));
  }

  header(name: string): string | undefined {
    const value = this.req.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  }

  callbackRequest(): CallbackHttpRequest {
    // Fastify has always consumed the stream by the time a guard runs: only its parsers' results remain.
    return {
      method: this.req.method,
      url: this.req.raw.url ?? this.req.url,
      headers: this.req.headers,
      rawBody: this.req.rawBody,
      parsedBody: this.req.body,
    };
  }

  setHeader(name: string, value: string): void {
    this.reply.header(name, value);
  }

  get headersSent(): boolean {
    return this.reply.sent === true || this.#raw.headersSent;
  }

  end(): void {
    if (!this.#raw.writableEnded) this.#raw.end();
  }

  get #raw(): ServerResponse {
    return this.reply.raw as ServerResponse;
  }

  send(response: EdgeResponse): void {
    this.reply.code(response.status);
    for (const [name, value] of Object.entries(response.headers)) this.reply.header(name, value);
    this.reply.send(response.body);
  }
}
