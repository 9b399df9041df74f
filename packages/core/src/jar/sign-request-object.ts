import { CompactEncrypt, CompactSign, type CryptoKey, type JWK } from 'jose';
import { randomUUID } from 'node:crypto';
import type { SigningKey } from '../keys/import-key.js';

export interface SignRequestObjectInput {
  claims: Record<string, unknown>;
  clientId: string;
  issuer: string;
  key: SigningKey;
  lifetime: number;
}

const encoder = new TextEncoder();

/**
 * Signs a request object: `typ: oauth-authz-req+jwt` (RFC 9101 §10.8), `iss` = client_id, `aud` = the issuer
 * identifier as a string, `iat`/`nbf`/`exp`/`jti`. Never `sub`, never `request`/`request_uri` inside.
 *
 * jose's `CompactSign` over the serialized claims, not `SignJWT`: every registered claim here is set from typed
 * values, and `SignJWT` first copies the claims with `structuredClone` (issue 15, BENCHMARKS.md). The registered
 * claims are written after the parameters, so a parameter can never stand in for one of them.
 */
export async function signRequestObject(input: SignRequestObjectInput): Promise<{ jwt: string; jti: string }> {
  const jti = randomUUID();
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    ...input.claims,
    iss: input.clientId,
    aud: input.issuer,
    iat: now,
    nbf: now,
    exp: now + input.lifetime,
    jti,
  };
  const jwt = await new CompactSign(encoder.encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: input.key.alg, kid: input.key.kid, typ: 'oauth-authz-req+jwt' })
    .sign(input.key.privateKey);
  return { jwt, jti };
}

/** Wraps a signed request object in a JWE to the AS's encryption key (a nested JWT, RFC 9101 §6.1). */
export async function encryptRequestObject(
  jws: string,
  key: { jwk: JWK; cryptoKey: CryptoKey | Uint8Array; alg: string; enc: string },
): Promise<string> {
  return new CompactEncrypt(encoder.encode(jws))
    .setProtectedHeader({ alg: key.alg, enc: key.enc, cty: 'JWT', ...(key.jwk.kid ? { kid: key.jwk.kid } : {}) })
    .encrypt(key.cryptoKey);
}
