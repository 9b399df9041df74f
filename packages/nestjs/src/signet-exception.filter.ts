import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { SignetError } from '@signet/core';
import { refusalResponse } from '@signet/core/http';
import { httpExchange } from './http/create-exchange.js';
import { signetState } from './signet-request.js';

/** The JSON body of a refusal (core's). */
export type { SignetErrorBody } from '@signet/core/http';

/**
 * Answers Signet's coded errors with core's refusal (`refusalResponse`: the code's status from the edge table, the
 * code in JSON, or a small HTML page for a browser, with what to do next). Never a stack trace, never a token. The
 * `@SignetLogin()` and `@SignetCallback()` decorators apply it; add it globally to cover your own calls.
 */
@Catch(SignetError)
export class SignetExceptionFilter implements ExceptionFilter {
  catch(exception: SignetError, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<{ method?: string }>();
    const exchange = httpExchange(request, http.getResponse<object>());
    if (exchange.headersSent) {
      // A handler had started its answer: neither status nor headers can change, and setting them would throw.
      exchange.end();
      return;
    }
    const restartUrl = signetState(request).restartUrl;
    exchange.send(
      refusalResponse(exception, exchange.header('accept'), {
        ...(restartUrl ? { restartUrl } : {}),
        repeatable: (request.method ?? 'GET').toUpperCase() === 'GET',
      }),
    );
  }
}
