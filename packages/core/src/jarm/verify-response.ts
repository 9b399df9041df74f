import { compactVerify, errors, type JWTPayload } from 'jose';
import type { ClientConfig } from '../config/resolve-options.js';
import { AuthorizationServerError, SignetError } from '../errors/signet-error.js';
import type { RemoteKeySet } from '../jwks/remote-key-set.js';
import { checkClaims, type JarmClaims } from './check-claims.js';
import { checkHeader } from './check-header.js';
import { decodeJws, parsePayload } from './decode-jws.js';

/**
 * Verifies a compact JWS authorization response (JARM §2.4). Header and claims are checked on the decoded
 * token first, so that a response from another issuer, for another client or already expired never causes
 * a key lookup; then the signature is verified with a key from the AS's jwks_uri, and the claims that are
 * returned are those of the verified payload.
 */
export async function verifyResponseJws(config: ClientConfig, keys: RemoteKeySet, jws: string): Promise<JarmClaims> {
  const { header, claims: unverified } = decodeJws(jws);
  checkHeader(config, header);
  checkClaims(config, unverified);

  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(jws, (h, token) => keys.getKey(h, token), {
      algorithms: config.responseAlgorithms,
      crit: {},
    }));
  } catch (cause) {
    if (cause instanceof SignetError) throw cause;
    if (cause instanceof errors.JWSSignatureVerificationFailed) {
      throw new SignetError('ERR_JARM_SIGNATURE_INVALID', 'the response signature does not verify', { cause });
    }
    if (cause instanceof errors.JOSEAlgNotAllowed)
      throw new SignetError('ERR_JARM_ALG_NOT_ALLOWED', 'the response "alg" is not allowed', { cause });
    throw new SignetError('ERR_JARM_SIGNATURE_INVALID', 'the response signature could not be verified', { cause });
  }
  let verified: JWTPayload;
  try {
    verified = parsePayload(payload) as JWTPayload;
  } catch (cause) {
    throw new SignetError('ERR_JARM_MALFORMED', 'the verified response payload is not JSON', { cause });
  }
  return checkClaims(config, verified);
}

/** Exactly one of code or error; a verified error is the AS's answer. */
export function checkOutcome(claims: JarmClaims): string {
  if (claims.code !== undefined && claims.error !== undefined) {
    throw new SignetError('ERR_JARM_CODE_AND_ERROR', 'the response carries both "code" and "error"');
  }
  if (claims.error !== undefined) throw new AuthorizationServerError(claims.error, claims.error_description);
  if (claims.code === undefined || claims.code === '')
    throw new SignetError('ERR_JARM_CODE_MISSING', 'the response carries neither "code" nor "error"');
  return claims.code;
}
