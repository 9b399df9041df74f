import { readFileSync } from 'node:fs';
import {
  SignetError,
  storesFromEnv,
  type KeyMaterial,
  type ResponseMode,
  type SecurityProfile,
  type SignetStores,
} from '@signet/core';
import type { SignetModuleOptions } from './signet-module-options.interface.js';

type JWK = Exclude<KeyMaterial, string>;

/** One documented environment variable. */
export interface SignetEnvironmentVariable {
  name: string;
  /** The module option it sets. */
  option: keyof SignetModuleOptions;
  required: boolean;
  default?: string;
  description: string;
}

/** Every variable `SignetModule.forEnvironment()` reads; the README table is this list. */
export const SIGNET_ENVIRONMENT: readonly SignetEnvironmentVariable[] = [
  {
    name: 'SIGNET_ISSUER',
    option: 'issuer',
    required: true,
    description: 'Issuer identifier of the authorization server (https, or http on loopback).',
  },
  {
    name: 'SIGNET_CLIENT_ID',
    option: 'clientId',
    required: true,
    description: "This client's client_id at the authorization server.",
  },
  {
    name: 'SIGNET_REDIRECT_URI',
    option: 'redirectUri',
    required: true,
    description: 'The exact registered redirect URI (the callback route).',
  },
  {
    name: 'SIGNET_SIGNING_KEY',
    option: 'signingKeys',
    required: true,
    description: 'Private signing key: a JWK (or JWKS) as JSON. Or use SIGNET_SIGNING_KEY_FILE.',
  },
  {
    name: 'SIGNET_SIGNING_KEY_FILE',
    option: 'signingKeys',
    required: true,
    description:
      'Path of a file holding the private signing key: JWK, JWKS (keys not marked "use":"enc") or PKCS#8 PEM.',
  },
  {
    name: 'SIGNET_DECRYPTION_KEY',
    option: 'decryptionKeys',
    required: false,
    description:
      'Private key for encrypted responses (JWK or JWKS as JSON); when set, unencrypted responses are refused.',
  },
  {
    name: 'SIGNET_DECRYPTION_KEY_FILE',
    option: 'decryptionKeys',
    required: false,
    description: 'Path of a file holding the decryption key: JWK, JWKS (keys marked "use":"enc") or PKCS#8 PEM.',
  },
  {
    name: 'SIGNET_SCOPE',
    option: 'scope',
    required: false,
    default: 'openid',
    description: 'Default space-separated scope of every login.',
  },
  {
    name: 'SIGNET_RESPONSE_MODE',
    option: 'responseMode',
    required: false,
    default: 'jwt',
    description: 'jwt, query.jwt, form_post.jwt or fragment.jwt.',
  },
  {
    name: 'SIGNET_USE_PAR',
    option: 'usePar',
    required: false,
    default: 'auto',
    description: 'auto (PAR when the AS advertises it), true or false (fapi1-advanced only).',
  },
  {
    name: 'SIGNET_PROFILE',
    option: 'profile',
    required: false,
    default: 'fapi2',
    description: 'fapi2 or fapi1-advanced.',
  },
  {
    name: 'SIGNET_CLOCK_TOLERANCE',
    option: 'clockTolerance',
    required: false,
    default: '5',
    description: 'Clock skew tolerated on exp/nbf/iat, seconds (0 to 60).',
  },
  {
    name: 'SIGNET_COOKIE_SECRET',
    option: 'cookieSecret',
    required: true,
    description:
      'Secret signing the session cookie and sealing the transaction cookies, at least 32 characters, the same on every instance; a comma-separated list rotates (newest first).',
  },
  {
    name: 'SIGNET_STORE',
    option: 'store',
    required: false,
    default: 'cookie',
    description:
      'Where pending logins live: cookie (one encrypted cookie per login, any number of instances), memory (one instance) or redis (shared).',
  },
  {
    name: 'SIGNET_REDIS_URL',
    option: 'replayRegister',
    required: false,
    description:
      'redis:// or rediss:// URL. Required by SIGNET_STORE=redis; with cookie it adds the shared replay register. Needs @signet/redis-store.',
  },
];

