import type { CryptoKey } from 'jose';
import { SignetError } from '../errors/signet-error.js';
import { defaultFetch } from '../http/lean-fetch.js';
import { importDecryptionKey, importSigningKey, type DecryptionKey, type SigningKey } from '../keys/import-key.js';
import { MemoryTransactionStore } from '../transaction/memory-transaction-store.js';
import { MemoryReplayRegister } from '../transaction/replay-register.js';
import type {
  ClientAuthMethod,
  KeyMaterial,
  KeyOptions,
  ResponseMode,
  SecurityProfile,
  SignetClientOptions,
} from './client-options.js';
import type { ClientCertificate } from '../mtls/client-certificate.js';
import { resolveTls } from '../mtls/resolve-tls.js';
import { tlsFetch } from '../mtls/tls-fetch.js';
import { isLoopbackUrl } from '../http/loopback.js';
import type { TransactionStore } from '../transaction/transaction-store.js';
import type { ReplayRegister } from '../transaction/replay-register.js';
import type { AuditSink } from '../audit/audit-event.js';
import { resolveAuditLogOptions, type AuditLogConfig } from '../audit/audit-options.js';
import { stderrLogger, type SignetLogger } from '../log/signet-logger.js';
import {
  CLIENT_ASSERTION_AUDIENCES,
  MAX_RESPONSE_MAX_LIFETIME,
  relaxationsOf,
  type ClientAssertionAudience,
  type Relaxation,
} from './compatibility.js';
import type { OutageSink } from '../outage/outage-monitor.js';
import { CLIENT_NAME } from './client-name.js';
import { resolvePolicyOptions } from '../policy/policy-options.js';
import type { ResolvedPolicy } from '../policy/policy.js';

import {
  CONTENT_ENCRYPTION_ALGORITHMS,
  DEFAULT_CONTENT_ENCRYPTION,
  DEFAULT_RESPONSE_CONTENT_ENCRYPTION,
  DEFAULT_RESPONSE_KEY_MANAGEMENT,
  DEFAULT_RESPONSE_SIGNING_ALGORITHMS,
  FAPI_SIGNING_ALGORITHMS,
  KEY_MANAGEMENT_ALGORITHMS,
} from '../algorithms/algorithms.js';

const RESPONSE_MODES: ResponseMode[] = ['jwt', 'query.jwt', 'form_post.jwt', 'fragment.jwt'];
const PROFILES: SecurityProfile[] = ['fapi2', 'fapi1-advanced'];

/** Defaults in one place; every one is a safe choice. */
export const DEFAULTS = {
  profile: 'fapi2' as SecurityProfile,
  responseMode: 'jwt' as ResponseMode,
  usePar: 'auto' as const,
  clientAuth: 'private_key_jwt' as ClientAuthMethod,
  scope: 'openid',
  responseAlgorithms: [...DEFAULT_RESPONSE_SIGNING_ALGORITHMS],
  responseEncryptionAlgorithms: [...DEFAULT_RESPONSE_KEY_MANAGEMENT],
  responseContentEncryptionAlgorithms: [...DEFAULT_RESPONSE_CONTENT_ENCRYPTION],
  clockTolerance: 5,
  requestObjectLifetime: 60,
  responseMaxLifetime: 600,
  clientAssertionAudience: 'issuer' as ClientAssertionAudience,
  maxResponseSize: 16_384,
  transactionTtl: 600,
  discoveryTtl: 3600,
  jwksCooldown: 30,
  httpTimeout: 5000,
} satisfies Partial<Record<keyof SignetClientOptions, unknown>>;

