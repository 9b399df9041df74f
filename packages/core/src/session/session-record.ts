import type { AuthorizationDetails } from 'oauth4webapi';

/** What the grant is, in clear: everything the application may see. Tokens and keys are in the vault only. */
export interface GrantSummary {
  /** `DPoP` or `Bearer`, as the token endpoint said. */
  tokenType: string;
  /** Access-token expiry, epoch seconds; absent when the AS gave no `expires_in`. */
  expiresAt?: number;
  /** Granted scope, when the token response named it. */
  scope?: string;
  authorizationDetails?: AuthorizationDetails[];
  /** Where the DPoP key lives: sealed with this session (`session`), the client's own key (`client`), or none. */
  dpop?: 'session' | 'client';
  /** The RFC 7638 thumbprint of the DPoP public key the token is bound to (public: it is in `cnf.jkt`). */
  dpopJkt?: string;
  /** True when the vault holds a refresh token. */
  refreshable: boolean;
  /** How many refreshes this grant has had. */
  refreshCount: number;
  /** Epoch seconds of the last refresh. */
  refreshedAt?: number;
}

/**
 * One signed-in session as a store keeps it. `key` is the SHA-256 of the session id the browser holds, so a
 * store dump yields no usable cookie; `vault` is a JWE (`dir`, A256GCM) holding the tokens and the DPoP key.
 */
export interface SessionRecord {
  key: string;
  /** Bumped by every write; a write that expects another version is refused (compare-and-set). */
  version: number;
  sub: string;
  iss: string;
  /** The client_id the subject signed in with (absent in records made before it was recorded). */
  clientId?: string;
  /** The partner name of a named client (`SignetClientOptions.name`), when the client has one. */
  client?: string;
  /** The ID token's `sid`: what a back-channel logout token names. */
  sid?: string;
  scope: string;
  /** The configured ID token (and userinfo) claims. */
  claims: Record<string, unknown>;
  createdAt: number;
  lastSeenAt: number;
  /** The absolute timeout: the session ends then whatever its activity. */
  absoluteExpiresAt: number;
  /** When the store may forget the record: the earlier of the idle and the absolute timeout. */
  expiresAt: number;
  grant: GrantSummary;
  vault: string;
}

/** What the vault opens to. */
export interface SealedGrant {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  /** The per-session DPoP private key (JWK), when keys are per login. */
  dpopKey?: Record<string, unknown>;
}

/** The session as an application sees it: no token, no key, no store internals. */
export interface SessionView {
  /** The opaque id the cookie carries. Never log it. */
  id: string;
  sub: string;
  iss: string;
  sid?: string;
  scope: string;
  claims: Record<string, unknown>;
  /** Epoch seconds. */
  iat: number;
  /** Epoch seconds: the earlier of the idle and the absolute timeout. */
  exp: number;
  grant: GrantSummary;
}

/** The application's view of a record. */
export function viewOf(id: string, record: SessionRecord): SessionView {
  return {
    id,
    sub: record.sub,
    iss: record.iss,
    ...(record.sid !== undefined ? { sid: record.sid } : {}),
    scope: record.scope,
    claims: record.claims,
    iat: record.createdAt,
    exp: record.expiresAt,
    grant: record.grant,
  };
}
