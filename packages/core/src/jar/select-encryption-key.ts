import { importJWK, type CryptoKey, type JWK } from 'jose';
import type * as oauth from 'oauth4webapi';
import { SignetError } from '../errors/signet-error.js';
import { keyManagementFor, REQUEST_OBJECT_KEY_MANAGEMENT_PREFERENCE as PREFERENCE } from '../algorithms/algorithms.js';

// Imported AS encryption keys by algorithm and JWK: authorize() runs per login and must not re-import the same
// public key each time (an EC import costs more than the encryption itself). Bounded; a failed import is forgotten.
const imported = new Map<string, Promise<CryptoKey | Uint8Array>>();

function importOnce(jwk: JWK, alg: string): Promise<CryptoKey | Uint8Array> {
  const id = `${alg} ${JSON.stringify(jwk)}`;
  let key = imported.get(id);
  if (!key) {
    if (imported.size >= 32) imported.clear();
    key = importJWK(jwk, alg);
    imported.set(id, key);
    key.catch(() => imported.delete(id));
  }
  return key;
}

/**
 * Picks the AS key to encrypt request objects to: an encryption key (`use: enc` or no use) whose algorithm
 * the AS advertises for request objects. The client's explicit `alg` choice wins when given.
 */
export async function selectEncryptionKey(
  as: oauth.AuthorizationServer,
  keys: JWK[],
  choice: { alg?: string; enc: string },
): Promise<{ jwk: JWK; cryptoKey: CryptoKey | Uint8Array; alg: string; enc: string }> {
  const advertised = (as.request_object_encryption_alg_values_supported as string[] | undefined) ?? [...PREFERENCE];
  const encs = as.request_object_encryption_enc_values_supported as string[] | undefined;
  if (encs && !encs.includes(choice.enc)) {
    throw new SignetError(
      'ERR_REQUEST_ENCRYPTION_KEY_MISSING',
      `the AS does not accept request objects encrypted with enc "${choice.enc}"`,
    );
  }
  const wanted = choice.alg ? [choice.alg] : PREFERENCE;
  for (const alg of wanted) {
    if (!advertised.includes(alg)) continue;
    const jwk = keys.find(
      (k) =>
        (k.use === undefined || k.use === 'enc') &&
        (k.alg === undefined || k.alg === alg) &&
        keyManagementFor(k).includes(alg),
    );
    if (jwk) return { jwk, cryptoKey: await importOnce(jwk, alg), alg, enc: choice.enc };
  }
  throw new SignetError(
    'ERR_REQUEST_ENCRYPTION_KEY_MISSING',
    'the AS JWKS has no encryption key for an algorithm both sides allow',
  );
}