/** Non-enumerable marker on options built from the environment: option field → the variable that set it. */
export const ENVIRONMENT_SOURCE: unique symbol = Symbol('signet.environment-source');
/** Non-enumerable marker on options built from the environment: the stores opened for them, closed on shutdown. */
export const ENVIRONMENT_STORES: unique symbol = Symbol('signet.environment-stores');

type Env = Record<string, string | undefined>;
type Sourced = SignetModuleOptions & {
  [ENVIRONMENT_SOURCE]?: Record<string, string>;
  [ENVIRONMENT_STORES]?: SignetStores;
};

function fail(variable: string, problem: string, cause?: unknown): never {
  throw new SignetError('ERR_CONFIG_INVALID', `${variable} ${problem}`, {
    field: variable,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Unset and empty both mean "not given": an empty `SIGNET_SCOPE=` in a .env file should not be a scope. */
function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function required(env: Env, name: string, example: string): string {
  return read(env, name) ?? fail(name, `is not set. Fix: set ${name}, for example ${name}=${example}`);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[]): T | undefined {
  const value = read(env, name);
  if (value !== undefined && !allowed.includes(value as T))
    fail(name, `is "${value}". Fix: use one of ${allowed.join(', ')}`);
  return value as T | undefined;
}

/**
 * A key given inline or by file. JWKS are split by `use` so one key-set file (like dev-as's `rp.json`) can
 * feed both the signing and the decryption variable.
 */
function keyMaterial(
  env: Env,
  name: string,
  use: 'sig' | 'enc',
): { value: KeyMaterial[]; variable: string } | undefined {
  const inline = read(env, name);
  const file = read(env, `${name}_FILE`);
  if (inline !== undefined && file !== undefined) fail(name, `and ${name}_FILE are both set. Fix: keep one of them`);
  if (inline === undefined && file === undefined) return undefined;
  let text = inline;
  const variable = inline !== undefined ? name : `${name}_FILE`;
  if (file !== undefined) {
    try {
      text = readFileSync(file, 'utf8');
    } catch (cause) {
      fail(
        variable,
        `names "${file}", which cannot be read (${(cause as NodeJS.ErrnoException).code ?? 'error'}). Fix: point it at a readable JWK or PEM file`,
        cause,
      );
    }
  }
  const trimmed = text!.trim();
  if (!trimmed.startsWith('{')) return { value: [trimmed], variable };
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    // No cause: a JSON syntax error quotes the text around it, which is key material.
    fail(variable, `is not valid JSON. Fix: give a private JWK, a JWKS or a PKCS#8 PEM`);
  }
  const keys = (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(keys)) return { value: [parsed as JWK], variable };
  const chosen = (keys as JWK[]).filter((key) => (use === 'enc' ? key.use === 'enc' : key.use !== 'enc'));
  if (chosen.length === 0)
    fail(
      variable,
      `holds a JWKS without a ${use === 'enc' ? 'decryption ("use":"enc")' : 'signing'} key. Fix: add one or point at another file`,
    );
  return { value: chosen, variable };
}

/**
 * Builds module options from environment variables (see `SIGNET_ENVIRONMENT`). Refusals name the variable
 * and the fix; the core client then validates the values themselves, and its refusals are renamed to the
 * variable too.
 */
export function signetOptionsFromEnvironment(env: Env = process.env): SignetModuleOptions {
  const source: Record<string, string> = {};
  const issuer = required(env, 'SIGNET_ISSUER', 'https://as.example.com');
  const clientId = required(env, 'SIGNET_CLIENT_ID', 'my-client');
  const redirectUri = required(env, 'SIGNET_REDIRECT_URI', 'https://app.example.com/callback');
  const signing = keyMaterial(env, 'SIGNET_SIGNING_KEY', 'sig');
  if (!signing)
    fail(
      'SIGNET_SIGNING_KEY',
      'is not set. Fix: set SIGNET_SIGNING_KEY to a private JWK (JSON), or SIGNET_SIGNING_KEY_FILE to a JWK or PEM file',
    );
  const decryption = keyMaterial(env, 'SIGNET_DECRYPTION_KEY', 'enc');
  const secret = required(env, 'SIGNET_COOKIE_SECRET', '$(openssl rand -base64 32)');
  const secrets = secret
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

  const options: Sourced = { issuer, clientId, redirectUri, signingKeys: signing.value, cookieSecret: secrets };
  Object.assign(source, {
    issuer: 'SIGNET_ISSUER',
    clientId: 'SIGNET_CLIENT_ID',
    redirectUri: 'SIGNET_REDIRECT_URI',
    signingKeys: signing.variable,
    cookieSecret: 'SIGNET_COOKIE_SECRET',
  });
  if (decryption) {
    options.decryptionKeys = decryption.value;
    source['decryptionKeys'] = decryption.variable;
  }

  const scope = read(env, 'SIGNET_SCOPE');
  if (scope !== undefined) options.scope = scope;
  const responseMode = oneOf<ResponseMode>(env, 'SIGNET_RESPONSE_MODE', [
    'jwt',
    'query.jwt',
    'form_post.jwt',
    'fragment.jwt',
  ]);
  if (responseMode !== undefined) options.responseMode = responseMode;
  const usePar = oneOf(env, 'SIGNET_USE_PAR', ['auto', 'true', 'false'] as const);
  if (usePar !== undefined) options.usePar = usePar === 'auto' ? 'auto' : usePar === 'true';
  const profile = oneOf<SecurityProfile>(env, 'SIGNET_PROFILE', ['fapi2', 'fapi1-advanced']);
  if (profile !== undefined) options.profile = profile;
  const tolerance = read(env, 'SIGNET_CLOCK_TOLERANCE');
  if (tolerance !== undefined) {
    if (!/^\d+$/.test(tolerance))
      fail('SIGNET_CLOCK_TOLERANCE', `is "${tolerance}". Fix: give a whole number of seconds between 0 and 60`);
    options.clockTolerance = Number(tolerance);
  }
  Object.assign(source, {
    scope: 'SIGNET_SCOPE',
    responseMode: 'SIGNET_RESPONSE_MODE',
    usePar: 'SIGNET_USE_PAR',
    profile: 'SIGNET_PROFILE',
    clockTolerance: 'SIGNET_CLOCK_TOLERANCE',
  });

  Object.defineProperty(options, ENVIRONMENT_SOURCE, { value: source, enumerable: false });
  return options;
}

/** The variable that set an option field (`signingKeys[0]` → `SIGNET_SIGNING_KEY_FILE`), when it came from the environment. */
export function environmentVariableOf(options: SignetModuleOptions, field: string | undefined): string | undefined {
  const source = (options as Sourced)[ENVIRONMENT_SOURCE];
  if (!source || field === undefined) return undefined;
  return source[field.split(/[.[]/)[0]!];
}

/**
 * Fills in `store` and `replayRegister` from SIGNET_STORE, SIGNET_COOKIE_SECRET and SIGNET_REDIS_URL through
 * core's `storesFromEnv` (which validates them), leaving alone what the options already carry. The stores are
 * remembered on the options so the module can close a Redis connection on shutdown (`closeEnvironmentStores`).
 */
export async function attachEnvironmentStores(options: SignetModuleOptions, env: Env = process.env): Promise<void> {
  let stores: SignetStores;
  try {
    stores = await storesFromEnv(env);
  } catch (err) {
    // Core names the variable in its message; give the field the variable's name too, as the rest of this file does.
    if (err instanceof SignetError && err.code === 'ERR_CONFIG_INVALID' && err.field === 'secrets')
      throw new SignetError('ERR_CONFIG_INVALID', err.message, { field: 'SIGNET_COOKIE_SECRET', cause: err });
    throw err;
  }
  const sourced = options as Sourced;
  const source = sourced[ENVIRONMENT_SOURCE];
  if (options.store === undefined) {
    options.store = stores.store;
    if (source) source['store'] = 'SIGNET_STORE';
  }
  if (options.replayRegister === undefined) {
    options.replayRegister = stores.replayRegister;
    if (source) source['replayRegister'] = 'SIGNET_REDIS_URL';
  }
  Object.defineProperty(options, ENVIRONMENT_STORES, { value: stores, enumerable: false, configurable: true });
}

/** Closes what `attachEnvironmentStores` opened (the Redis connection, if any); idempotent. */
export async function closeEnvironmentStores(options: SignetModuleOptions | undefined): Promise<void> {
  const sourced = options as Sourced | undefined;
  const stores = sourced?.[ENVIRONMENT_STORES];
  if (!stores) return;
  delete sourced![ENVIRONMENT_STORES];
  await stores.close();
}
