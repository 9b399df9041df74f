import { calculateJwkThumbprint, exportJWK, importJWK, type JWK } from 'jose';
import * as oauth from 'oauth4webapi';
import { DPOP_ALGORITHM } from '../algorithms/algorithms.js';

/** A DPoP key pair (RFC 9449). */
export type DPoPKeyPair = oauth.CryptoKeyPair;

/** A fresh DPoP key pair (`DPOP_ALGORITHM`, ES256); extractable only when it must be stored with a session. */
export async function generateDpopKey(extractable = false): Promise<DPoPKeyPair> {
  return oauth.generateKeyPair(DPOP_ALGORITHM, { extractable });
}

/** The `dpop_jkt` value binding an authorization code to a key (RFC 9449 §10). */
export async function dpopThumbprint(key: DPoPKeyPair): Promise<string> {
  return calculateJwkThumbprint(await exportJWK(key.publicKey));
}

export async function exportDpopKey(key: DPoPKeyPair): Promise<JWK> {
  return exportJWK(key.privateKey);
}

/** Imports a stored per-login key; `extractable` when a server-side session must seal it again. */
export async function importDpopKey(jwk: JWK, extractable = false): Promise<DPoPKeyPair> {
  const { d: _d, ...publicJwk } = jwk;
  return {
    privateKey: (await importJWK(jwk, DPOP_ALGORITHM, { extractable })) as CryptoKey,
    publicKey: (await importJWK({ ...publicJwk, ext: true }, DPOP_ALGORITHM)) as CryptoKey,
  };
}
