import * as oauth from 'oauth4webapi';

/** A fresh RFC 7636 verifier and its S256 challenge (plain is never used). */
export async function createPkce(): Promise<{ codeVerifier: string; codeChallenge: string }> {
  const codeVerifier = oauth.generateRandomCodeVerifier();
  return { codeVerifier, codeChallenge: await oauth.calculatePKCECodeChallenge(codeVerifier) };
}

/** 32 random bytes, base64url: state and nonce values. */
export function randomValue(): string {
  return oauth.generateRandomState();
}
