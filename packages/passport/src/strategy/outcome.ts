import { AuthorizationServerError, ERROR_CODES, SignetError, type SignetErrorCode } from '@signet/core';
import { httpStatusOf } from '@signet/core/http';

/** The challenge given to passport's fail(): what the failure handler, flash message or Nest guard sees. */
export interface SignetFailure {
  /** Core's stable reason code, the same the audit record names. */
  code: SignetErrorCode;
  message: string;
  /** The AS's own OAuth error (access_denied, ...) when it answered with a verified error. */
  error?: string;
  /** The option or claim a refusal is about. */
  field?: string;
  /** Core's own error, with its `cause` and evidence; not enumerable, so it never reaches a flash message or JSON. */
  readonly signetError?: SignetError;
}

/** The challenge, carrying the original error along (non-enumerable) for `errorFromFailure`. */
function failure(err: SignetError, challenge: Omit<SignetFailure, 'signetError'>): SignetFailure {
  return Object.defineProperty(challenge, 'signetError', { value: err, enumerable: false }) as SignetFailure;
}

/** A refusal (fail) or a fault (error). */
export type Outcome = { kind: 'fail'; challenge: SignetFailure; status: number } | { kind: 'error'; error: Error };

/**
 * Splits core's errors the way passport splits outcomes: a refusal of this login (4xx: a tampered, replayed or
 * foreign response, or the AS saying no) is fail() with the code; a fault of the service (5xx: store,
 * discovery, JWKS or token endpoint unreachable, bad configuration) is error(), which no login can fix.
 */
export function outcomeOf(err: unknown): Outcome {
  if (isCoreError(err, AuthorizationServerError)) {
    return {
      kind: 'fail',
      challenge: failure(err, { code: err.code, message: err.message, error: err.error }),
      status: httpStatusOf(err),
    };
  }
  const status = httpStatusOf(err);
  if (isCoreError(err, SignetError) && status >= 400 && status < 500) {
    return {
      kind: 'fail',
      challenge: failure(err, { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) }),
      status,
    };
  }
  return { kind: 'error', error: err instanceof Error ? err : new Error(String(err)) };
}

/** instanceof, or the same class name: an app may load core twice (built and source, two versions). */
function isCoreError<T extends SignetError>(err: unknown, type: abstract new (...args: never[]) => T): err is T {
  if (err instanceof type) return true;
  if (!(err instanceof Error)) return false;
  const candidate = err as Error & { code?: unknown };
  const named = type === (SignetError as unknown) ? ['SignetError', 'AuthorizationServerError'] : [type.name];
  return named.includes(candidate.name) && typeof candidate.code === 'string' && candidate.code in ERROR_CODES;
}

/**
 * Turns the challenge a SignetStrategy gave to fail() back into core's coded error, for frameworks that answer
 * errors in one place (a Nest guard's `handleRequest`, then an exception filter). A challenge that did not come
 * from SignetStrategy (a verify function's own `info`) yields undefined.
 *
 * @example
 * handleRequest(err, user, info, context, status) {
 *   if (err) throw err;
 *   if (!user) throw errorFromFailure(info, status) ?? new UnauthorizedException();
 *   return user;
 * }
 */
export function errorFromFailure(info: unknown, _status?: number): SignetError | undefined {
  if (typeof info !== 'object' || info === null) return undefined;
  const { code, message, error, field, signetError } = info as Partial<SignetFailure>;
  // The original, cause and description included, when the challenge came from this strategy.
  if (signetError instanceof SignetError) return signetError;
  if (typeof code !== 'string' || !(code in ERROR_CODES)) return undefined;
  if (code === 'ERR_AUTHORIZATION_ERROR' && typeof error === 'string') return new AuthorizationServerError(error);
  return new SignetError(code, typeof message === 'string' ? message : undefined, field ? { field } : {});
}
