import { hkdfSync } from 'node:crypto';
import { CompactEncrypt, compactDecrypt, errors, type JWTPayload } from 'jose';
import { SEALING } from '../algorithms/algorithms.js';
import { SignetError } from '../errors/signet-error.js';

/** HKDF `info`: binds the derived key to this one use, so the same secret can never open anything else. */
const KEY_INFO = 'signet transaction cookie v1';
const HEADER = SEALING;

/** What a sealed cookie opens to. */
export interface SealedClaims extends JWTPayload {
  state: string;
}

/** A 256-bit content key per secret, derived with HKDF-SHA256 (RFC 5869). */
export function deriveCookieKey(secret: string): Uint8Array {
  return deriveSecretKey(secret, KEY_INFO);
}

/**
 * The same derivation for another purpose, named by `info` (the grant vault, ...): keys of two purposes derived
 * from one secret open nothing of each other.
 */
export function deriveSecretKey(secret: string, info: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', secret, '', info, 32));
}

// Each derived key imported once as a non-extractable AES-GCM CryptoKey: given the raw bytes, jose imports them
// again on every seal and open (~40 µs of a ~130 µs seal; see BENCHMARKS.md), once per login and per callback.
const imported = new WeakMap<Uint8Array, Promise<CryptoKey>>();

function cryptoKeyOf(key: Uint8Array): Promise<CryptoKey> {
  let cryptoKey = imported.get(key);
  if (!cryptoKey) {
    cryptoKey = crypto.subtle.importKey('raw', key as Uint8Array<ArrayBuffer>, 'AES-GCM', false, [
      'encrypt',
      'decrypt',
    ]);
    imported.set(key, cryptoKey);
  }
  return cryptoKey;
}

const encoder = new TextEncoder();

/**
 * Encrypts and authenticates claims as a JWT in JWE compact form (`dir`, A256GCM), expiring at `exp`: jose's
 * `CompactEncrypt` over the serialized claims (`EncryptJWT` would first copy them with `structuredClone`, a
 * measurable part of a cookie-store login; BENCHMARKS.md). `iat` and `exp` are written last, so no claim passed in
 * can stand in for them; `unseal` checks them as a JWT.
 */
export async function seal(claims: SealedClaims, key: Uint8Array, issuedAt: number, exp: number): Promise<string> {
  const plaintext = encoder.encode(JSON.stringify({ ...claims, iat: issuedAt, exp }));
  return new CompactEncrypt(plaintext).setProtectedHeader(HEADER).encrypt(await cryptoKeyOf(key));
}

function invalid(reason: string, cause?: unknown): SignetError {
  return new SignetError(
    'ERR_TRANSACTION_INVALID',
    `the transaction cookie ${reason}`,
    cause === undefined ? {} : { cause },
  );
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The claims `seal` wrote, checked as a JWT would be for what Signet relies on: a JSON object, a numeric `exp`
 * still ahead, a string `state`, a numeric `iat` when present. jose's `jwtDecrypt` checks the same claims through
 * its general JWT claim set validation, a measurable part of a cookie-store callback (BENCHMARKS.md); the bytes
 * were authenticated by jose's `compactDecrypt` under Signet's own key before they are read.
 */
function sealedClaims(plaintext: Uint8Array): SealedClaims {
  let claims: unknown;
  try {
    claims = JSON.parse(utf8.decode(plaintext));
  } catch (cause) {
    throw invalid('is malformed', cause);
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw invalid('is malformed');
  const { exp, iat, state } = claims as Record<string, unknown>;
  if (typeof exp !== 'number' || !Number.isFinite(exp) || (iat !== undefined && typeof iat !== 'number'))
    throw invalid('is malformed');
  if (exp <= Math.floor(Date.now() / 1000)) throw invalid('has expired');
  if (typeof state !== 'string') throw invalid('carries no state');
  return claims as SealedClaims;
}

/**
 * Opens a sealed value with each key in turn (newest first), so cookies written before a rotation still open.
 * Only a failed authentication moves on to the next key; an expired or malformed token is refused at once.
 */
export async function unseal(value: string, keys: Uint8Array[]): Promise<SealedClaims> {
  for (const key of keys) {
    let plaintext: Uint8Array;
    try {
      ({ plaintext } = await compactDecrypt(value, await cryptoKeyOf(key), {
        keyManagementAlgorithms: [HEADER.alg],
        contentEncryptionAlgorithms: [HEADER.enc],
      }));
    } catch (err) {
      if (err instanceof errors.JWEDecryptionFailed) continue;
      throw invalid('is malformed', err);
    }
    return sealedClaims(plaintext);
  }
  throw invalid('does not open with any configured secret (tampered, or sealed under a retired secret)');
}
