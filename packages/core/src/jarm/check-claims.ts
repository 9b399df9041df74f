import type { JWTPayload } from 'jose';
import { SignetError } from '../errors/signet-error.js';

/** The claims of a JARM response (JARM §2.1). */
export interface JarmClaims extends JWTPayload {
  iss: string;
  aud: string | string[];
  exp: number;
  code?: string;
  state?: string;
  error?: string;
  error_description?: string;
}

/** What the claim checks need: who must have sent it, to whom, and the time bounds. */
export interface ClaimPolicy {
  /** The expected issuer identifier, compared exactly. */
  issuer: string;
  /** This client's client_id: `aud` must name it alone. */
  clientId: string;
  /** Seconds of clock skew tolerated on exp, iat, nbf. */
  clockTolerance: number;
  /** Longest accepted lifetime (exp − iat), seconds; JARM recommends at most 600. */
  maxLifetime: number;
}

/**
 * `iss` first (JARM §2.4: the issuer is checked before it selects any key), then `aud`, then time.
 * Audience policy: the response must be for this client alone: `aud` is the client_id, or an array holding
 * only the client_id. Extra audiences are refused: a response meant for several parties is not ours.
 * Messages name the claim, never its value (the sender's text); `field` names the claim for the audit.
 */
export function checkClaims(claims: JWTPayload, policy: ClaimPolicy, now = Math.floor(Date.now() / 1000)): JarmClaims {
  if (claims.iss !== policy.issuer) {
    throw new SignetError(
      'ERR_JARM_ISSUER_INVALID',
      claims.iss === undefined ? 'response "iss" claim is missing' : 'unexpected response "iss" claim value',
      { field: 'iss' },
    );
  }
  const aud = claims.aud;
  const audOk = aud === policy.clientId || (Array.isArray(aud) && aud.length === 1 && aud[0] === policy.clientId);
  if (!audOk) {
    throw new SignetError(
      'ERR_JARM_AUDIENCE_INVALID',
      aud === undefined ? 'response "aud" claim is missing' : 'response "aud" claim is not this client alone',
      { field: 'aud' },
    );
  }
  const tolerance = policy.clockTolerance;
  if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) {
    throw new SignetError('ERR_JARM_EXPIRED', 'response "exp" claim is missing or not a number', { field: 'exp' });
  }
  if (claims.exp <= now - tolerance)
    throw new SignetError('ERR_JARM_EXPIRED', 'response "exp" claim timestamp check failed', { field: 'exp' });
  for (const name of ['iat', 'nbf'] as const) {
    const value = claims[name];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new SignetError('ERR_JARM_CLAIM_INVALID', `response "${name}" claim is not a number`, { field: name });
    if (value > now + tolerance)
      throw new SignetError('ERR_JARM_NOT_YET_VALID', `response "${name}" claim is in the future`, { field: name });
  }
  const issuedAt = typeof claims.iat === 'number' ? claims.iat : now;
  if (claims.exp - issuedAt > policy.maxLifetime + tolerance) {
    throw new SignetError(
      'ERR_JARM_LIFETIME_TOO_LONG',
      `response lives longer than the ${policy.maxLifetime}s accepted`,
      { field: 'exp' },
    );
  }
  for (const name of ['code', 'state', 'error', 'error_description'] as const) {
    if (claims[name] !== undefined && typeof claims[name] !== 'string') {
      throw new SignetError('ERR_JARM_CLAIM_INVALID', `response "${name}" claim is not a string`, { field: name });
    }
  }
  return claims as JarmClaims;
}
