import type { JWTPayload } from 'jose';
import type { ClientConfig } from '../config/resolve-options.js';
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

/**
 * `iss` first (JARM §2.4: the issuer is checked before it selects any key), then `aud`, then time.
 * Audience policy: the response must be for this client alone: `aud` is the client_id, or an array holding
 * only the client_id. Extra audiences are refused: a response meant for several parties is not ours.
 */
export function checkClaims(config: ClientConfig, claims: JWTPayload, now = Math.floor(Date.now() / 1000)): JarmClaims {
  if (claims.iss !== config.issuer) {
    throw new SignetError(
      'ERR_JARM_ISSUER_INVALID',
      claims.iss === undefined ? 'response "iss" claim is missing' : 'unexpected response "iss" claim value',
      { field: 'iss' },
    );
  }
  const aud = claims.aud;
  const audOk = aud === config.clientId || (Array.isArray(aud) && aud.length === 1 && aud[0] === config.clientId);
  if (!audOk) {
    throw new SignetError(
      'ERR_JARM_AUDIENCE_INVALID',
      aud === undefined ? 'response "aud" claim is missing' : 'response "aud" claim is not this client alone',
      { field: 'aud' },
    );
  }
  const tolerance = config.clockTolerance;
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
  if (claims.exp - issuedAt > config.responseMaxLifetime + tolerance) {
    throw new SignetError(
      'ERR_JARM_LIFETIME_TOO_LONG',
      `response lives ${claims.exp - issuedAt}s; at most ${config.responseMaxLifetime}s is accepted`,
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
