import { Catch, HttpException, Inject, Optional, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { SignetError, type SignetClient, type SignetErrorCode } from '@signet/core';
import { auditEarlyRefusal, FORM_MEDIA_TYPE, headerOf, refusalResponse } from '@signet/core/http';
import { httpExchange } from './http/create-exchange.js';
import { SignetClientsService } from './signet-clients.service.js';

/** Injection token of the extra callback paths `httpRefusals` covers besides the client's redirect URI. */
export const SIGNET_CALLBACK_PATHS = Symbol.for('SIGNET:CALLBACK_PATHS');

/** The code a platform refusal on a callback path stands for, if it is one Signet owns. */
function codeOf(status: number, method: string, contentType: string | undefined): SignetErrorCode | undefined {
  if (status === 404 && method !== 'GET' && method !== 'POST' && method !== 'HEAD')
    return 'ERR_CALLBACK_METHOD_NOT_ALLOWED';
  if (status === 413) return 'ERR_CALLBACK_BODY_TOO_LARGE';
  if (status === 415) return 'ERR_CALLBACK_MEDIA_TYPE_UNSUPPORTED';
  if (status === 400 && method === 'POST') {
    // A body parser refused it before any route ran: a form that does not parse, or a body no response is in.
    const form = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase() === FORM_MEDIA_TYPE;
    return form ? 'ERR_CALLBACK_BODY_MALFORMED' : 'ERR_CALLBACK_MEDIA_TYPE_UNSUPPORTED';
  }
  return undefined;
}

/**
 * Gives a Signet code to the refusals the platform makes on a callback path before any Signet guard runs:
 * another method (Nest's 404 becomes 405 with `Allow`), the body parser's 413 and 400, Fastify's own 413 and
 * 415. JSON or HTML, as core's `refusalResponse` answers every refusal. Anything else goes to Nest's own handling.
 * Registered by `SignetModule`'s `httpRefusals: true`.
 */
@Catch(HttpException)
export class SignetRefusalFilter extends BaseExceptionFilter {
  constructor(
    private readonly clients: SignetClientsService,
    @Optional() @Inject(SIGNET_CALLBACK_PATHS) private readonly paths: readonly string[] = [],
  ) {
    super();
  }

  override catch(exception: HttpException, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<{ method?: string; url?: string; headers?: Record<string, string | string[]> }>();
    const exchange = httpExchange(req, http.getResponse<object>());
    const path = (req.url ?? '/').split('?', 1)[0]!;
    // Each client's callback path (with named clients, every partner's); the extra paths belong to the first client.
    const clients = this.clients.names().map((name) => this.clients.get(name));
    const client: SignetClient | undefined =
      clients.find((c) => new URL(c.settings.redirectUri).pathname === path) ??
      (this.paths.includes(path) ? clients[0] : undefined);
    const method = (req.method ?? '').toUpperCase();
    const code = client
      ? codeOf(exception.getStatus(), method, headerOf(req.headers ?? {}, 'content-type'))
      : undefined;
    if (code === undefined || client === undefined || exchange.headersSent) return super.catch(exception, host);
    const error = new SignetError(code, undefined, { cause: exception });
    auditEarlyRefusal(client, error);
    exchange.send(refusalResponse(error, exchange.header('accept')));
  }
}
