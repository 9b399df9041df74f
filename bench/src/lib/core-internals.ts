import type { ClientConfig, JarmClaims, RemoteKeySet, SigningKey } from '@signet/core';
import type { JWK, CryptoKey } from 'jose';

/**
 * The core operations the issue names but the package index does not export (verifyResponseJws,
 * unwrapResponse, signRequestObject, encryptRequestObject, selectEncryptionKey). They are loaded from the
 * built files next to the package entry point, so the benchmark runs exactly the code `@signet/core` ships.
 */
export interface CoreInternals {
  verifyResponseJws(config: ClientConfig, keys: RemoteKeySet, jws: string): Promise<JarmClaims>;
  unwrapResponse(config: ClientConfig, response: string): Promise<string>;
  signRequestObject(input: {
    claims: Record<string, unknown>;
    clientId: string;
    issuer: string;
    key: SigningKey;
    lifetime: number;
  }): Promise<{ jwt: string; jti: string }>;
  encryptRequestObject(
    jws: string,
    key: { jwk: JWK; cryptoKey: CryptoKey | Uint8Array; alg: string; enc: string },
  ): Promise<string>;
  selectEncryptionKey(
    as: Record<string, unknown>,
    keys: JWK[],
    choice: { alg?: string; enc: string },
  ): Promise<{ jwk: JWK; cryptoKey: CryptoKey | Uint8Array; alg: string; enc: string }>;
}

export async function coreInternals(): Promise<CoreInternals> {
  const entry = import.meta.resolve('@signet/core');
  if (!entry.endsWith('/dist/index.js'))
    throw new Error(`@signet/core resolved to ${entry}; the benchmarks run against the build (npm run build)`);
  const load = (path: string) => import(new URL(path, entry).href) as Promise<Record<string, unknown>>;
  const [verify, decrypt, sign, select] = await Promise.all([
    load('./jarm/verify-response.js'),
    load('./jarm/decrypt-response.js'),
    load('./jar/sign-request-object.js'),
    load('./jar/select-encryption-key.js'),
  ]);
  return {
    verifyResponseJws: verify.verifyResponseJws as CoreInternals['verifyResponseJws'],
    unwrapResponse: decrypt.unwrapResponse as CoreInternals['unwrapResponse'],
    signRequestObject: sign.signRequestObject as CoreInternals['signRequestObject'],
    encryptRequestObject: sign.encryptRequestObject as CoreInternals['encryptRequestObject'],
    selectEncryptionKey: select.selectEncryptionKey as CoreInternals['selectEncryptionKey'],
  };
}
