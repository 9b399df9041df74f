// Token forgery for tests: any header, any payload, any key, or no signature at all (what an attacker can send).
import { base64url, CompactEncrypt, CompactSign, type CryptoKey, type JWK } from 'jose';

const encoder = new TextEncoder();

/**
 * Signs a compact JWS with exactly the given header and payload. Header parameters jose would refuse to emit
 * (`crit` extensions) are declared understood so that the forged token still gets a valid signature.
 */
export async function signJws(
  header: Record<string, unknown>,
  payload: Record<string, unknown> | string,
  key: CryptoKey | Uint8Array,
): Promise<string> {
  const bytes = encoder.encode(typeof payload === 'string' ? payload : JSON.stringify(payload));
  const crit = Array.isArray(header.crit)
    ? Object.fromEntries((header.crit as string[]).map((name) => [name, true]))
    : undefined;
  return new CompactSign(bytes).setProtectedHeader(header as { alg: string }).sign(key, crit ? { crit } : undefined);
}

/** An `alg: none` JWT: header and payload, empty signature. */
export function unsignedJws(header: Record<string, unknown>, payload: Record<string, unknown>): string {
  return `${base64url.encode(JSON.stringify(header))}.${base64url.encode(JSON.stringify(payload))}.`;
}

/** The same JWS with one bit of its signature flipped (at the byte level, so base64url padding bits cannot hide it). */
export function flipSignatureBit(jws: string): string {
  const [header, payload, signature] = jws.split('.') as [string, string, string];
  const bytes = base64url.decode(signature);
  bytes[0]! ^= 0x01;
  return `${header}.${payload}.${base64url.encode(bytes)}`;
}

/** The same JWS with its payload replaced, keeping the original signature (payload substitution). */
export function swapPayload(jws: string, payload: Record<string, unknown>): string {
  const [header, , signature] = jws.split('.') as [string, string, string];
  return `${header}.${base64url.encode(JSON.stringify(payload))}.${signature}`;
}

/** Wraps a string in a compact JWE to the given public key (a nested JWT when the string is a JWS). */
export async function encryptTo(
  plaintext: string,
  jwk: JWK,
  key: CryptoKey | Uint8Array,
  header: { alg: string; enc: string },
): Promise<string> {
  return new CompactEncrypt(encoder.encode(plaintext))
    .setProtectedHeader({ ...header, cty: 'JWT', ...(jwk.kid ? { kid: jwk.kid } : {}) })
    .encrypt(key);
}
