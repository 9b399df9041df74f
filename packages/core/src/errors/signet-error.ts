import { ERROR_CODES, type SignetErrorCode } from './codes.js';
import type { EndpointFailure } from './endpoint-failure.js';

export interface SignetErrorOptions {
  cause?: unknown;
  /** The configuration field or claim the refusal is about. */
  field?: string;
  /** The HTTP status a framework adapter should answer with (400, 401, 403, 503). */
  status?: number;
  /** What an authorization server endpoint answered, when a back-channel call failed. */
  endpoint?: EndpointFailure;
}

/**
 * The one error family of Signet. `code` is stable; `message` is for humans and may change.
 *
 * @example
 * if (err instanceof SignetError && err.code === 'ERR_JARM_EXPIRED') { ... }
 */
export class SignetError extends Error {
  readonly code: SignetErrorCode;
  readonly field?: string;
  readonly status: number;
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

  constructor(code: SignetErrorCode, message?: string, options: SignetErrorOptions = {}) {
    super(message ?? ERROR_CODES[code], options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    if (options.field !== undefined) this.field = options.field;
    this.status = options.status ?? defaultStatus(code);
    if (options.endpoint !== undefined) this.endpoint = options.endpoint;
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

  constructor(error: string, errorDescription?: string) {
    const shown = REGISTERED_ERRORS.has(error) ? `"${error}"` : 'with an unregistered error code';
    super('ERR_AUTHORIZATION_ERROR', `the authorization server answered ${shown}`, {
      status: error === 'access_denied' ? 403 : 400,
    });
    this.error = error;
    if (errorDescription !== undefined) this.errorDescription = errorDescription;
  }
}

/** True for any Signet error, optionally of one code. */
export function isSignetError(err: unknown, code?: SignetErrorCode): err is SignetError {
  return err instanceof SignetError && (code === undefined || err.code === code);
}

function defaultStatus(code: SignetErrorCode): number {
  switch (code) {
    case 'ERR_STORE_UNAVAILABLE':
    case 'ERR_AUDIT_UNAVAILABLE':
    case 'ERR_DISCOVERY_FAILED':
    case 'ERR_DISCOVERY_ISSUER_MISMATCH':
    case 'ERR_DISCOVERY_METADATA_INVALID':
    case 'ERR_JWKS_FETCH_FAILED':
    case 'ERR_PAR_FAILED':
    case 'ERR_PAR_REJECTED':
    case 'ERR_TOKEN_REQUEST_FAILED':
    case 'ERR_REQUEST_ENCRYPTION_KEY_MISSING':
    case 'ERR_GRANT_REFRESH_FAILED':
    case 'ERR_GRANT_REFRESH_BUSY':
    case 'ERR_USERINFO_FAILED':
    case 'ERR_REVOCATION_FAILED':
    case 'ERR_RESOURCE_REQUEST_FAILED':
      return 503;
    case 'ERR_CONFIG_INVALID':
    case 'ERR_POLICY_CLIENT_UNKNOWN':
    case 'ERR_POLICY_REVIEW_OVERDUE':
      return 500;
    case 'ERR_POLICY_SCOPE_NOT_REVIEWED':
    case 'ERR_POLICY_AUTHORIZATION_DETAILS_REFUSED':
    case 'ERR_POLICY_GRANT_EXCEEDS_REVIEW':
      return 403;
    case 'ERR_RESOURCE_REFUSED':
      return 502;
    case 'ERR_GRANT_NOT_KEPT':
      return 409;
    case 'ERR_CLIENT_UNKNOWN':
      return 404;
    case 'ERR_TOKEN_REJECTED':
    case 'ERR_ID_TOKEN_INVALID':
    case 'ERR_DPOP_FAILED':
    case 'ERR_CERTIFICATE_BINDING_MISMATCH':
    case 'ERR_CERTIFICATE_BINDING_MISSING':
    case 'ERR_SESSION_STORE_INVALID':
    case 'ERR_SESSION_UNKNOWN':
    case 'ERR_GRANT_VAULT_INVALID':
    case 'ERR_GRANT_EXPIRED':
    case 'ERR_GRANT_REVOKED':
    case 'ERR_USERINFO_INVALID':
      return 401;
    case 'ERR_TLS_CLIENT_AUTH_REJECTED':
    case 'ERR_CLIENT_CERTIFICATE_EXPIRED':
      return 503;
    default:
      return 400;
  }
}
