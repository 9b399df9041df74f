import { createHash, randomBytes } from 'node:crypto';

// node:crypto rather than WebCrypto: the same CSPRNG and SHA-256, without a thread-pool round trip per login
// (the S256 challenge through crypto.subtle.digest cost ~30 µs against ~4 µs here; see BENCHMARKS.md).

/** A fresh RFC 7636 verifier (32 random bytes, base64url: 43 characters) and its S256 challenge (plain is never used). */
export async function createPkce(): Promise<{ codeVerifier: string; codeChallenge: string }> {
  const codeVerifier = randomValue();
  return { codeVerifier, codeChallenge: createHash('sha256').update(codeVerifier, 'ascii').digest('base64url') };
}

/** 32 random bytes, base64url: state and nonce values. */
export function randomValue(): string {
  return randomBytes(32).toString('base64url');
}
