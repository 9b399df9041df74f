import { createHmac, timingSafeEqual } from 'node:crypto';
import { CookieSecrets, SignetError, type GrantSummary } from '@signet/core';
import { secureCookies, signetCookieName } from '@signet/core/http';
import { SIGNET_SESSION_COOKIE } from './signet.constants.js';
import { hasNamedClients, type SignetModuleConfiguration } from './signet-module-options.interface.js';

/**
 * What the session cookie holds: who signed in, what was granted, until when. No tokens: they stay with the
 * callback request (`@SignetResult()`) and are the application's to keep server-side or drop.
 */
export interface SignetSession {
  /** The ID token subject. */
  sub: string;
  /** The issuer that authenticated the subject. */
  iss: string;
  /** The named client (partner) the subject signed in with; absent for the module's unnamed client. */
  client?: string;
  /** Space-separated scope granted at sign-in (the token response's `scope`). */
  scope: string;
  /** The configured subset of ID token claims. */
  claims: Record<string, unknown>;
  /** Epoch seconds. */
  iat: number;
  /** Epoch seconds. */
  exp: number;
  /** Server-side sessions: the ID token's `sid`. */
  sid?: string;
  /** Server-side sessions: what the grant is (expiry, refresh count, DPoP-bound); never a token. */
  grant?: GrantSummary;
}

/** Session settings after validation, defaults applied. */
export interface SessionSettings {
  cookieName: string;
  ttl: number;
  claims: string[];
  secure: boolean;
  secrets: readonly string[];
}

const DEFAULT_CLAIMS = ['name', 'preferred_username', 'email', 'email_verified', 'acr', 'amr', 'auth_time'];
export const SESSION_DEFAULTS = { cookieName: SIGNET_SESSION_COOKIE, ttl: 8 * 3600, claims: DEFAULT_CLAIMS } as const;
/** Browsers drop cookies past ~4096 bytes; stay under with room for the attributes. */
const MAX_COOKIE_VALUE = 3800;
const MAX_CLAIM_TEXT = 512;
/** Domain separation: a MAC made for the session cookie is useless as any other MAC of the same secret. */
const MAC_CONTEXT = 'signet.session.v1.';

function fail(field: string, problem: string): never {
  throw new SignetError('ERR_CONFIG_INVALID', `${field}: ${problem}`, { field });
}

/** Validates the HTTP-side options; throws `ERR_CONFIG_INVALID` naming the option. */
export function resolveSessionSettings(options: SignetModuleConfiguration): SessionSettings {
  // Parsed once: from the environment this is the table's value already, the one the cookie store holds too.
  const secrets = CookieSecrets.from(options.cookieSecret, 'cookieSecret').list;
  const session = options.session ?? {};
  const cookieName = session.cookieName ?? SESSION_DEFAULTS.cookieName;
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(cookieName))
    fail('session.cookieName', `"${cookieName}" is not a valid cookie name`);
  const ttl = session.ttl ?? SESSION_DEFAULTS.ttl;
  if (!Number.isInteger(ttl) || ttl < 60 || ttl > 7 * 86_400)
    fail('session.ttl', 'must be an integer number of seconds between 60 and 604800');
  const claims = session.claims ?? [...SESSION_DEFAULTS.claims];
  if (!Array.isArray(claims) || claims.some((c) => typeof c !== 'string'))
    fail('session.claims', 'must be a list of claim names');
  const redirects = redirectUrls(options);
  // Core's one Secure rule, and `__Host-` over https as for every Signet cookie (cookie tossing). With named
  // clients the one session cookie is Secure unless every callback is plain-http loopback.
  const secure = session.secure ?? (redirects.length > 0 ? redirects.some((url) => secureCookies(url)) : true);
  const https = redirects.find((url) => url.protocol === 'https:') ?? redirects[0];
  const name = https ? signetCookieName(cookieName, https, secure) : cookieName;
  return { cookieName: name, ttl, claims, secure, secrets };
}

/** The callbacks the session cookie serves; a bad URL is left out (core reports it itself). */
function redirectUrls(options: SignetModuleConfiguration): URL[] {
  const own = (options as { redirectUri?: string }).redirectUri;
  const uris = [
    ...(own !== undefined ? [own] : []),
    ...(hasNamedClients(options)
      ? Object.values(typeof options.clients === 'object' && options.clients ? options.clients : {}).map(
          (client) => client?.redirectUri,
        )
      : []),
  ];
  return uris.flatMap((uri) => {
    try {
      return [new URL(uri)];
    } catch {
      return [];
    }
  });
}

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret)
    .update(MAC_CONTEXT + payload)
    .digest();
}

/** `base64url(JSON)` + `.` + `base64url(HMAC-SHA256)`, signed with the newest secret. */
export function sealSession(session: SignetSession, settings: SessionSettings): string {
  let payload = Buffer.from(JSON.stringify(session)).toString('base64url');
  if (payload.length > MAX_COOKIE_VALUE) {
    // Claims are a convenience; the subject is the session. Drop them rather than lose the cookie.
    payload = Buffer.from(JSON.stringify({ ...session, claims: {} })).toString('base64url');
  }
  return `${payload}.${mac(settings.secrets[0]!, payload).toString('base64url')}`;
}

/** The session in a cookie value, or undefined when it is absent, forged, malformed or expired. */
export function openSession(
  value: string | undefined,
  settings: SessionSettings,
  now = Math.floor(Date.now() / 1000),
): SignetSession | undefined {
  if (!value || value.length > MAX_COOKIE_VALUE + 100) return undefined;
  const dot = value.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const payload = value.slice(0, dot);
  const presented = Buffer.from(value.slice(dot + 1), 'base64url');
  const valid = settings.secrets.some((secret) => {
    const expected = mac(secret, payload);
    return presented.length === expected.length && timingSafeEqual(presented, expected);
  });
  if (!valid) return undefined;
  let session: SignetSession;
  try {
    session = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SignetSession;
  } catch {
    return undefined;
  }
  // Every field the guards and decorators read is checked: a signed cookie of another shape (an older format under
  // the same secret) is no session, never a TypeError and a 500.
  if (
    typeof session !== 'object' ||
    session === null ||
    typeof session.sub !== 'string' ||
    typeof session.iss !== 'string' ||
    typeof session.scope !== 'string' ||
    typeof session.claims !== 'object' ||
    session.claims === null ||
    Array.isArray(session.claims) ||
    typeof session.iat !== 'number' ||
    typeof session.exp !== 'number' ||
    (session.client !== undefined && typeof session.client !== 'string') ||
    session.exp <= now
  )
    return undefined;
  return session;
}

/** Copies the configured claims, skipping large values so one claim cannot crowd out the rest. */
export function pickClaims(claims: Record<string, unknown> | undefined, names: string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of names) {
    const value = claims?.[name];
    if (value === undefined || JSON.stringify(value).length > MAX_CLAIM_TEXT) continue;
    picked[name] = value;
  }
  return picked;
}
