import { SignetError } from '../errors/signet-error.js';
import type { CookieSecrets } from '../config/cookie-secrets.js';
import type { SessionStore } from './session-store.js';

/** Options of `SignetSessions`: where sessions live, how long, and what happens after sign-in. */
export interface SignetSessionsOptions {
  /** Where records live: `MemorySessionStore` (one instance) or `RedisSessionStore` (shared). */
  store: SessionStore;
  /** SIGNET_COOKIE_SECRET (newest first): the vault keys are derived from it, per purpose, with HKDF. */
  secrets: string | readonly string[] | CookieSecrets;
  /** Seconds without a request after which the session ends. Default 1800 (30 min). */
  idleTimeout?: number;
  /** Seconds after sign-in after which the session ends whatever its activity. Default 28800 (8 h). */
  absoluteTimeout?: number;
  /** ID token (and userinfo) claims kept in the record besides `sub`. Default: name, email, ... */
  claims?: string[];
  /** Refresh this many seconds before the access token expires. Default 30. */
  refreshSkew?: number;
  /** Fetch userinfo once after sign-in and keep its claims (`claims` decides which). Default false. */
  userinfo?: boolean;
  /** The refresh lock's lifetime, milliseconds: bounds how long another instance waits. Default 10000. */
  refreshLockTtl?: number;
  /** Oldest `iat` accepted on a back-channel logout token, seconds. Default 120. */
  logoutTokenMaxAge?: number;
}

/** Options after validation. */
export type SessionSettings = Required<Omit<SignetSessionsOptions, 'store' | 'secrets'>>;

export const SESSION_DEFAULTS = {
  idleTimeout: 1800,
  absoluteTimeout: 8 * 3600,
  claims: ['name', 'preferred_username', 'email', 'email_verified', 'acr', 'amr', 'auth_time'],
  refreshSkew: 30,
  userinfo: false,
  refreshLockTtl: 10_000,
  logoutTokenMaxAge: 120,
} satisfies SessionSettings;

function fail(field: string, problem: string): never {
  throw new SignetError('ERR_CONFIG_INVALID', `${field}: ${problem}`, { field });
}

function integer(field: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    fail(field, `must be an integer between ${min} and ${max} (got ${String(value)})`);
  return value;
}

/** Validates the options at boot; refusals name the option and the range. */
export function resolveSessionOptions(options: SignetSessionsOptions): SessionSettings {
  if (typeof options?.store?.get !== 'function' || typeof options.store.replace !== 'function')
    fail('store', 'must be a SessionStore (MemorySessionStore, or RedisSessionStore of @signet/redis-store)');
  const absoluteTimeout = integer(
    'absoluteTimeout',
    options.absoluteTimeout,
    SESSION_DEFAULTS.absoluteTimeout,
    60,
    30 * 86_400,
  );
  const idleTimeout = integer('idleTimeout', options.idleTimeout, SESSION_DEFAULTS.idleTimeout, 60, absoluteTimeout);
  const claims = options.claims ?? [...SESSION_DEFAULTS.claims];
  if (!Array.isArray(claims) || claims.some((c) => typeof c !== 'string'))
    fail('claims', 'must be a list of claim names');
  if (options.userinfo !== undefined && typeof options.userinfo !== 'boolean') fail('userinfo', 'must be a boolean');
  return {
    idleTimeout,
    absoluteTimeout,
    claims: [...claims],
    refreshSkew: integer('refreshSkew', options.refreshSkew, SESSION_DEFAULTS.refreshSkew, 0, 3600),
    userinfo: options.userinfo ?? SESSION_DEFAULTS.userinfo,
    refreshLockTtl: integer('refreshLockTtl', options.refreshLockTtl, SESSION_DEFAULTS.refreshLockTtl, 1000, 120_000),
    logoutTokenMaxAge: integer(
      'logoutTokenMaxAge',
      options.logoutTokenMaxAge,
      SESSION_DEFAULTS.logoutTokenMaxAge,
      10,
      3600,
    ),
  };
}
