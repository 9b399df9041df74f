import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  nodeCallbackRequest,
  nodeCookieJar,
  writeNodeResponse,
  type CallbackHttpRequest,
  type EdgeResponse,
  type HeaderCookieJar,
} from '@signet/core/http';
import type { HttpExchange } from './http-exchange.js';

/** Express (and any Node `http` request/response pair): core's Node translation, as it is. */
export class NodeExchange implements HttpExchange {
  readonly platform = 'express' as const;
  readonly cookies: HeaderCookieJar;

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
  ) {
    this.cookies = nodeCookieJar(req, res);
  }

  header(name: string): string | undefined {
    const value = this.req.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  }

  callbackRequest(): CallbackHttpRequest {
    return nodeCallbackRequest(this.req);
  }

  setHeader(name: string, value: string): void {
    this.res.setHeader(name, value);
  }

  get headersSent(): boolean {
    return this.res.headersSent;
  }

  end(): void {
    if (!this.res.writableEnded) this.res.end();
  }

  send(response: EdgeResponse): void {
    writeNodeResponse(this.res, response);
  }
}
