import type { ClientConfig } from '../config/resolve-options.js';
import { AuthorizationServerError, SignetError } from '../errors/signet-error.js';
import type { RemoteKeySet } from '../jwks/remote-key-set.js';
import type { JarmClaims } from './check-claims.js';
import { decodeJws, type DecodedJws } from './decode-jws.js';
import { verifyDecodedJarm, type VerifiedJarmResponse } from './verify-jarm-response.js';

/**
 * `verifyJarmResponse` with this client's configuration: its issuer, client_id, tolerance, maximum lifetime,
 * the algorithms given (the allow-list narrowed to the AS's metadata), and keys from the AS's jwks_uri.
 */
export async function verifyDecodedResponse(
  config: ClientConfig,
  keys: RemoteKeySet,
  decoded: DecodedJws,
  algorithms: readonly string[] = config.responseAlgorithms,
): Promise<VerifiedJarmResponse> {
  return verifyDecodedJarm(decoded, {
    issuer: config.issuer,
    clientId: config.clientId,
    algorithms,
    clockTolerance: config.clockTolerance,
    maxLifetime: config.responseMaxLifetime,
    getKey: (header, token) => keys.getKey(header, token),
  });
}

/** The verified claims of a compact JWS response (benchmarks and tests call this one directly). */
export async function verifyResponseJws(config: ClientConfig, keys: RemoteKeySet, jws: string): Promise<JarmClaims> {
  return (await verifyDecodedResponse(config, keys, decodeJws(jws))).claims;
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
