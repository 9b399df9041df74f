import type { JWK } from 'jose';
import type { ClientMetadata, Provider } from 'oidc-provider';

/** FAPI profile a client is held to. Maps to oidc-provider's `features.fapi.profile` values. */
export type DevAsProfile = 'fapi2' | 'fapi1-advanced';

/** Claims returned for a login name; `sub` defaults to the login itself. */
export type AccountClaims = { sub?: string } & Record<string, unknown>;

/** Minimal logger shape; `console` fits. */
export interface DevAsLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Token lifetimes in seconds; anything omitted keeps the dev defaults. */
export interface DevAsTtl {
  AccessToken?: number;
  AuthorizationCode?: number;
  IdToken?: number;
  RefreshToken?: number;
  Interaction?: number;
  Session?: number;
  Grant?: number;
}

/**
 * Departures from the specifications that real servers show, for interoperability tests. Off by default;
 * each one makes this server stricter or odder than oidc-provider, never laxer about what it verifies.
 */
export interface DevAsQuirks {
  /**
   * Accept exactly one client assertion `aud`: `issuer` (FAPI 2.0), `token_endpoint` (the token endpoint URL,
   * at every endpoint) or `endpoint` (the URL of the endpoint called). Replaces oidc-provider's own check.
   */
  clientAssertionAudience?: 'issuer' | 'token_endpoint' | 'endpoint';
  /** Re-sign JARM responses (query and fragment redirects) with `iat` = now and `exp` = now + this many seconds. */
  jarmLifetime?: number;
  /** Answer every 4xx of a back-channel POST (PAR, token, ...) with an empty body and no challenge. */
  emptyErrorBodies?: boolean;
}

export interface DevAsOptions {
  /** Interoperability quirks (none by default). */
  quirks?: DevAsQuirks;
  /** TCP port; 0 (the default) picks an ephemeral one. */
  port?: number;
  /** Bind address and issuer host; defaults to 127.0.0.1. */
  host?: string;
  /** oidc-provider client metadata, passed through (fapi2 clients get PAR required unless set). */
  clients: ClientMetadata[];
  /** AS private JWKS (signing + encryption); generated in memory when omitted. */
  keys?: { keys: JWK[] };
  /** FAPI profile per client; defaults to fapi2 for every client. */
  profile?: (clientId: string) => DevAsProfile;
  /** login name → claims; defaults to a single user `alice`. */
  accounts?: Record<string, AccountClaims>;
  /**
   * Sign in any other well-formed login name too, with claims derived from it (`bob` → name "Bob", email
   * bob@example.test). Default true; false leaves only `accounts` (then an unknown name gets 401).
   */
  acceptAnyUser?: boolean;
  ttl?: DevAsTtl;
  /** Receives server errors and notable events; silent when omitted. */
  logger?: DevAsLogger;
  /**
   * Lets oidc-provider fetch `jwks_uri` on loopback/private addresses, which its SSRF guard refuses.
   * Defaults to true because this server only ever talks to local dev clients.
   */
  allowLoopbackFetch?: boolean;
  /**
   * Format of access tokens for resource indicators; default `opaque`. `jwt`: RFC 9068 JWTs (with `cnf` when
   * sender-constrained), issued for the granted resource even when openid was requested.
   */
  resourceTokenFormat?: 'opaque' | 'jwt';
  /** Mutual TLS (RFC 8705): an HTTPS listener requesting client certificates, and oidc-provider's mTLS features. */
  mtls?: DevAsMtlsOptions;
  /** The protected resource at `/resource` (DPoP-bound and bearer tokens of this AS). */
  resource?: { requireNonce?: boolean };
}

/** How dev-as serves mutual TLS. Certificates come from `@signet/dev-as/pki` in tests. */
export interface DevAsMtlsOptions {
  /** The server certificate (PEM, with 127.0.0.1 / the host in its subjectAltName) and its key. */
  certificate: string;
  key: string;
  /** CA certificate(s) whose client certificates `tls_client_auth` accepts (PEM). */
  clientCa: string | string[];
  /**
   * `aliases` (default): the issuer keeps plain HTTP loopback and a second, HTTPS listener serves the same
   * endpoints, advertised as `mtls_endpoint_aliases` (token, PAR, userinfo, revocation when enabled).
   * `issuer`: the issuer itself is HTTPS and every endpoint requests a certificate; no aliases.
   */
  mode?: 'aliases' | 'issuer';
  /** Port of the aliases listener; 0 (default) picks one. */
  port?: number;
}

/** Counters tests use to prove what did (not) reach the AS. */
export interface DevAsCounters {
  /** Requests that reached the token endpoint (any outcome). */
  token: number;
  /** Requests that reached the pushed authorization request endpoint. */
  par: number;
  /** Requests that reached the authorization endpoint (including resumes after interactions). */
  authorization: number;
  /** Token requests with grant_type=refresh_token (any outcome). */
  refresh: number;
  /** Requests that reached the revocation endpoint (any outcome). */
  revocation: number;
  /** Requests that reached the protected resource (any outcome). */
  resource: number;
  /** Back-channel logout tokens delivered to a client (any answer). */
  backchannelLogout: number;
}

export interface DevAs {
  /** `http://<host>:<port>`, no trailing slash. */
  readonly issuer: string;
  readonly port: number;
  readonly provider: Provider;
  /** Live view of endpoint hit counts since start. */
  readonly counters: Readonly<DevAsCounters>;
  /** Shorthand for `counters.token`. */
  readonly tokenRequests: number;
  /** The AS public JWKS (what `/jwks` serves), handy for verifying JARM / ID tokens offline. */
  readonly publicJwks: { keys: JWK[] };
  /** With `mtls` in `aliases` mode: the HTTPS origin of the mtls_endpoint_aliases. */
  readonly mtlsOrigin?: string;
  /** The protected resource's URL: `<issuer>/resource`. */
  readonly resourceUrl: string;
  /** Live lifetimes: change `AccessToken` (seconds) to shape the tokens issued from now on. */
  readonly lifetimes: { AccessToken: number };
  /** Revokes every refresh token (and what it issued) of `sub`, or of everyone: the next refresh is invalid_grant. */
  revokeRefreshTokens(sub?: string): Promise<number>;
  /** The ids of the tokens the AS holds (opaque tokens are their ids): what must never appear in a client's store. */
  storedTokens(): string[];
  /**
   * Sends a back-channel logout token for `sub` to the client's `backchannel_logout_uri`: with `sid`, or one per AS
   * session of `sub` at that client when `sid` is omitted. Returns how many were sent.
   */
  backchannelLogout(clientId: string, sub: string, sid?: string): Promise<number>;
  /**
   * Testing switch: from now on the JWKS endpoint alone answers `status` (e.g. 503) with no body, every other
   * endpoint still serving; `false` restores it. A key outage of this issuer, for tests of its clients.
   */
  failJwks(status: number | false): void;
  close(): Promise<void>;
}
