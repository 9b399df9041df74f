import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CookieJar } from '@signet/core';
import { ExchangeCookieJar } from './cookie-jar.js';
import { formFromParsedBody, type FormBody, type HttpExchange } from './http-exchange.js';

type ExpressRequest = IncomingMessage & { originalUrl?: string; body?: unknown; rawBody?: unknown; _body?: boolean };

/** Reads the body stream ourselves when no body parser did (e.g. `bodyParser: false`), never past `limit`. */
function readStream(req: IncomingMessage, limit: number): Promise<FormBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        resolve({ kind: 'too_large', size });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (size <= limit) resolve({ kind: 'form', params: new URLSearchParams(Buffer.concat(chunks).toString('utf8')) });
    });
    req.on('error', reject);
  });
}

/** Express (and any Node `http` request/response pair): everything goes through Node's own API. */
export class NodeExchange implements HttpExchange {
  readonly platform = 'express' as const;
  readonly cookies: CookieJar;

  constructor(
    private readonly req: ExpressRequest,
    private readonly res: ServerResponse,
  ) {
    this.cookies = new ExchangeCookieJar(req.headers.cookie, (value) => this.appendSetCookie(value));
  }

  get method(): string {
    return (this.req.method ?? 'GET').toUpperCase();
  }

  get url(): string {
    return this.req.originalUrl ?? this.req.url ?? '/';
  }

  get path(): string {
    return this.url.split('?', 1)[0]!;
  }

  header(name: string): string | undefined {
    const value = this.req.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  }

  async readForm(limit: number): Promise<FormBody> {
    const parsed = formFromParsedBody(this.req.rawBody, this.req.body, limit);
    if (parsed) return parsed;
    if (this.req._body || this.req.readableEnded) return { kind: 'form', params: new URLSearchParams() };
    return readStream(this.req, limit);
  }

  setHeader(name: string, value: string): void {
    this.res.setHeader(name, value);
  }

  appendSetCookie(serialized: string): void {
    const previous = this.res.getHeader('set-cookie');
    const list = previous === undefined ? [] : Array.isArray(previous) ? previous : [String(previous)];
    this.res.setHeader('set-cookie', [...list, serialized]);
  }

  get headersSent(): boolean {
    return this.res.headersSent;
  }

  end(): void {
    if (!this.res.writableEnded) this.res.end();
  }

  send(status: number, contentType: string, body: string): void {
    this.res.statusCode = status;
    this.res.setHeader('content-type', contentType);
    this.res.setHeader('content-length', Buffer.byteLength(body));
    this.res.end(body);
  }
}
