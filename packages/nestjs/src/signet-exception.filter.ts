import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { AuthorizationServerError, SignetError } from '@signet/core';
import { httpExchange } from './http/create-exchange.js';
import type { HttpExchange } from './http/http-exchange.js';
import { errorPage } from './signet-pages.js';
import { SignetRelayRequired } from './signet-relay.exception.js';
import { signetState } from './signet-request.js';

/** The JSON body of a refusal. */
export interface SignetErrorBody {
  /** The stable code (`ERR_JARM_SIGNATURE_INVALID`, ...). */
  error: string;
  message: string;
  /** The authorization server's own verified answer (`access_denied`, ...) for `ERR_AUTHORIZATION_ERROR`. */
  authorizationError?: string;
  /** `retry`: the same request works once the failing service is back; `restart`: begin a new login. */
  recovery?: 'retry' | 'restart';
  /** With `restart` on a callback: where a new login begins. */
  restartUrl?: string;
}

/** Core decides the status; anything outside the expected range is a server-side fault. */
function statusOf(err: SignetError): number {
  return Number.isInteger(err.status) && err.status >= 400 && err.status <= 599 ? err.status : 500;
}

function wantsHtml(exchange: HttpExchange): boolean {
  const accept = exchange.header('accept') ?? '';
  return accept.includes('text/html');
}

/**
 * Maps Signet's coded errors to HTTP, here and nowhere else: the status core chose (400, 401, 403, 503, ...),
 * the code in a JSON body, or in a small HTML page for a browser. Never a stack trace, never a token.
 * The `@SignetLogin()` and `@SignetCallback()` decorators apply it; add it globally to cover your own calls.
 */
@Catch(SignetError, SignetRelayRequired)
export class SignetExceptionFilter implements ExceptionFilter {
  catch(exception: SignetError | SignetRelayRequired, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const exchange = httpExchange(http.getRequest<object>(), http.getResponse<object>());
    if (exchange.headersSent) {
      // A handler had started its answer: neither status nor headers can change, and setting them would throw.
      exchange.end();
      return;
    }
    if (exception instanceof SignetRelayRequired) {
      this.#sendPage(exchange, exception.page.status, exception.page.headers, exception.page.html);
      return;
    }
    const status = statusOf(exception);
    const authorizationError = exception instanceof AuthorizationServerError ? exception.error : undefined;
    const restartUrl = signetState(http.getRequest<object>()).restartUrl;
    const body: SignetErrorBody = {
      error: exception.code,
      message: status >= 500 && status !== 503 ? 'internal error' : exception.message,
      ...(authorizationError ? { authorizationError } : {}),
      ...(exception.recovery ? { recovery: exception.recovery } : {}),
      ...(exception.recovery === 'restart' && restartUrl ? { restartUrl } : {}),
    };
    if (wantsHtml(exchange)) {
      const page = errorPage(status, body.error, body.message, authorizationError, {
        ...(exception.recovery ? { recovery: exception.recovery } : {}),
        ...(restartUrl ? { restartUrl } : {}),
        repeatable: exchange.method === 'GET',
      });
      this.#sendPage(exchange, status, page.headers, page.html);
      return;
    }
    exchange.setHeader('cache-control', 'no-store');
    exchange.send(status, 'application/json; charset=utf-8', JSON.stringify(body));
  }

  #sendPage(exchange: HttpExchange, status: number, headers: Record<string, string>, html: string): void {
    for (const [name, value] of Object.entries(headers)) exchange.setHeader(name, value);
    exchange.send(status, 'text/html; charset=utf-8', html);
  }
}
