import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CookieJar } from '@signet/core';
import { ExchangeCookieJar } from './cookie-jar.js';
import { formFromParsedBody, type FormBody, type HttpExchange } from './http-exchange.js';

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

/**
 * Fastify: headers go through `reply.header()` (which appends `set-cookie` values), the body through Fastify's
 * content-type parsers (Nest registers one for urlencoded forms).
 */
export class FastifyExchange implements HttpExchange {
  readonly platform = 'fastify' as const;
  readonly cookies: CookieJar;

  constructor(
    private readonly req: FastifyRequestLike,
    private readonly reply: FastifyReplyLike,
  ) {
    this.cookies = new ExchangeCookieJar(req.headers.cookie, (value) => this.appendSetCookie(value));
  }

  get method(): string {
    return this.req.method.toUpperCase();
  }

  get url(): string {
    return this.req.raw.url ?? this.req.url;
  }

  get path(): string {
    return this.url.split('?', 1)[0]!;
  }

  header(name: string): string | undefined {
    const value = this.req.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  }

  async readForm(limit: number): Promise<FormBody> {
    return (
      formFromParsedBody(this.req.rawBody, this.req.body, limit) ?? { kind: 'form', params: new URLSearchParams() }
    );
  }

  setHeader(name: string, value: string): void {
    this.reply.header(name, value);
  }

  appendSetCookie(serialized: string): void {
    this.reply.header('set-cookie', serialized);
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

  send(status: number, contentType: string, body: string): void {
    this.reply.code(status).header('content-type', contentType).send(body);
  }
}
