/**
 * What an authorization server endpoint answered when a back-channel call failed: enough to diagnose the
 * failure without the server's logs. Everything the server chose (error, description, content type) is
 * sanitized to printable ASCII and length-capped; none of it ever goes into an error's `message`, which a
 * framework adapter may show to the browser: only into this record, the log line and the audit record.
 */
export interface EndpointFailure {
  /** The metadata name of the endpoint (`pushed_authorization_request_endpoint`, `token_endpoint`, `jwks_uri`, ...). */
  endpoint: EndpointName;
  /** The URL that was called, without its query. */
  url?: string;
  /** The HTTP status; absent when no answer arrived. */
  status?: number;
  /**
   * What the body was: `oauth-error` (JSON with an `error` member, or a WWW-Authenticate challenge), `json`
   * (JSON without `error`), `empty`, `not-json`, `too-large`; `none` when no answer arrived.
   */
  body: 'oauth-error' | 'json' | 'empty' | 'not-json' | 'too-large' | 'none';
  /** The answer's content type, sanitized. */
  contentType?: string;
  /** The server's OAuth `error`, sanitized (at most 64 characters). */
  error?: string;
  /** The server's `error_description`, sanitized (at most 256 characters). */
  errorDescription?: string;
  /** Why no answer arrived. */
  transport?: 'timeout' | 'network';
}

/** The endpoints Signet calls on the back channel. */
export type EndpointName =
  | 'discovery'
  | 'jwks_uri'
  | 'pushed_authorization_request_endpoint'
  | 'token_endpoint'
  | 'userinfo_endpoint'
  | 'revocation_endpoint'
  | 'introspection_endpoint'
  | (string & {});

const LABELS: Record<string, string> = {
  discovery: 'the discovery endpoint',
  jwks_uri: 'the JWKS endpoint',
  pushed_authorization_request_endpoint: 'the pushed authorization request endpoint',
  token_endpoint: 'the token endpoint',
  userinfo_endpoint: 'the userinfo endpoint',
  revocation_endpoint: 'the revocation endpoint',
  introspection_endpoint: 'the introspection endpoint',
};

/** Printable ASCII only (anything else becomes `?`), cut at `max` characters with a trailing `...`. */
export function sanitizeServerText(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const printable = value.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > max ? `${printable.slice(0, max - 3)}...` : printable;
}

/**
 * A browser-safe sentence: which endpoint, which status, what kind of body; never the server's own words.
 *
 * @example
 * failureSummary({ endpoint: 'pushed_authorization_request_endpoint', status: 401, body: 'empty' })
 * // 'the pushed authorization request endpoint answered HTTP 401 with an empty body'
 */
export function failureSummary(failure: EndpointFailure): string {
  const label = LABELS[failure.endpoint] ?? `the ${failure.endpoint}`;
  if (failure.status === undefined) {
    return failure.transport === 'timeout' ? `${label} did not answer in time` : `${label} could not be reached`;
  }
  const ok = failure.status >= 200 && failure.status < 300;
  const body = {
    'oauth-error': 'an OAuth error (see the log)',
    json: ok ? 'a JSON body that does not conform' : 'a JSON body that is not an OAuth error',
    empty: 'an empty body',
    'not-json': 'a body that is not JSON',
    'too-large': 'a body too large to read',
    none: 'no body',
  }[failure.body];
  return `${label} answered HTTP ${failure.status} with ${body}`;
}

/**
 * The message of a back-channel refusal: the browser-safe summary, plus, for a 2xx answer that did not
 * conform, oauth4webapi's reason (its own words, which never quote the body).
 */
export function failureMessage(failure: EndpointFailure | undefined, cause: unknown, fallback: string): string {
  if (!failure) return fallback;
  const summary = failureSummary(failure);
  const ok = failure.status !== undefined && failure.status >= 200 && failure.status < 300;
  const reason = ok && cause instanceof Error ? sanitizeServerText(cause.message, 160) : undefined;
  return reason ? `${summary}: ${reason}` : summary;
}
