import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';

/** The JWS algorithms FAPI allows; the test AS signs with any of them. */
export type TestSigningAlg = 'ES256' | 'PS256' | 'EdDSA';

/** An asymmetric key of the test AS (or of an attacker): the private half signs, the public JWK is published. */
export interface TestKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** The private key as a JWK (for a client's `signingKeys` or `decryptionKeys`). */
  privateJwk: JWK;
  /** The public key as a JWK with `kid`, `alg` and `use`. */
  publicJwk: JWK;
}

/**
 * A fresh key: a signing key (`ES256`, `PS256`, `EdDSA`) by default, or an encryption key (`ECDH-ES`,
 * `RSA-OAEP-256`) with `use: 'enc'`.
 * @example const key = await createTestKey('PS256');
 */
export async function createTestKey(
  alg: string = 'ES256',
  kid = `k-${randomBytes(6).toString('hex')}`,
  use: 'sig' | 'enc' = alg.startsWith('ECDH') || alg.startsWith('RSA-OAEP') ? 'enc' : 'sig',
): Promise<TestKey> {
  const options =
    alg === 'PS256' || alg.startsWith('RSA-OAEP')
      ? { extractable: true, modulusLength: 2048 }
      : alg === 'EdDSA'
        ? { extractable: true, crv: 'Ed25519' }
        : { extractable: true };
  const { privateKey, publicKey } = await generateKeyPair(alg, options);
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg, use };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use };
  return { kid, alg, privateKey, publicKey, privateJwk, publicJwk };
}
