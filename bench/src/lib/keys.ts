import { createTestKey, type TestKey } from '@signet/testing';

/** A key pair as every contender needs it: the CryptoKeys for jose and oauth4webapi, the JWKs for Signet and the JWKS. */
export type BenchKey = TestKey;

/** One key of the fixtures: `@signet/testing`'s key, so the bench and the tests make keys one way. */
export function benchKey(alg: string, kid: string, use: 'sig' | 'enc' = 'sig'): Promise<BenchKey> {
  return createTestKey(alg, kid, use);
}

/** The JWS algorithms FAPI allows, each measured. */
export const SIGNING_ALGS = ['ES256', 'PS256', 'EdDSA'] as const;
export type SigningAlg = (typeof SIGNING_ALGS)[number];

export interface Fixtures {
  /** The authorization server's JARM / ID token signing keys, one per algorithm. */
  asSigning: Record<SigningAlg, BenchKey>;
  /** The authorization server's request object encryption keys. */
  asEncryption: { ecdh: BenchKey; rsa: BenchKey };
  /** The client's request object / assertion signing keys, one per algorithm. */
  clientSigning: Record<SigningAlg, BenchKey>;
  /** The client's response decryption keys (nested JWE responses). */
  clientDecryption: { ecdh: BenchKey; rsa: BenchKey };
}

export async function fixtures(): Promise<Fixtures> {
  const [asEs, asPs, asEd, asEcdh, asRsa, cEs, cPs, cEd, cEcdh, cRsa] = await Promise.all([
    benchKey('ES256', 'as-es256'),
    benchKey('PS256', 'as-ps256'),
    benchKey('EdDSA', 'as-eddsa'),
    benchKey('ECDH-ES', 'as-ecdh', 'enc'),
    benchKey('RSA-OAEP-256', 'as-rsa-oaep', 'enc'),
    benchKey('ES256', 'rp-es256'),
    benchKey('PS256', 'rp-ps256'),
    benchKey('EdDSA', 'rp-eddsa'),
    benchKey('ECDH-ES', 'rp-ecdh', 'enc'),
    benchKey('RSA-OAEP-256', 'rp-rsa-oaep', 'enc'),
  ]);
  return {
    asSigning: { ES256: asEs, PS256: asPs, EdDSA: asEd },
    asEncryption: { ecdh: asEcdh, rsa: asRsa },
    clientSigning: { ES256: cEs, PS256: cPs, EdDSA: cEd },
    clientDecryption: { ecdh: cEcdh, rsa: cRsa },
  };
}
