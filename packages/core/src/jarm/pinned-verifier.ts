import { constants, KeyObject, verify, type VerifyKeyObjectInput } from 'node:crypto';
import { operationsInProgress } from '../load/operations-in-progress.js';
import { flattenedJws, type DecodedJws } from './decode-jws.js';

/**
 * What jose's `compactVerify` would check of a CryptoKey before verifying with `alg` (jose's
 * checkSigCryptoKey and checkModulusLength), and the node:crypto parameters of the same OpenSSL operation
 * WebCrypto runs: ECDSA over P-256 with the signature as r‖s (IEEE P1363, JWS's form: a DER signature, a short
 * or long one, r or s zero or out of range are all refused; the twin (r, n−s) verifies, as in WebCrypto),
 * RSA-PSS with SHA-256 and a salt of exactly 32 bytes (RFC 7518 §3.5) on a modulus of at least 2048 bits,
 * Ed25519. Only these; any other pairing is left to jose.
 */
const PINNED: Record<
  string,
  { name: string; namedCurve?: string; hash?: string; minModulus?: number; digest: string | null; options: object }
> = {
  ES256: { name: 'ECDSA', namedCurve: 'P-256', digest: 'sha256', options: { dsaEncoding: 'ieee-p1363' } },
  PS256: {
    name: 'RSA-PSS',
    hash: 'SHA-256',
    minModulus: 2048,
    digest: 'sha256',
    options: { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
  },
  EdDSA: { name: 'Ed25519', digest: null, options: {} },
  Ed25519: { name: 'Ed25519', digest: null, options: {} },
};

/** One KeyObject per CryptoKey (jose's key set hands out the same CryptoKey for a kid and alg until it refetches). */
const keyObjects = new WeakMap<CryptoKey, KeyObject>();

function pinned(alg: string, key: unknown): (typeof PINNED)[string] | undefined {
  const entry = Object.hasOwn(PINNED, alg) ? PINNED[alg] : undefined;
  if (entry === undefined || !(key instanceof CryptoKey)) return undefined;
  if (key.type !== 'public' || !key.usages.includes('verify')) return undefined;
  const algorithm = key.algorithm as {
    name: string;
    namedCurve?: string;
    hash?: { name: string };
    modulusLength?: number;
  };
  if (algorithm.name !== entry.name) return undefined;
  if (entry.namedCurve !== undefined && algorithm.namedCurve !== entry.namedCurve) return undefined;
  if (entry.hash !== undefined && algorithm.hash?.name !== entry.hash) return undefined;
  if (entry.minModulus !== undefined && !((algorithm.modulusLength ?? 0) >= entry.minModulus)) return undefined;
  return entry;
}

/**
 * A one-shot node:crypto verification of a JWS signature for `alg` with `key`, when `key` is a public CryptoKey
 * made for exactly that algorithm (as jose's remote key set imports it); undefined otherwise, and the caller lets
 * jose verify. Why: WebCrypto's `subtle.verify`, which jose calls, adds per call its WebIDL argument normalization
 * and job wrapping around the same OpenSSL verification, and jose re-parses what was already decoded and checked
 * (issue 15: measured in BENCHMARKS.md). Only the signature is verified here: header, claims and key selection
 * stay where they were.
 *
 * Where it runs: with no other Signet operation in progress in this process (a lone callback, a caller verifying
 * in sequence), at once on the main thread: the hand-off to libuv's thread pool and back would cost more than the
 * verification. Beside other operations, in the callback form on the thread pool, as WebCrypto's does: holding
 * the main thread for every verification lost a quarter of the callbacks per second at 64 connections
 * (BENCHMARKS.md, "The seventh pass"). Both forms are the same OpenSSL call on the same bytes: the same verdict.
 */
export function pinnedVerifier(
  alg: string,
  key: unknown,
): ((signingInput: string, signature: Buffer) => Promise<boolean>) | undefined {
  const entry = pinned(alg, key);
  if (entry === undefined) return undefined;
  const cryptoKey = key as CryptoKey;
  let keyObject = keyObjects.get(cryptoKey);
  if (keyObject === undefined) {
    keyObject = KeyObject.from(cryptoKey);
    keyObjects.set(cryptoKey, keyObject);
  }
  const input = { key: keyObject, ...entry.options } as VerifyKeyObjectInput;
  return (signingInput, signature) => {
    const data = Buffer.from(signingInput, 'latin1');
    if (operationsInProgress() <= 1) {
      try {
        return Promise.resolve(verify(entry.digest, data, input, signature));
      } catch {
        return Promise.resolve(false); // as jose: a verification that cannot run is a signature that does not verify
      }
    }
    return new Promise((resolve) => {
      try {
        verify(entry.digest, data, input, signature, (error, valid) => resolve(error === null && valid));
      } catch {
        resolve(false);
      }
    });
  };
}

/**
 * The pinned verdict on a decoded compact JWS (its signing input and its signature segment) with `key`, or
 * undefined when `key` is not pinned for the header's `alg`: the caller then lets jose verify.
 */
export function verifyPinned(decoded: DecodedJws, key: unknown): Promise<boolean> | undefined {
  const verifier = typeof decoded.header.alg === 'string' ? pinnedVerifier(decoded.header.alg, key) : undefined;
  return verifier?.(decoded.signingInput, Buffer.from(flattenedJws(decoded).signature, 'base64url'));
}
