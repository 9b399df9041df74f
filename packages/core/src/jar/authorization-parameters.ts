/** What an application may ask for in one authorization request. Signet adds the protocol parameters itself. */
export interface AuthorizationParameters {
  /** Space-separated scopes; defaults to the client's `scope`. */
  scope?: string;
  /** RFC 9396 rich authorization requests: a list of objects with a string `type`. */
  authorizationDetails?: Array<{ type: string; [key: string]: unknown }>;
  acrValues?: string;
  prompt?: string;
  loginHint?: string;
  /** Seconds; the ID token's auth_time is then checked against it. */
  maxAge?: number;
  /** The OpenID Connect `claims` request object. */
  claims?: Record<string, unknown>;
  /** RFC 8707 resource indicators. */
  resource?: string | string[];
  /** Overrides the client's response mode for this request. */
  responseMode?: import('../jarm/response-mode.js').ResponseMode;
  /** Other parameters to sign into the request object (never protocol parameters Signet sets). */
  extra?: Record<string, string | number | boolean | Record<string, unknown> | unknown[]>;
  /** Application data kept with the pending login and returned with the result; never sent to the AS. */
  appState?: Record<string, string>;
}

/** Parameters that Signet owns: an application can neither set nor override them. */
export const RESERVED_PARAMETERS = new Set([
  'iss',
  'aud',
  'sub',
  'iat',
  'nbf',
  'exp',
  'jti',
  'client_id',
  'request',
  'request_uri',
  'redirect_uri',
  'response_type',
  'response_mode',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'dpop_jkt',
  'scope',
  'authorization_details',
  'acr_values',
  'prompt',
  'login_hint',
  'max_age',
  'claims',
  'resource',
]);
