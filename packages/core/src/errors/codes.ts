/**
 * Every refusal Signet makes has one of these stable codes. The audit record, the log line, the HTTP body
 * of the framework adapters and the tests all name the same code. Codes are never renamed, only added.
 */
export const ERROR_CODES = {
  // configuration (raised at boot)
  ERR_CONFIG_INVALID: 'A client option is missing or unsafe; the message names the option and the fix.',
  // named clients (several partners in one app)
  ERR_CLIENT_UNKNOWN: 'No client of the app is registered under this name (404).',
  // wiring (raised per request: a fault of the integration, not of the request)
  ERR_ADAPTER_INVALID:
    'The framework adapter did not give core what this request needs (cookie access, the response object).',
  ERR_USAGE_INVALID:
    'A call at request time that Signet cannot serve as made (a relative URL to fetch, bad options to a standalone operation): a bug in the calling code; the message names the argument.',
  ERR_UNEXPECTED: 'An unexpected failure inside Signet; the login is refused, never accepted (please report it).',
  // the callback request, before any protocol check (the HTTP edge)
  ERR_CALLBACK_METHOD_NOT_ALLOWED: 'Only GET and POST deliver an authorization response; the answer is 405 with Allow.',
  ERR_CALLBACK_MEDIA_TYPE_UNSUPPORTED:
    'A POST to the callback must be application/x-www-form-urlencoded (form_post.jwt).',
  ERR_CALLBACK_BODY_TOO_LARGE: 'The callback body exceeds its bound and was not parsed.',
  ERR_CALLBACK_BODY_MALFORMED: 'The callback body could not be read or parsed as a form.',
  ERR_CALLBACK_INPUT_INVALID:
    'The callback input is not plain data (a delivery channel and string parameters): refused before any check.',
  ERR_COOKIE_DUPLICATED: 'The request carries two Signet cookies of one name (cookie tossing): refused.',
  // discovery and keys
  ERR_DISCOVERY_FAILED: 'The authorization server metadata could not be fetched or parsed.',
  ERR_DISCOVERY_ISSUER_MISMATCH: 'The metadata "issuer" is not exactly the configured issuer; no flow starts.',
  ERR_DISCOVERY_METADATA_INVALID: 'The metadata lacks an endpoint or capability this client needs.',
  ERR_JWKS_FETCH_FAILED: 'The authorization server JWKS could not be fetched or parsed.',
  ERR_JWKS_NO_MATCHING_KEY: 'No key of the authorization server matches the token header (kid, kty, alg, use).',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS:
    'Several keys of the authorization server match the token header; refused as ambiguous.',
  // authorization request
  ERR_PARAMETER_INVALID: 'An authorization parameter passed by the application is malformed or not allowed.',
  ERR_PAR_REJECTED: 'The pushed authorization request endpoint answered with an OAuth error.',
  ERR_PAR_FAILED: 'The pushed authorization request could not be made or its answer was malformed.',
  ERR_REQUEST_ENCRYPTION_KEY_MISSING: 'Request object encryption is on, but the AS publishes no usable encryption key.',
  // transactions
  ERR_STATE_MISSING: 'The authorization response carries no state.',
  ERR_STATE_UNKNOWN: 'No pending login for this state: unknown, expired, already used, or from another browser.',
  ERR_STATE_MISMATCH: 'The state in the signed response differs from the pending login.',
  ERR_TRANSACTION_INVALID: 'The stored login transaction is malformed, tampered or expired.',
  ERR_TRANSACTION_MISMATCH:
    'The pending login was begun for another redirect URI, client or issuer than the callback it reached.',
  ERR_TRANSACTION_TOO_LARGE:
    'The pending login does not fit in a cookie; carry less appState or use a server-side store.',
  ERR_STORE_UNAVAILABLE:
    'The transaction or replay store cannot be reached (or the in-memory replay register is full of unexpired entries); refused rather than trusted.',
  // JARM
  ERR_JARM_RESPONSE_MISSING: 'No "response" parameter: an unsigned response where a signed one was requested.',
  ERR_JARM_RESPONSE_DUPLICATED: 'The "response" parameter appears more than once.',
  ERR_JARM_RESPONSE_TOO_LARGE: 'The response is larger than the configured bound and was not parsed.',
  ERR_JARM_RESPONSE_MODE_MISMATCH: 'The response arrived by another channel than the requested response mode.',
  ERR_JARM_UNEXPECTED_PARAMETERS: 'Unsigned parameters came beside the "response" JWT.',
  ERR_JARM_ISSUER_CONFLICT: 'An unsigned "iss" disagrees with the expected issuer (RFC 9207 §4).',
  ERR_JARM_MALFORMED: 'The response is not a well-formed compact JWS or JWE.',
  ERR_JARM_ENCRYPTION_REQUIRED: 'A plain JWS arrived where an encrypted response is required.',
  ERR_JARM_ENCRYPTION_UNEXPECTED: 'An encrypted response arrived but no decryption key is configured.',
  ERR_JARM_DECRYPTION_FAILED: 'The encrypted response could not be decrypted with the configured keys and algorithms.',
  ERR_JARM_ISSUER_INVALID: 'The response "iss" is missing or not the expected issuer.',
  ERR_JARM_AUDIENCE_INVALID: 'The response "aud" is missing or does not name this client alone.',
  ERR_JARM_EXPIRED: 'The response "exp" is missing or in the past.',
  ERR_JARM_LIFETIME_TOO_LONG: 'The response lives longer than the allowed maximum.',
  ERR_JARM_NOT_YET_VALID: 'The response "nbf" or "iat" is in the future.',
  ERR_JARM_CLAIM_INVALID: 'A response claim has the wrong type.',
  ERR_JARM_ALG_NOT_ALLOWED: 'The response "alg" is not in the allow-list ("none" never is).',
  ERR_JARM_HEADER_INVALID: 'The response header is refused: a key reference (jku, jwk, x5u, x5c), a zip, or bad typ.',
  ERR_JARM_CRIT_UNSUPPORTED: 'The response header carries a "crit" extension this client does not understand.',
  ERR_JARM_SIGNATURE_INVALID: 'The response signature does not verify with the authorization server key.',
  ERR_JARM_CODE_MISSING: 'A verified response carries neither code nor error.',
  ERR_JARM_CODE_AND_ERROR: 'A verified response carries both code and error.',
  ERR_JARM_REPLAYED: 'This signed response (however re-spelled) was already received once.',
  ERR_AUTHORIZATION_ERROR: 'The authorization server answered with a verified error (for example access_denied).',
  // token endpoint
  ERR_TOKEN_REQUEST_FAILED: 'The token request could not be made or its answer was malformed.',
  ERR_TOKEN_REJECTED: 'The token endpoint answered with an OAuth error.',
  ERR_ID_TOKEN_INVALID: 'The ID token failed validation (signature, iss, aud, exp, nonce, ...).',
  ERR_DPOP_FAILED: 'A DPoP proof could not be made or the server refused it.',
  // audit
  ERR_AUDIT_UNAVAILABLE: 'The audit log cannot be written; the login is refused rather than left unrecorded.',
  // reviewed-scope policy
  ERR_POLICY_CLIENT_UNKNOWN: 'The policy file has no entry for this client_id; the app does not start.',
  ERR_POLICY_SCOPE_NOT_REVIEWED:
    "A scope (the default at boot, or a route's at authorize) is not among the reviewed scopes.",
  ERR_POLICY_AUTHORIZATION_DETAILS_REFUSED:
    'An authorization_details entry is of a type the policy does not allow, or outside its field limits.',
  ERR_POLICY_GRANT_EXCEEDS_REVIEW:
    'The token response grants more than was reviewed (scope, authorization_details or lifetime); no session.',
  ERR_POLICY_REVIEW_OVERDUE: "The client's review-by date has passed (a warning at boot; a refusal when strict).",
  // mutual TLS (RFC 8705)
  ERR_TLS_CLIENT_AUTH_REJECTED:
    "The authorization server refused the client certificate (invalid_client): none presented, untrusted, unregistered, or another client's.",
  ERR_CLIENT_CERTIFICATE_EXPIRED: 'The client certificate is expired or not yet valid; refused before any request.',
  ERR_CERTIFICATE_BINDING_MISMATCH:
    "The access token is bound (cnf.x5t#S256) to another certificate than this client's.",
  ERR_CERTIFICATE_BINDING_MISSING:
    'A JWT access token carries no certificate binding (cnf.x5t#S256) where a sender-constrained token is required.',
  // server-side sessions and the grant
  ERR_SESSION_UNKNOWN: 'No session for this id: never created, expired (idle or absolute timeout) or ended.',
  ERR_RESOURCE_REQUEST_FAILED: 'The request to the resource server could not be made (network, time-out).',
  ERR_RESOURCE_REFUSED: 'The resource server refused the request made with the grant (its status is in the message).',
  ERR_GRANT_NOT_KEPT: 'This session keeps no grant (a stateless cookie session): use a server-side session store.',
  ERR_SESSION_STORE_INVALID: 'A stored session record is malformed; refused and deleted rather than trusted.',
  ERR_GRANT_VAULT_INVALID:
    "The session's sealed grant does not open (tampered, moved to another session, or sealed under a retired secret); the session ended.",
  ERR_GRANT_EXPIRED: 'The access token expired and the grant holds no refresh token; the session ended.',
  ERR_GRANT_REVOKED:
    'The authorization server refused the refresh (invalid_grant): the grant is gone; the session ended.',
  ERR_GRANT_REFRESH_FAILED: 'The refresh request could not be made or its answer was malformed; the session is kept.',
  ERR_GRANT_REFRESH_BUSY: 'Another instance held the refresh lock longer than its bound; retry later.',
  ERR_USERINFO_FAILED: 'The userinfo request could not be made or its answer was malformed.',
  ERR_USERINFO_INVALID: 'The userinfo response failed validation (subject, signature, issuer, audience).',
  ERR_REVOCATION_FAILED: 'The revocation request failed; the session was ended locally all the same (audited).',
  // back-channel logout (OpenID Connect Back-Channel Logout 1.0)
  ERR_LOGOUT_TOKEN_MALFORMED: 'The logout_token is missing, repeated, oversized, or not a compact JWS.',
  ERR_LOGOUT_TOKEN_ALG_NOT_ALLOWED: 'The logout_token "alg" is not in the allow-list ("none" never is).',
  ERR_LOGOUT_TOKEN_HEADER_INVALID:
    'The logout_token header is refused: a "typ" other than logout+jwt, a key reference or a "crit" extension.',
  ERR_LOGOUT_TOKEN_SIGNATURE_INVALID:
    'The logout_token signature does not verify with a key of the authorization server.',
  ERR_LOGOUT_TOKEN_ISSUER_INVALID: 'The logout_token "iss" is missing or not the expected issuer.',
  ERR_LOGOUT_TOKEN_AUDIENCE_INVALID: 'The logout_token "aud" is missing or does not contain this client.',
  ERR_LOGOUT_TOKEN_IAT_INVALID: 'The logout_token "iat" is missing, in the future, too old, or "exp" has passed.',
  ERR_LOGOUT_TOKEN_JTI_MISSING: 'The logout_token carries no "jti".',
  ERR_LOGOUT_TOKEN_REPLAYED: 'This logout_token (its "jti") was already accepted once.',
  ERR_LOGOUT_TOKEN_EVENT_MISSING:
    'The logout_token "events" claim lacks the http://schemas.openid.net/event/backchannel-logout member (an object).',
  ERR_LOGOUT_TOKEN_SUBJECT_MISSING: 'The logout_token carries neither "sid" nor "sub" (or one is not a string).',
  ERR_LOGOUT_TOKEN_NONCE_PRESENT: 'The logout_token carries a "nonce", which the specification forbids.',
  // the signed-in session (@signet/nestjs)
  ERR_SESSION_REQUIRED:
    'No valid signed-in session (absent, expired or tampered cookie; a server-side session ended or timed out).',
  ERR_SESSION_SCOPE_INSUFFICIENT: 'The session was granted fewer scopes than this route requires.',
  ERR_SESSION_CROSS_SITE: 'A session-changing request (sign-out) came from another site (SignetSameOriginGuard).',
} as const;

/** A stable reason code. */
export type SignetErrorCode = keyof typeof ERROR_CODES;
