import {
  compactVerify,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  type CryptoKey,
  type FlattenedJWSInput,
  type JWK,
  type JWSHeaderParameters,
  type JWTPayload,
} from 'jose';
import type { KeyObject } from 'node:crypto';
import { SignetError } from '../errors/signet-error.js';
import { checkClaims, type JarmClaims } from './check-claims.js';
import { checkHeader } from './check-header.js';
import { decodeJws, flattenedJws, parsePayload, type DecodedJws } from './decode-jws.js';
import { verifyPinned } from './pinned-verifier.js';
import { responseReplayId } from './replay-id.js';

const SYMMETRIC_OR_NONE = /^(none|HS\d+)$/i;

/** Options of `verifyJarmResponse`: what JARM §2.4 compares, and where keys come from. */
export interface VerifyJarmResponseOptions {
  /** The expected issuer identifier, compared exactly and before any key lookup (JARM §2.4 step 2, §5.1). */
  issuer: string;
  /** This client's client_id: `aud` must be it alone (JARM §2.4 step 3). */
  clientId: string;
  /**
   * The accepted JWS algorithms: your allow-list intersected with the AS's
   * `authorization_signing_alg_values_supported`. "none" and symmetric algorithms are refused (RFC 8725 §3.1).
   */
  algorithms: readonly string[];
  /** Seconds of clock skew tolerated on exp, iat and nbf. Default 5. */
  clockTolerance?: number;
  /** Longest accepted lifetime (exp − iat), seconds. Default 600, JARM §2.1's recommendation. */
  maxLifetime?: number;
  /** Resolves the AS's verification key, only ever from its jwks_uri (e.g. jose's `createRemoteJWKSet`). */
  getKey: (header: JWSHeaderParameters, token: FlattenedJWSInput) => Promise<CryptoKey | KeyObject | JWK | Uint8Array>;
}

/** A response whose header, claims and signature passed: its claims may be trusted, its `code` not yet used. */
export interface VerifiedJarmResponse {
  /** The verified payload. A verified `error` is the AS's answer; `code` is still to be tied to a login. */
  claims: JarmClaims;
  header: JWSHeaderParameters;
  /** The key to record in a replay register: SHA-256 of what the AS signed, the same for every re-spelling. */
  replayId: string;
}

function assertOptions(options: VerifyJarmResponseOptions): void {
  const fail = (field: string, problem: string): never => {
    throw new SignetError('ERR_USAGE_INVALID', `${field}: ${problem}`, { field });
  };
  if (typeof options !== 'object' || options === null) fail('options', 'expected an object');
  if (typeof options.issuer !== 'string' || options.issuer === '') fail('issuer', 'is required');
  if (typeof options.clientId !== 'string' || options.clientId === '') fail('clientId', 'is required');
  if (typeof options.getKey !== 'function') fail('getKey', 'must be a function resolving the AS key');
  if (!Array.isArray(options.algorithms) || options.algorithms.length === 0)
    fail('algorithms', 'must be a non-empty list of asymmetric JWS algorithms');
  for (const alg of options.algorithms)
    if (typeof alg !== 'string' || SYMMETRIC_OR_NONE.test(alg))
      fail('algorithms', '"none" and symmetric algorithms are never accepted');
}

/** A failed key lookup or jose verification as the coded refusal the callback reports. */
function signatureFailure(cause: unknown): SignetError {
  if (cause instanceof SignetError) return cause;
  if (cause instanceof errors.JWSSignatureVerificationFailed)
    return new SignetError('ERR_JARM_SIGNATURE_INVALID', 'the response signature does not verify', { cause });
  if (cause instanceof errors.JOSEAlgNotAllowed)
    return new SignetError('ERR_JARM_ALG_NOT_ALLOWED', 'the response "alg" is not allowed', { cause });
  return new SignetError('ERR_JARM_SIGNATURE_INVALID', 'the response signature could not be verified', { cause });
}

/** The JARM checks on a response decoded once by the caller (the callback path); see `verifyJarmResponse`. */
export async function verifyDecodedJarm(
  decoded: DecodedJws,
  options: Required<Omit<VerifyJarmResponseOptions, 'getKey'>> & Pick<VerifyJarmResponseOptions, 'getKey'>,
): Promise<VerifiedJarmResponse> {
  checkHeader(decoded.header, options);
  checkClaims(decoded.claims, options);
  let key: Awaited<ReturnType<VerifyJarmResponseOptions['getKey']>>;
  try {
    key = await options.getKey(decoded.header, flattenedJws(decoded));
  } catch (cause) {
    throw signatureFailure(cause);
  }
  const pinnedVerdict = verifyPinned(decoded, key);
  let verified: { payload: unknown; protectedHeader: JWSHeaderParameters };
  if (pinnedVerdict) {
    // The header passed checkHeader and the key is pinned to its alg: one node:crypto verification of the
    // signing input; jose then parses the verified header and payload, as compactVerify would have.
    if (!(await pinnedVerdict))
      throw new SignetError('ERR_JARM_SIGNATURE_INVALID', 'the response signature does not verify');
    try {
      verified = { payload: decodeJwt(decoded.jws), protectedHeader: decodeProtectedHeader(decoded.jws) };
    } catch (cause) {
      throw new SignetError('ERR_JARM_MALFORMED', 'the verified response payload is not JSON', { cause });
    }
  } else {
    let jws: { payload: Uint8Array; protectedHeader: JWSHeaderParameters };
    try {
      jws = await compactVerify(decoded.jws, key, { algorithms: [...options.algorithms], crit: {} });
    } catch (cause) {
      throw signatureFailure(cause);
    }
    try {
      verified = { payload: parsePayload(jws.payload), protectedHeader: jws.protectedHeader };
    } catch (cause) {
      throw new SignetError('ERR_JARM_MALFORMED', 'the verified response payload is not JSON', { cause });
    }
  }
  const payload = verified.payload;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    throw new SignetError('ERR_JARM_MALFORMED', 'the verified response payload is not a JSON object');
  return {
    claims: checkClaims(payload as JWTPayload, options),
    header: verified.protectedHeader,
    replayId: responseReplayId(decoded.signingInput),
  };
}

/**
 * Verifies a compact JWS authorization response (JARM §2.4) without a `SignetClient`: header policy (alg from
 * `algorithms`, no key references, no crit, no zip, typ JWT), then iss, aud and time on the decoded claims
 * (so that a response from another issuer never causes a key lookup), then the signature, then the same claim
 * checks on the verified payload. Decrypt a nested JWE first. Tying `state` to a pending login, and single use
 * (register `replayId`), remain the caller's: `SignetClient.callback` does both.
 *
 * @example
 * const jwks = createRemoteJWKSet(new URL(as.jwks_uri));
 * const { claims, replayId } = await verifyJarmResponse(params.get('response')!, {
 *   issuer: as.issuer, clientId: 'my-client', algorithms: ['PS256', 'ES256'], getKey: jwks,
 * });
 */
export async function verifyJarmResponse(
  jws: string,
  options: VerifyJarmResponseOptions,
): Promise<VerifiedJarmResponse> {
  assertOptions(options);
  if (typeof jws !== 'string') throw new SignetError('ERR_JARM_MALFORMED', 'the response is not a string');
  return verifyDecodedJarm(decodeJws(jws), {
    issuer: options.issuer,
    clientId: options.clientId,
    algorithms: options.algorithms,
    clockTolerance: options.clockTolerance ?? 5,
    maxLifetime: options.maxLifetime ?? 600,
    getKey: options.getKey,
  });
}
