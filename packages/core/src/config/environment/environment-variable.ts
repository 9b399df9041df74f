import type { ClientAuthMethod, KeyMaterial, ResponseMode, SecurityProfile } from '../client-options.js';
import type { CookieSecrets } from '../cookie-secrets.js';
import type { StoreKind } from '../../transaction/select-stores.js';
import type { ClientAssertionAudience } from '../compatibility.js';
import type { SessionStoreKind } from '../../session/select-session-store.js';

/**
 * Every value the environment can set, by option name. Client options keep `SignetClientOptions`' names; the
 * others belong to the HTTP edge (cookies, stores). Adding a variable: add its field here and its row to
 * `SIGNET_ENVIRONMENT`, then document it in the README tables (a test compares them).
 */
export interface EnvironmentValues {
  issuer: string;
  clientId: string;
  redirectUri: string;
  signingKeys: KeyMaterial[];
  decryptionKeys: KeyMaterial[];
  scope: string;
  responseMode: ResponseMode;
  usePar: 'auto' | boolean;
  profile: SecurityProfile;
  clockTolerance: number;
  /** Compatibility option: the client assertion `aud`. */
  clientAssertionAudience: ClientAssertionAudience;
  /** Compatibility option above 600: the longest JARM response lifetime accepted. */
  responseMaxLifetime: number;
  /** Signs the session cookie and seals the transaction cookies: one parsed value for every cookie. */
  cookieSecret: CookieSecrets;
  /** Where pending logins live (module option `store`, which also takes a store object). */
  storeKind: StoreKind;
  redisUrl: string;
  /** The durable audit log file (opened by `auditLogFromEnvironment`). */
  auditFile: string;
  /** The durable audit log in PostgreSQL. */
  auditPgUrl: string;
  allowUnrecordedLogins: boolean;
  /** The auditor's public JWK as JSON. */
  auditEvidenceKey: string;
  /** The reviewed-scope policy file (JSON or YAML), read by `governanceFromEnvironment`. */
  policyFile: string;
  policyStrict: boolean;
  clientAuth: ClientAuthMethod;
  /** Mutual TLS (client option `tls`): the PEM texts of the files the variables name. */
  tlsCertificate: string;
  tlsKey: string;
  tlsCa: string;
  /** Comma-separated URLs of Redis Cluster nodes, instead of `redisUrl`. */
  redisClusterNodes: string;
  /** Comma-separated URLs of Redis Sentinels, instead of `redisUrl`; with `redisSentinelName`. */
  redisSentinels: string;
  redisSentinelName: string;
  /** DPoP-bound tokens with one key per login (client option `dpop`). */
  dpop: false | { perSession: true };
  /** Where signed-in sessions live: the stateless cookie, or a server-side store holding the grant. */
  sessionStoreKind: SessionStoreKind;
  /** Server-side sessions: fetch userinfo once after sign-in. */
  userinfo: boolean;
  /** Server-side sessions: seconds without a request before the session ends. */
  sessionIdleTimeout: number;
  /** Server-side sessions: seconds after sign-in before the session ends. */
  sessionAbsoluteTimeout: number;
  /** Named clients (partners): each reads its own `SIGNET_<NAME>_*` form of the per-client rows. */
  clients: string[];
}

/** The option a variable sets. */
export type EnvironmentOption = keyof EnvironmentValues;

/** How a variable's text becomes a value. */
export type EnvironmentType =
  /** Free text; `example` shows up in the "is not set" fix. */
  | { kind: 'string'; example: string }
  /** An absolute URL (core checks its scheme later, with the same variable named). */
  | { kind: 'url'; example: string }
  /** One of a few words; `map` turns a word into another value (`"true"` → `true`). */
  | { kind: 'enum'; values: readonly string[]; map?: Readonly<Record<string, unknown>>; caseInsensitive?: boolean }
  /** A whole number in `unit`, between `min` and `max`. */
  | { kind: 'integer'; unit: 'seconds' | 'milliseconds' | 'bytes'; min: number; max: number }
  /** true or false. */
  | { kind: 'boolean' }
  /** A comma-separated list of cookie secrets, newest first. */
  | { kind: 'secrets' }
  /** A private key as JWK/JWKS JSON or PEM text (`file: false`), or the path of a file holding one. */
  | { kind: 'key'; use: 'sig' | 'enc'; file: boolean }
  /** The path of a PEM file (certificate, private key, CA certificates); the value is its text. */
  | { kind: 'pem-file'; holds: 'certificate' | 'private key' | 'CA certificate' }
  /** A comma-separated list of client names (a letter, then letters, digits, `_` or `-`), each once. */
  | { kind: 'names'; example: string };

/** One row of the configuration table: it parses the variable and documents it. */
export interface EnvironmentVariable {
  /** The variable's name, `SIGNET_*`. */
  name: string;
  /** The option it sets. Two rows may set one option (`SIGNET_SIGNING_KEY` and `SIGNET_SIGNING_KEY_FILE`): one at most may be given. */
  option: EnvironmentOption;
  type: EnvironmentType;
  /** Boot stops when no row of this option is given. */
  required: boolean;
  /** The default as documented, taken from the constant the code applies (never restated). */
  default?: string;
  /** One sentence for the README tables. */
  description: string;
  /**
   * With named clients (`SIGNET_CLIENTS`), each client reads its own `SIGNET_<NAME>_` form of this row: `own` rows
   * only that way (`SIGNET_BANKA_ISSUER`; the plain variable is then refused), `inherit` rows fall back to the plain
   * variable, shared by every client that does not set its own. Rows without it are the app's, read once.
   */
  perClient?: 'own' | 'inherit';
}
