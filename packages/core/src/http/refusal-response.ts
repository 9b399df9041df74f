import { AuthorizationServerError, SignetError } from '../errors/signet-error.js';
import { CALLBACK_METHODS } from './callback-request.js';
import { httpStatusOf } from './http-status.js';
import { refusalPage, type EdgeResponse } from './signet-page.js';

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

/** What the adapter knows of the refused request, for the page's "what next". */
export interface RefusalContext {
  /** Where a new login begins (a same-origin path the adapter checked). */
  restartUrl?: string;
  /** The refused request was a GET: a link to the same address repeats it. */
  repeatable?: boolean;
}

/** Headers a refusal needs beside its body: `Allow` for a 405. */
export function refusalHeaders(err: unknown): Record<string, string> {
  if (!(err instanceof SignetError) || err.code !== 'ERR_CALLBACK_METHOD_NOT_ALLOWED') return {};
  // The methods the refusing route takes: its evidence (`expected`), the callback's by default.
  const methods = Array.isArray(err.expected) ? (err.expected as string[]) : CALLBACK_METHODS;
  return { allow: methods.join(', ') };
}

/**
 * The one answer to a refusal, for every adapter: the status of the code (`HTTP_STATUS`), the code in a JSON body,
 * or in a small HTML page when the client accepts HTML. A 5xx other than 503 says only "internal error". Anything
 * that is not a `SignetError` answers `ERR_UNEXPECTED`, never a stack trace.
 */
export function refusalResponse(err: unknown, accept: string | undefined, context: RefusalContext = {}): EdgeResponse {
  const error = err instanceof SignetError ? err : new SignetError('ERR_UNEXPECTED');
  const status = httpStatusOf(error);
  // The AS's error code is its own text: shown only when it is a registered code (issue 9 item 8).
  const authorizationError = error instanceof AuthorizationServerError && error.registered ? error.error : undefined;
  const body: SignetErrorBody = {
    error: error.code,
    message: status >= 500 && status !== 503 ? 'internal error' : error.message,
    ...(authorizationError ? { authorizationError } : {}),
    ...(error.recovery ? { recovery: error.recovery } : {}),
    ...(error.recovery === 'restart' && context.restartUrl ? { restartUrl: context.restartUrl } : {}),
  };
  if ((accept ?? '').includes('text/html')) {
    const page = refusalPage(status, body.error, body.message, authorizationError, {
      ...(error.recovery ? { recovery: error.recovery } : {}),
      ...(context.restartUrl ? { restartUrl: context.restartUrl } : {}),
      ...(context.repeatable !== undefined ? { repeatable: context.repeatable } : {}),
    });
    return { ...page, headers: { ...page.headers, ...refusalHeaders(error) } };
  }
  return {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...refusalHeaders(error),
    },
    body: JSON.stringify(body),
  };
}