/** Client configuration after validation: keys imported, defaults applied. */
export interface ClientConfig extends AuditLogConfig {
  /** This client's entry of the reviewed-scope policy, when one is configured. */
  policy?: ResolvedPolicy;
  issuer: string;
  clientId: string;
  /** The partner name, when the client has one. */
  name?: string;
  redirectUri: string;
  profile: SecurityProfile;
  responseMode: ResponseMode;
  usePar: 'auto' | boolean;
  scope: string;
  signingKeys: SigningKey[];
  decryptionKeys: DecryptionKey[];
  requireEncryptedResponses: boolean;
  responseAlgorithms: string[];
  responseEncryptionAlgorithms: string[];
  responseContentEncryptionAlgorithms: string[];
  encryptRequestObject: false | { alg?: string; enc: string };
  clockTolerance: number;
  requestObjectLifetime: number;
  responseMaxLifetime: number;
  clientAssertionAudience: ClientAssertionAudience;
  /** The compatibility options in effect (empty when every default is strict). */
  relaxations: Relaxation[];
  /** Where refusal and compatibility records go; undefined when silenced. */
  logger?: SignetLogger;
  maxResponseSize: number;
  transactionTtl: number;
  dpop: false | { key?: { privateKey: CryptoKey; publicKey: CryptoKey }; perSession: boolean };
  store: TransactionStore;
  replayRegister: ReplayRegister;
  audit?: AuditSink;
  /** Receives outage events; unset: they go to `logger` as `signet.outage` records. */
  onOutage?: OutageSink;
  discoveryTtl: number;
  jwksCooldown: number;
  httpTimeout: number;
  fetch: typeof fetch;
  clientAuth: ClientAuthMethod;
  /** Mutual TLS, when configured: the certificate presented, the CAs trusted, and the agent's close(). */
  tls?: { certificate?: ClientCertificate; ca?: string[]; close(): Promise<void> };
  /** The certificate is this client's sender constraint (no DPoP; both FAPI profiles need one): JWT tokens must carry it. */
  requireCertificateBinding: boolean;
  /** http is allowed only for loopback issuers (local development and tests). */
  allowInsecureLoopback: boolean;
}

function fail(field: string, problem: string): never {
  throw new SignetError('ERR_CONFIG_INVALID', `${field}: ${problem}`, { field });
}

function url(field: string, value: unknown): URL {
  if (typeof value !== 'string' || value === '') fail(field, 'is required (an absolute https URL)');
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    fail(field, `"${value}" is not an absolute URL`);
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && isLoopbackUrl(parsed))) {
    fail(field, `"${value}" must use https (http is allowed only on loopback: 127.0.0.1, [::1], localhost)`);
  }
  if (parsed.hash) fail(field, 'must not contain a fragment');
  return parsed;
}

/** The unit each bounded number is in: the refusal says it, so `httpTimeout` is never read as seconds. */
type Unit = 'seconds' | 'milliseconds' | 'bytes';

function integer(
  field: string,
  value: unknown,
  fallback: number,
  [min, max]: [number, number],
  unit: Unit = 'seconds',
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(field, `must be an integer number of ${unit} between ${min} and ${max} (got ${String(value)})`);
  }
  return value;
}

function subsetOf(field: string, value: unknown, allowed: readonly string[], fallback: string[]): string[] {
  if (value === undefined) return fallback;
  if (!Array.isArray(value) || value.length === 0)
    fail(field, `must be a non-empty list drawn from ${allowed.join(', ')}`);
  for (const alg of value) {
    if (typeof alg !== 'string' || !allowed.includes(alg)) {
      fail(
        field,
        `"${String(alg)}" is refused; allowed: ${allowed.join(', ')} ("none" and symmetric algorithms never are)`,
      );
    }
  }
  return [...value];
}

