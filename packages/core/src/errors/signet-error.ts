import { ERROR_CODES, type SignetErrorCode } from './codes.js';
import type { EndpointFailure } from './endpoint-failure.js';

export interface SignetErrorOptions {
  cause?: unknown;
  /** The configuration field or claim the refusal is about. */
  field?: string;
  /** What an authorization server endpoint answered, when a back-channel call failed. */
  endpoint?: EndpointFailure;
  /**
   * Non-secret evidence of what was expected (an issuer, a media type, a bound), as oauth4webapi's errors carry
   * it: never a token, key, code or a value the sender chose.
   */
  expected?: unknown;
}

/**
 * The one error family of Signet. `code` is stable; `message` is for humans and may change. The HTTP status of
 * a code is the edge's business (`httpStatusOf` of `@signet/core/http`), not the error's.
 *
 * @example
 * if (err instanceof SignetError && err.code === 'ERR_JARM_EXPIRED') { ... }
 */
export class SignetError extends Error {
  readonly code: SignetErrorCode;
  readonly field?: string;
  /**
   * When a back-channel call failed: the endpoint, its HTTP status and the server's sanitized error. For logs
   * and audit records only; adapters never put it in a browser's body.
   */
  readonly endpoint?: EndpointFailure;
  /**
   * What the user can do, when the client knows: `retry` (the same request again works: nothing was consumed,
   * e.g. a store fault that gave the login back) or `restart` (this login is over: start a new one).
   */
  recovery?: 'retry' | 'restart';
  /** What the check expected; see `SignetErrorOptions.expected`. */
  readonly expected?: unknown;

  constructor(code: SignetErrorCode, message?: string, options: SignetErrorOptions = {}) {
    super(message ?? ERROR_CODES[code], options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    if (options.field !== undefined) this.field = options.field;
    if (options.endpoint !== undefined) this.endpoint = options.endpoint;
    if (options.expected !== undefined) this.expected = options.expected;
  }
}

/** Error codes of authorization responses registered by RFC 6749 §4.1.2.1, OIDC Core §3.1.2.6, RFC 9101, RFC 9396. */
const REGISTERED_ERRORS = new Set([
  'invalid_request',
  'unauthorized_client',
  'access_denied',
  'unsupported_response_type',
  'invalid_scope',
  'server_error',
  'temporarily_unavailable',
  'interaction_required',
  'login_required',
  'account_selection_required',
  'consent_required',
  'invalid_request_uri',
  'invalid_request_object',
  'request_not_supported',
  'request_uri_not_supported',
  'registration_not_supported',
  'invalid_authorization_details',
]);

/**
 * The authorization server's own answer, verified inside a signed response: the user denied, the
 * server refused the request, ... `error` is the OAuth error code the server sent. The message quotes it
 * only when it is a registered code: anything else is the sender's text, kept in `error` for the audit.
 */
export class AuthorizationServerError extends SignetError {
  readonly error: string;
  readonly errorDescription?: string;
  /** `error` is a registered code: only then may a page or a JSON body show it (it is the sender's text). */
  readonly registered: boolean;

  constructor(error: string, errorDescription?: string) {
    const registered = REGISTERED_ERRORS.has(error);
    super(
      'ERR_AUTHORIZATION_ERROR',
      `the authorization server answered ${registered ? `"${error}"` : 'with an unregistered error code'}`,
    );
    this.error = error;
    this.registered = registered;
    if (errorDescription !== undefined) this.errorDescription = errorDescription;
  }
}

/** True for any Signet error, optionally of one code. */
export function isSignetError(err: unknown, code?: SignetErrorCode): err is SignetError {
  return err instanceof SignetError && (code === undefined || err.code === code);
}
