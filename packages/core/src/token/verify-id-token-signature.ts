import { compactVerify, type CryptoKey } from 'jose';
import type { RemoteKeySet } from '../jwks/remote-key-set.js';
import { SignetError } from '../errors/signet-error.js';
import { decodeJws, flattenedJws, type DecodedJws } from '../jarm/decode-jws.js';
import { verifyPinned } from '../jarm/pinned-verifier.js';

/** Header parameters that change how a JWS is verified: left to jose, which knows their rules. */
const LEFT_TO_JOSE = ['crit', 'b64'] as const;

function decodedOrUndefined(jws: string): DecodedJws | undefined {
  try {
    return decodeJws(jws);
  } catch {
    return undefined; // jose gives the refusal for what does not decode
  }
}

/**
 * Verifies the signature of an ID token the token endpoint answered (its claims are oauth4webapi's to check) with
 * a key of the AS's key set, for one of `algorithms`. A token in canonical compact form, with an allowed `alg`,
 * none of `crit` and `b64`, and a key jose's key set imported for exactly that `alg`, is verified by one
 * node:crypto verification of its signing input (`pinnedVerifier`, as a JARM response is); anything else by
 * jose's `compactVerify`. The key is selected the same way on both paths. Throws ERR_ID_TOKEN_INVALID with
 * `message` when the signature does not verify.
 */
export async function verifyIdTokenSignature(
  idToken: string,
  keys: RemoteKeySet,
  algorithms: readonly string[],
  message: string,
): Promise<void> {
  try {
    const decoded = decodedOrUndefined(idToken);
    const alg = decoded?.header.alg;
    let key: CryptoKey | undefined;
    if (
      decoded &&
      typeof alg === 'string' &&
      algorithms.includes(alg) &&
      LEFT_TO_JOSE.every((name) => !Object.hasOwn(decoded.header, name))
    ) {
      key = await keys.getKey(decoded.header, flattenedJws(decoded));
      const pinnedVerdict = verifyPinned(decoded, key);
      if (pinnedVerdict) {
        if (await pinnedVerdict) return;
        throw new SignetError('ERR_ID_TOKEN_INVALID', message);
      }
    }
    // The key already selected, or jose's selection on the header it parses itself.
    await compactVerify(idToken, key ?? ((header, token) => keys.getKey(header, token)), {
      algorithms: [...algorithms],
    });
  } catch (cause) {
    if (cause instanceof SignetError && cause.code === 'ERR_ID_TOKEN_INVALID') throw cause;
    throw new SignetError('ERR_ID_TOKEN_INVALID', message, { cause });
  }
}