function asList(value: KeyMaterial | KeyOptions | Array<KeyMaterial | KeyOptions> | undefined) {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Validates options and imports keys. Every refusal names the option and the fix. */
export async function resolveOptions(options: SignetClientOptions): Promise<ClientConfig> {
  if (typeof options !== 'object' || options === null) fail('options', 'expected an object');
  const issuer = url('issuer', options.issuer);
  if (issuer.search) fail('issuer', 'must not contain a query');
  if (typeof options.clientId !== 'string' || options.clientId.trim() === '') fail('clientId', 'is required');
  url('redirectUri', options.redirectUri);
  if (options.name !== undefined && (typeof options.name !== 'string' || !CLIENT_NAME.test(options.name)))
    fail('name', 'a client name is a letter then up to 63 letters, digits, "_" or "-"');

  const profile = options.profile ?? DEFAULTS.profile;
  if (!PROFILES.includes(profile)) fail('profile', `must be one of ${PROFILES.join(', ')} (got ${String(profile)})`);
  const responseMode = options.responseMode ?? DEFAULTS.responseMode;
  if (!RESPONSE_MODES.includes(responseMode)) fail('responseMode', `must be one of ${RESPONSE_MODES.join(', ')}`);
  const usePar = options.usePar ?? DEFAULTS.usePar;
  if (usePar !== 'auto' && typeof usePar !== 'boolean') fail('usePar', 'must be "auto", true or false');
  if (profile === 'fapi2' && usePar === false)
    fail('usePar', 'FAPI 2.0 requires PAR; use "auto" or true, or profile "fapi1-advanced"');
  const scope = options.scope ?? DEFAULTS.scope;
  if (typeof scope !== 'string' || scope.trim() === '') fail('scope', 'must be a non-empty, space-separated string');

  const signingInputs = asList(options.signingKeys);
  if (signingInputs.length === 0) fail('signingKeys', 'at least one private signing key is required (JWK or PEM)');
  const signingKeys = await Promise.all(signingInputs.map((k, i) => importSigningKey(k, `signingKeys[${i}]`)));
  const kids = new Set(signingKeys.map((k) => k.kid));
  if (kids.size !== signingKeys.length) fail('signingKeys', 'two keys share a kid; give each key a distinct kid');
  const decryptionKeys = await Promise.all(
    asList(options.decryptionKeys).map((k, i) => importDecryptionKey(k, `decryptionKeys[${i}]`)),
  );

  let encryptRequestObject: ClientConfig['encryptRequestObject'] = false;
  if (options.encryptRequestObject) {
    const choice = options.encryptRequestObject === true ? {} : options.encryptRequestObject;
    if (choice.alg !== undefined && !KEY_MANAGEMENT_ALGORITHMS.includes(choice.alg)) {
      fail(
        'encryptRequestObject.alg',
        `"${choice.alg}" is refused; use one of ${KEY_MANAGEMENT_ALGORITHMS.join(', ')}`,
      );
    }
    const enc = choice.enc ?? DEFAULT_CONTENT_ENCRYPTION;
    if (!CONTENT_ENCRYPTION_ALGORITHMS.includes(enc))
      fail('encryptRequestObject.enc', `use one of ${CONTENT_ENCRYPTION_ALGORITHMS.join(', ')}`);
    encryptRequestObject = { ...(choice.alg ? { alg: choice.alg } : {}), enc };
  }

  let dpop: ClientConfig['dpop'] = false;
  if (options.dpop) {
    const choice = options.dpop === true ? {} : options.dpop;
    let key: { privateKey: CryptoKey; publicKey: CryptoKey } | undefined;
    if (choice.key !== undefined) {
      const signing = await importSigningKey(choice.key, 'dpop.key');
      const { importJWK } = await import('jose');
      key = {
        privateKey: signing.privateKey,
        publicKey: (await importJWK({ ...signing.publicJwk, ext: true }, signing.alg)) as CryptoKey,
      };
    }
    dpop = { ...(key ? { key } : {}), perSession: choice.perSession ?? false };
  }

  const baseFetch = options.fetch ?? defaultFetch();
  if (typeof baseFetch !== 'function') fail('fetch', 'must be a fetch-compatible function');

  const mtls = await resolveTls(options, profile, Boolean(dpop), DEFAULTS.clientAuth);
  if (
    options.store !== undefined &&
    (typeof options.store.save !== 'function' || typeof options.store.take !== 'function')
  ) {
    fail('store', 'must implement save() and take()');
  }
  if (options.audit !== undefined && typeof options.audit !== 'function')
    fail('audit', 'must be a function receiving events');
  if (options.logger !== undefined && options.logger !== false && typeof options.logger !== 'function')
    fail('logger', 'must be a function receiving log records, or false');
  const clientAssertionAudience = options.clientAssertionAudience ?? DEFAULTS.clientAssertionAudience;
  if (!CLIENT_ASSERTION_AUDIENCES.includes(clientAssertionAudience)) {
    fail(
      'clientAssertionAudience',
      `must be one of ${CLIENT_ASSERTION_AUDIENCES.join(', ')} (got ${String(clientAssertionAudience)})`,
    );
  }
  if (options.onOutage !== undefined && typeof options.onOutage !== 'function')
    fail('onOutage', 'must be a function receiving outage events');

  // Opened last, once every option passed: a refused configuration leaves no agent behind.
  const transport = mtls.certificate || mtls.ca ? tlsFetch(baseFetch, mtls.certificate, mtls.ca) : undefined;
  const tls: ClientConfig['tls'] = transport
    ? {
        ...(mtls.certificate ? { certificate: mtls.certificate } : {}),
        ...(mtls.ca ? { ca: mtls.ca } : {}),
        close: transport.close,
      }
    : undefined;

  const audit = await resolveAuditLogOptions(options);
  const config: ClientConfig = {
    issuer: options.issuer,
    clientId: options.clientId,
    ...(options.name !== undefined ? { name: options.name } : {}),
    redirectUri: options.redirectUri,
    profile,
    responseMode,
    usePar,
    scope,
    signingKeys,
    decryptionKeys,
    requireEncryptedResponses: decryptionKeys.length > 0 && options.allowUnencryptedResponses !== true,
    responseAlgorithms: subsetOf(
      'responseAlgorithms',
      options.responseAlgorithms,
      FAPI_SIGNING_ALGORITHMS,
      DEFAULTS.responseAlgorithms,
    ),
    responseEncryptionAlgorithms: subsetOf(
      'responseEncryptionAlgorithms',
      options.responseEncryptionAlgorithms,
      KEY_MANAGEMENT_ALGORITHMS,
      DEFAULTS.responseEncryptionAlgorithms,
    ),
    responseContentEncryptionAlgorithms: subsetOf(
      'responseContentEncryptionAlgorithms',
      options.responseContentEncryptionAlgorithms,
      CONTENT_ENCRYPTION_ALGORITHMS,
      DEFAULTS.responseContentEncryptionAlgorithms,
    ),
    encryptRequestObject,
    clockTolerance: integer('clockTolerance', options.clockTolerance, DEFAULTS.clockTolerance, [0, 60]),
    requestObjectLifetime: integer(
      'requestObjectLifetime',
      options.requestObjectLifetime,
      DEFAULTS.requestObjectLifetime,
      [10, 3600],
    ),
    responseMaxLifetime: integer('responseMaxLifetime', options.responseMaxLifetime, DEFAULTS.responseMaxLifetime, [
      10,
      MAX_RESPONSE_MAX_LIFETIME,
    ]),
    clientAssertionAudience,
    relaxations: [],
    ...(options.logger === false ? {} : { logger: options.logger ?? stderrLogger }),
    maxResponseSize: integer(
      'maxResponseSize',
      options.maxResponseSize,
      DEFAULTS.maxResponseSize,
      [1024, 262_144],
      'bytes',
    ),
    transactionTtl: integer('transactionTtl', options.transactionTtl, DEFAULTS.transactionTtl, [30, 3600]),
    dpop,
    store: options.store ?? new MemoryTransactionStore(),
    replayRegister: options.replayRegister ?? new MemoryReplayRegister(),
    ...(options.audit ? { audit: options.audit } : {}),
    ...(options.onOutage ? { onOutage: options.onOutage } : {}),
    ...audit,
    ...(await resolvePolicyOptions(options, scope, {
      ...audit,
      ...(options.audit ? { audit: options.audit } : {}),
      ...(options.name !== undefined ? { name: options.name } : {}),
    })),
    discoveryTtl: integer('discoveryTtl', options.discoveryTtl, DEFAULTS.discoveryTtl, [0, 86_400]),
    jwksCooldown: integer('jwksCooldown', options.jwksCooldown, DEFAULTS.jwksCooldown, [0, 3600]),
    httpTimeout: integer('httpTimeout', options.httpTimeout, DEFAULTS.httpTimeout, [100, 60_000], 'milliseconds'),
    fetch: transport?.fetch ?? baseFetch,
    clientAuth: mtls.clientAuth,
    ...(tls ? { tls } : {}),
    requireCertificateBinding: Boolean(tls?.certificate) && !dpop,
    allowInsecureLoopback: issuer.protocol === 'http:',
  };
  config.relaxations = relaxationsOf(config);
  return config;
}
