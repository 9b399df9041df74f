import type { JWK } from 'jose';
import type { TransactionStore } from '../transaction/transaction-store.js';
import type { ReplayRegister } from '../transaction/replay-register.js';
import type { AuditSink } from '../audit/audit-event.js';
import type { AuditLogOptions } from '../audit/audit-options.js';
import type { SignetLogger } from '../log/signet-logger.js';
import type { ClientAssertionAudience } from './compatibility.js';
import type { OutageSink } from '../outage/outage-monitor.js';
import type { PolicyOptions } from '../policy/policy.js';

/** `fapi2` (FAPI 2.0 Security Profile + Message Signing) or `fapi1-advanced` (FAPI 1.0 Advanced). */
export type SecurityProfile = 'fapi2' | 'fapi1-advanced';

// The response mode is JARM's vocabulary: it lives with JARM, re-exported here for the options that name it.
import type { FapiSigningAlgorithm } from '../algorithms/algorithms.js';
import type { ResponseMode } from '../jarm/response-mode.js';
export type { ResponseMode } from '../jarm/response-mode.js';

/** The asymmetric JWS algorithms FAPI allows (`FAPI_SIGNING_ALGORITHMS`). */
export type SigningAlgorithm = FapiSigningAlgorithm;

/** How the client authenticates at PAR, token, refresh and revocation requests. */
export type ClientAuthMethod = 'private_key_jwt' | 'tls_client_auth' | 'self_signed_tls_client_auth';

/**
 * Mutual TLS (RFC 8705): what every connection this client opens presents and trusts. Server certificates are
 * always verified; there is no option to turn that off.
 */
export interface TlsOptions {
  /** The client certificate, PEM (a chain may follow the leaf). Presented wherever a server asks for one. */
  certificate?: string;
  /** The certificate's private key, PKCS#8 or traditional PEM. */
  key?: string;
  /**
   * PEM CA certificate(s) trusted for the authorization server and resource servers, instead of the system's
   * roots (a private ecosystem CA). Default: the system's roots.
   */
  ca?: string | string[];
}

/** A private key: a JWK object, a JWK as JSON text, or a PKCS#8 PEM string. */
export type KeyMaterial = JWK | string;

/** A key with optional overrides of what the key itself says. */
export interface KeyOptions {
  key: KeyMaterial;
  /** Key ID; defaults to the JWK `kid`, else the RFC 7638 thumbprint. */
  kid?: string;
  /** Algorithm; inferred from the key when omitted (EC P-256 → ES256, RSA → PS256, Ed25519 → EdDSA). */
  alg?: string;
}

