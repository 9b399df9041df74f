import type { JWK, JWTPayload } from 'jose';
import type { AttackName } from '../attacks/attack-names.js';
import type { CannedAnswer } from './http-io.js';
import type { TestKey, TestSigningAlg } from './keys.js';

/** A client registered with the test AS. */
export interface TestClient {
  clientId: string;
  /** Exact redirect URIs; a request for another one gets the AS's error page, never a redirect. Default: any. */
  redirectUris?: string[];
  /**
   * The client's public keys: request objects, client assertions (`private_key_jwt`) are verified with them.
   * Without them, signatures of this client are not checked (register them to test your client's JAR and
   * assertions too).
   */
  jwks?: { keys: JWK[] };
  /**
   * Nested JWE (JARM §2.3): every authorization response is signed, then encrypted to this public key.
   * `alg` defaults to the JWK's `alg` (else `ECDH-ES` for EC/OKP keys, `RSA-OAEP-256` for RSA), `enc` to `A256GCM`.
   */
  responseEncryption?: { jwk: JWK; alg?: string; enc?: string };
}

/** A user the test AS signs in: `sub` plus any claims for the ID token and userinfo. */
export interface TestUser {
  sub: string;
  [claim: string]: unknown;
}

/** Options of `startTestAuthorizationServer`. */
export interface TestAuthorizationServerOptions {
  /** The default client's id (registered without keys unless `clients` names it). Default `signet-test-client`. */
  clientId?: string;
  /** Clients registered from the start (more with `registerClient`). */
  clients?: TestClient[];
  /** The algorithm of the AS's signing key (JARM responses, ID tokens). Default `ES256`. */
  alg?: TestSigningAlg;
  /** Use this signing key instead of a generated one. */
  signingKey?: TestKey;
  /** Further published signing keys (not used to sign unless chosen per response). */
  extraSigningKeys?: TestKey[];
  /** Encryption keys published in the JWKS: encrypted request objects (JAR as nested JWE) are decrypted with them. */
  encryptionKeys?: TestKey[];
  /** Users by login name; any other login name signs in as a user of that name. Default: alice and bob. */
  users?: Record<string, TestUser>;
  /** The login name of the user signed in when a request names none. Default `alice`. */
  defaultLogin?: string;
  /** Refuse token requests without a DPoP proof (`invalid_dpop_proof`). Default false. */
  requireDpop?: boolean;
  /** Answer the first token request of each client with `use_dpop_nonce` and a `DPoP-Nonce`. Default false. */
  dpopNonce?: boolean;
  /**
   * Skip every signature check of the client's messages (request objects, client assertions, DPoP proofs), so
   * that the AS costs as little as possible: a fixture for benchmarks, never for tests of a client. Default false.
   */
  skipClientChecks?: boolean;
  /**
   * Sign each ID token when its code is issued, so that the token endpoint answers from memory (a fixture for
   * benchmarks: an ID token then carries the clock of the authorization, not of the exchange). Default false.
   */
  signIdTokensAtAuthorization?: boolean;
}

/** A pushed authorization request, as the AS stored it. */
export interface PushedRequest {
  requestUri: string;
  clientId: string;
  /** The request object as sent (JWS, or the JWE when encrypted). */
  requestObject: string;
  /** The request object's claims. */
  claims: JWTPayload;
}

/** Where the browser goes once the test AS is done with it (the shape dev-as's `completeLogin` returns too). */
export type AuthorizationOutcome =
  /** The client's redirect URI with the response in its query or fragment. */
  | { kind: 'redirect'; url: string }
  /** An auto-submitting form (form_post.jwt) addressed to the client. */
  | { kind: 'form_post'; action: string; fields: Record<string, string> };

/** What the browser "types" at the test AS's authorization endpoint (also query parameters of its URL). */
export interface AuthorizeOptions {
  /** The login name signed in (`login=`). Default: the AS's `defaultLogin`. */
  login?: string;
  /** Deny consent (`deny=1`): the response carries `error=access_denied`. */
  deny?: boolean;
  /** Named attacks applied to this response only (`attack=a,b`). */
  attack?: AttackName | AttackName[];
}

/** Requests received per endpoint since the last `reset()`. */
export interface TestAsCounts {
  discovery: number;
  jwks: number;
  par: number;
  authorization: number;
  /** Every POST to the token endpoint, whatever the grant. */
  token: number;
  /** Token requests with `grant_type=refresh_token`. */
  refresh: number;
  revocation: number;
  userinfo: number;
}

/** Canned answers for the next requests (until `reset()`), and ID token tampering. */
export interface TestAsBehaviour {
  /** Replaces the discovery document answer. */
  discovery?: CannedAnswer;
  jwks?: CannedAnswer;
  par?: CannedAnswer;
  token?: CannedAnswer;
  /** Receives the claims the AS would sign into the ID token and returns the id_token to send instead. */
  idToken?: (claims: Record<string, unknown>) => Promise<string> | string;
}

/** A running test authorization server. */
export interface TestAuthorizationServer {
  /** The issuer identifier: `http://127.0.0.1:<port>`. */
  readonly issuer: string;
  /** The default client's id. */
  readonly clientId: string;
  /** The key the AS signs JARM responses and ID tokens with; its public half is in `jwks`. */
  readonly key: TestKey;
  readonly jwksUri: string;
  /** The document served at jwks_uri; replace `keys` (or call `publish`) to rotate. */
  jwks: { keys: JWK[] };
  /** The discovery document; change it before a client first asks. */
  metadata: Record<string, unknown>;
  /** Requests per endpoint since the last `reset()`. */
  readonly counts: TestAsCounts;
  /** Every pushed (or by-value) request object since the last `reset()`. */
  readonly pushed: PushedRequest[];
  /** Every token request's form since the last `reset()`. */
  readonly tokenRequests: URLSearchParams[];
  /** Canned answers and ID token tampering, until `reset()`. */
  behaviour: TestAsBehaviour;
  /** Attacks played on every authorization response until `reset()`. */
  readonly attacks: Set<AttackName>;
  /** Users by login name (any other name signs in as a made-up user of that name). */
  readonly users: Record<string, TestUser>;
  /** Plays an attack on every response until `reset()`, or on the next one only with `{ once: true }`. */
  attack(name: AttackName | AttackName[], options?: { once?: boolean }): void;
  /** Registers a client (or adds keys and redirect URIs to one already registered). */
  registerClient(client: TestClient): void;
  /** Answers an authorization URL as its endpoint would, without HTTP: where the browser goes next. */
  authorize(authorizationUrl: string, options?: AuthorizeOptions): Promise<AuthorizationOutcome>;
  /** The claims of the last pushed request object. */
  lastRequest(): JWTPayload;
  /** A fresh code for a request (the last pushed one by default); the token endpoint redeems it once. */
  issueCode(request?: JWTPayload, login?: string): string;
  /** A JARM response signed by this AS: iss, aud, iat, exp filled in; a claim set to undefined is left out. */
  response(
    claims: Record<string, unknown>,
    options?: { header?: Record<string, unknown>; key?: TestKey },
  ): Promise<string>;
  /** Replaces the published keys (a rotation). */
  publish(keys: JWK[]): void;
  /** Clears counts, recorded requests, canned answers and attacks. */
  reset(): void;
  close(): Promise<void>;
}
