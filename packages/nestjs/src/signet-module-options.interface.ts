import type { CookieSecrets, SessionStore, SignetClientOptions } from '@signet/core';

/** The signed-in session cookie. */
export interface SignetSessionOptions {
  /** Cookie name. Default `signet.session`. */
  cookieName?: string;
  /** Session lifetime in seconds. Default 28800 (8 hours), at most 604800 (7 days). */
  ttl?: number;
  /**
   * ID token claims copied into the session cookie besides `sub`. Keep the list short: the cookie travels
   * with every request and is bounded at 4 KB. Default: name, preferred_username, email, email_verified,
   * acr, amr, auth_time.
   */
  claims?: string[];
  /**
   * Mark the cookie `Secure`. Default: true unless the redirect URI is plain-http loopback (local
   * development), where browsers would otherwise drop it.
   */
  secure?: boolean;
  /**
   * Server-side sessions: a `SessionStore` (`MemorySessionStore`, `RedisSessionStore`) keeps the record and the
   * encrypted grant, and the cookie (`__Host-` over https) carries only an opaque id. Default: none, the stateless
   * signed cookie (no tokens kept).
   */
  store?: SessionStore;
  /** Server-side sessions: seconds without a request before the session ends. Default 1800. */
  idleTimeout?: number;
  /** Server-side sessions: seconds after sign-in before the session ends. Default 28800 (`ttl` when set). */
  absoluteTimeout?: number;
  /** Server-side sessions: fetch userinfo once after sign-in. Default false. */
  userinfo?: boolean;
}

/**
 * Everything `SignetModule` needs: the core client options plus what the HTTP layer adds.
 * Extras (`isGlobal`, `jwksRoute`) are given beside these to `forRoot`/`forRootAsync`.
 */
export interface SignetModuleOptions extends SignetClientOptions {
  /**
   * Secret(s) that sign the session cookie (HMAC-SHA256), at least 32 characters each. A list rotates:
   * the first signs, every one verifies, so an old secret can stay until its sessions expire.
   */
  cookieSecret: string | string[] | CookieSecrets;
  session?: SignetSessionOptions;
  /**
   * Partners beside this unnamed client, by name, each with its own issuer, client_id, redirect URI and keys (see
   * `SignetClientsModuleOptions`); this client's other options are their defaults. Routes that name no client keep
   * using this one. Default: none.
   */
  clients?: Record<string, SignetClientOptions>;
}

/** What every named client shares unless it sets its own: stores, audit, logger, timeouts, ... */
export type SignetSharedClientOptions = Partial<
  Omit<SignetClientOptions, 'issuer' | 'clientId' | 'redirectUri' | 'signingKeys' | 'decryptionKeys'>
>;

/**
 * Several partners in one app: one client per partner authorization server, by name, each with its own issuer,
 * client_id, redirect URI, keys, profile, response mode, scopes and compatibility options. The other top-level
 * client options (a shared transaction store, the audit sink, ...) apply to every client that does not set its own.
 *
 * @example
 * SignetModule.forRoot({ clients: { bankA: { issuer, clientId, redirectUri, signingKeys }, bankB: { ... } }, cookieSecret })
 */
export interface SignetClientsModuleOptions extends SignetSharedClientOptions {
  /** The partners, by name (a letter then letters, digits, `_` or `-`): each its own redirect URI. */
  clients: Record<string, SignetClientOptions>;
  /** As in the single-client form: signs the session cookie, one for every partner. */
  cookieSecret: string | string[] | CookieSecrets;
  session?: SignetSessionOptions;
}

/** Either form of the module's options: one client, or named clients. */
export type SignetModuleConfiguration = SignetModuleOptions | SignetClientsModuleOptions;

/** True for the named-clients form. */
export function hasNamedClients(options: SignetModuleConfiguration): options is SignetClientsModuleOptions {
  return (options as { clients?: unknown }).clients !== undefined;
}

/** Options of the module definition itself, fixed when the module is imported. */
export interface SignetModuleExtras {
  /** Register the providers globally (every module can inject them). Default false. */
  isGlobal?: boolean;
  /** Serve `client.publicJwks()` at `GET /.well-known/jwks.json`. Default false. */
  jwksRoute?: boolean;
  /**
   * Give a Signet code to the platform's own refusals on the callback path (another method: 405 with `Allow`; the
   * body parser's 413/400; Fastify's 413/415), through a global filter (`SignetRefusalFilter`). Default false.
   */
  httpRefusals?: boolean;
  /** Further callback paths `httpRefusals` covers besides the redirect URI's (another sign-in path). Default none. */
  callbackPaths?: string[];
}