export interface SignetClientOptions extends AuditLogOptions, PolicyOptions {
  /** The authorization server's issuer identifier, compared exactly with discovery and every response. */
  issuer: string;
  clientId: string;
  /**
   * The partner's name in this app (a letter then up to 63 letters, digits, `_` or `-`): audit records, sessions
   * and boot errors name it beside issuer and client_id. `SignetClients.register(name, ...)` sets it.
   */
  name?: string;
  /** The exact, registered redirect URI. */
  redirectUri: string;
  /** Signing keys; the first signs, all are published (rotation). */
  signingKeys: KeyMaterial | KeyOptions | Array<KeyMaterial | KeyOptions>;
  /** Decryption keys for encrypted (nested JWE) responses. When set, plain JWS responses are refused. */
  decryptionKeys?: KeyMaterial | KeyOptions | Array<KeyMaterial | KeyOptions>;
  /** Accept plain JWS responses even though decryption keys are set (e.g. during a migration). Default false. */
  allowUnencryptedResponses?: boolean;
  /** Default `fapi2`. */
  profile?: SecurityProfile;
  /** Default `jwt`. */
  responseMode?: ResponseMode;
  /** `auto` (default): PAR when the AS advertises it (always under fapi2, which requires it). */
  usePar?: 'auto' | boolean;
  /** Default scope, default `openid`. */
  scope?: string;
  /** Allowed response signing algorithms (JARM and ID token). Default: ES256, PS256, EdDSA. */
  responseAlgorithms?: string[];
  /** Allowed JWE key management algorithms for encrypted responses. Default: ECDH-ES, ECDH-ES+A256KW, RSA-OAEP-256. */
  responseEncryptionAlgorithms?: string[];
  /** Allowed JWE content encryption algorithms. Default: A256GCM, A128GCM. */
  responseContentEncryptionAlgorithms?: string[];
  /** Encrypt request objects to the AS encryption key (nested JWE). Default false. */
  encryptRequestObject?: boolean | { alg?: string; enc?: string };
  /** Clock tolerance in seconds for exp/nbf/iat. Default 5, at most 60. */
  clockTolerance?: number;
  /** Request object lifetime in seconds. Default 60, at most 3600 (FAPI). */
  requestObjectLifetime?: number;
  /**
   * Longest JARM response lifetime accepted (exp − iat), seconds. Default 600 (JARM §2.1's recommendation),
   * at most 3600. Compatibility option: above 600 it is a relaxation, warned at boot and audited.
   */
  responseMaxLifetime?: number;
  /**
   * Compatibility option: the `aud` of the `private_key_jwt` client assertion. `issuer` (default, FAPI 2.0
   * Security Profile §5.3.2.1), `token_endpoint` (the token endpoint URL for every call), or `endpoint` (the URL
   * of the endpoint being called: PAR, token, revocation, ...) for servers that accept only their own URL.
   * Anything but `issuer` is warned at boot and named in the audit record of every flow. No profile sets it.
   */
  clientAssertionAudience?: ClientAssertionAudience;
  /**
   * Receives one structured record per refusal and per compatibility option in effect (at creation).
   * Default: one JSON line per record on stderr; `false` silences it.
   */
  logger?: SignetLogger | false;
  /** Size bound of a response before any parsing, bytes. Default 16384. */
  maxResponseSize?: number;
  /** How long a login may stay pending, seconds. Default 600. */
  transactionTtl?: number;
  /** DPoP (RFC 9449) sender-constrained tokens. `true`: one generated key per client; or your own key. */
  dpop?: boolean | { key?: KeyMaterial; perSession?: boolean };
  /**
   * Client authentication. Default `private_key_jwt`; `tls_client_auth` (the AS checks a registered subject) and
   * `self_signed_tls_client_auth` (the AS checks the certificate against this client's JWKS) need `tls.certificate`.
   * @see https://www.rfc-editor.org/rfc/rfc8705#section-2
   */
  clientAuth?: ClientAuthMethod;
  /**
   * Mutual TLS: a client certificate makes access tokens certificate-bound (`cnf.x5t#S256`), sends PAR, token and
   * resource requests to `mtls_endpoint_aliases` when the AS has them, and presents it on resource calls.
   * @see https://www.rfc-editor.org/rfc/rfc8705#section-3
   */
  tls?: TlsOptions;
  /** Where pending logins live. Default: a bounded in-memory store. */
  store?: TransactionStore;
  /** Registry of accepted responses, refusing a second use. Default: in-memory, bounded. */
  replayRegister?: ReplayRegister;
  /** Receives audit events. Default: none. */
  audit?: AuditSink;
  /**
   * Receives each outage of the store, the AS endpoints or its JWKS twice: when it begins and when it ends.
   * Default: a `signet.outage` record to `logger` per transition (`outageRecord`).
   */
  onOutage?: OutageSink;
  /** Metadata cache lifetime, seconds. Default 3600. */
  discoveryTtl?: number;
  /** Minimum time between JWKS refetches on an unknown kid, seconds. Default 30. */
  jwksCooldown?: number;
  /** Time-out of every outbound HTTP request, milliseconds. Default 5000. */
  httpTimeout?: number;
  /**
   * A fetch implementation (tests, proxies, tracing). Default: `leanFetch` (undici's `request()` through the
   * process's global dispatcher, the one Node's fetch uses, so a ProxyAgent or MockAgent set with
   * `setGlobalDispatcher` applies), or `globalThis.fetch` as it is when something replaced Node's own when the
   * client is created (an interceptor, a polyfill).
   */
  fetch?: typeof fetch;
}
