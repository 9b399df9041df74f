import { createHash } from 'node:crypto';
import { randomValue } from '../random/random-value.js';

// node:crypto rather than WebCrypto: the same CSPRNG (random/random-value.ts) and SHA-256, without a thread-pool round trip per login
// (the S256 challenge through crypto.subtle.digest cost ~30 µs against ~4 µs here; see BENCHMARKS.md).

/** A fresh RFC 7636 verifier (32 random bytes, base64url: 43 characters) and its S256 challenge (plain is never used). */
export async function createPkce(): Promise<{ codeVerifier: string; codeChallenge: string }> {
  const codeVerifier = randomValue();
  return { codeVerifier, codeChallenge: createHash('sha256').update(codeVerifier, 'ascii').digest('base64url') };
}
