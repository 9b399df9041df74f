import { compactVerify, decodeJwt, decodeProtectedHeader, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import { createHash } from 'node:crypto';
import { SignetError } from '../errors/signet-error.js';
import type { SignetErrorCode } from '../errors/codes.js';
import type { SignetClient } from '../client/signet-client.js';
import { clientConfig } from '../client/client-config.js';

/** The event a logout token must carry (Back-Channel Logout 1.0 §2.4). */
export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const KEY_REFERENCES = ['jku', 'jwk', 'x5u', 'x5c'] as const;
const LOGOUT_TYP = new Set(['logout+jwt', 'application/logout+jwt']);

/** Who a verified logout token ends: sessions with this `sid`, or else every session of this `sub`. */
export interface VerifiedLogoutToken {
  sid?: string;
  sub?: string;
  jti: string;
}

export interface VerifyLogoutTokenOptions {
  /** Oldest `iat` accepted, seconds. */
  maxAge: number;
}

function refuse(code: SignetErrorCode, message: string, field?: string): SignetError {
  return new SignetError(code, `logout_token: ${message}`, field ? { field } : {});
}

function checkHeader(client: SignetClient, header: ProtectedHeaderParameters): void {
  const algorithms = clientConfig(client).responseAlgorithms;
  if (typeof header.alg !== 'string' || !algorithms.includes(header.alg))
    throw refuse('ERR_LOGOUT_TOKEN_ALG_NOT_ALLOWED', `"alg" ${JSON.stringify(header.alg ?? null)} is not allowed`);
  if (header.typ !== undefined && (typeof header.typ !== 'string' || !LOGOUT_TYP.has(header.typ.toLowerCase())))
    throw refuse('ERR_LOGOUT_TOKEN_HEADER_INVALID', `"typ" ${JSON.stringify(header.typ)} is not logout+jwt`, 'typ');
  for (const name of KEY_REFERENCES)
    if (name in header)
      throw refuse('ERR_LOGOUT_TOKEN_HEADER_INVALID', `header "${name}" is refused: keys come from jwks_uri`, name);
  if ('crit' in header) throw refuse('ERR_LOGOUT_TOKEN_HEADER_INVALID', 'header "crit" is not understood', 'crit');
}

function checkClaims(client: SignetClient, claims: JWTPayload, options: VerifyLogoutTokenOptions): VerifiedLogoutToken {
  const { clientId, clockTolerance } = clientConfig(client);
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(clientId))
    throw refuse('ERR_LOGOUT_TOKEN_AUDIENCE_INVALID', `"aud" does not contain ${clientId}`);
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.iat !== 'number' || !Number.isFinite(claims.iat))
    throw refuse('ERR_LOGOUT_TOKEN_IAT_INVALID', '"iat" is missing', 'iat');
  if (claims.iat > now + clockTolerance) throw refuse('ERR_LOGOUT_TOKEN_IAT_INVALID', '"iat" is in the future', 'iat');
  if (claims.iat < now - options.maxAge - clockTolerance)
    throw refuse('ERR_LOGOUT_TOKEN_IAT_INVALID', `"iat" is older than ${options.maxAge} s`, 'iat');
  if (claims.exp !== undefined && (typeof claims.exp !== 'number' || claims.exp <= now - clockTolerance))
    throw refuse('ERR_LOGOUT_TOKEN_IAT_INVALID', '"exp" has passed', 'exp');
  if (typeof claims.jti !== 'string' || claims.jti === '')
    throw refuse('ERR_LOGOUT_TOKEN_JTI_MISSING', '"jti" is missing');
  const events = claims['events'];
  const event =
    typeof events === 'object' && events !== null && !Array.isArray(events)
      ? (events as Record<string, unknown>)[BACKCHANNEL_LOGOUT_EVENT]
      : undefined;
  if (typeof event !== 'object' || event === null || Array.isArray(event))
    throw refuse('ERR_LOGOUT_TOKEN_EVENT_MISSING', `"events" lacks ${BACKCHANNEL_LOGOUT_EVENT}`);
  const { sid, sub } = claims as { sid?: unknown; sub?: unknown };
  if ((sid !== undefined && typeof sid !== 'string') || (sub !== undefined && typeof sub !== 'string'))
    throw refuse('ERR_LOGOUT_TOKEN_SUBJECT_MISSING', '"sid" and "sub" must be strings');
  if (!sid && !sub) throw refuse('ERR_LOGOUT_TOKEN_SUBJECT_MISSING', 'neither "sid" nor "sub" is present');
  if ('nonce' in claims) throw refuse('ERR_LOGOUT_TOKEN_NONCE_PRESENT', '"nonce" is forbidden in a logout token');
  return { ...(sid ? { sid } : {}), ...(sub ? { sub } : {}), jti: claims.jti };
}

/**
 * Verifies a back-channel logout token (OpenID Connect Back-Channel Logout 1.0 §2.6) in this order: a compact JWS
 * of bounded size; header (the algorithm allow-list, never "none"; `typ` logout+jwt when present; no key
 * references, no `crit`); `iss` exactly the issuer before any key is looked up; the signature with a key from the
 * AS's jwks_uri; `aud`, `iat` (and `exp`), `jti`, the `events` member, `sid` and/or `sub`, no `nonce`; finally the
 * `jti` registered in the replay register, so a token is accepted once on every instance sharing it.
 */
export async function verifyLogoutToken(
  client: SignetClient,
  token: unknown,
  options: VerifyLogoutTokenOptions,
): Promise<VerifiedLogoutToken> {
  const config = clientConfig(client);
  if (typeof token !== 'string' || token.length > config.maxResponseSize || !COMPACT_JWS.test(token))
    throw refuse('ERR_LOGOUT_TOKEN_MALFORMED', 'expected one compact JWS of bounded size');
  let header: ProtectedHeaderParameters;
  let unverified: JWTPayload;
  try {
    header = decodeProtectedHeader(token);
    unverified = decodeJwt(token);
  } catch {
    throw refuse('ERR_LOGOUT_TOKEN_MALFORMED', 'the header or the claims are not JSON');
  }
  checkHeader(client, header);
  if (unverified.iss !== config.issuer) throw refuse('ERR_LOGOUT_TOKEN_ISSUER_INVALID', '"iss" is not the issuer');
  const keys = await client.keySet();
  let claims: JWTPayload;
  try {
    const { payload } = await compactVerify(token, (h, t) => keys.getKey(h, t), {
      algorithms: config.responseAlgorithms,
    });
    claims = JSON.parse(new TextDecoder().decode(payload)) as JWTPayload;
  } catch (cause) {
    if (cause instanceof SignetError && cause.code === 'ERR_JWKS_FETCH_FAILED') throw cause;
    throw new SignetError('ERR_LOGOUT_TOKEN_SIGNATURE_INVALID', 'logout_token: the signature does not verify', {
      cause,
    });
  }
  const verified = checkClaims(client, claims, options);
  const id = createHash('sha256').update(`logout\n${config.issuer}\n${verified.jti}`).digest('base64url');
  const expiresAt = (claims.iat as number) + options.maxAge + config.clockTolerance;
  if (!(await config.replayRegister.register(id, expiresAt)))
    throw refuse('ERR_LOGOUT_TOKEN_REPLAYED', 'this jti was already accepted');
  return verified;
}
