import { randomBytes } from 'node:crypto';
import { CompactEncrypt, importJWK, SignJWT } from 'jose';
import { CookieTransactionStore, isSignetError, SignetClient, type CookieJar } from '@signet/core';
import { startTestAuthorizationServer } from '@signet/testing';
import { fixtures } from '../lib/keys.js';

const CLIENT_ID = 'bench-client';
const REDIRECT_URI = 'http://127.0.0.1:3000/callback';

/** CPU per refused callback, one case. */
export interface RefusalCase {
  case: string;
  callbacks: number;
  /** User + system CPU per callback, microseconds (process.cpuUsage around the whole loop). */
  cpuMicrosPerCallback: number;
  refusedByCode: Record<string, number>;
}

export interface RefusalResult {
  cases: RefusalCase[];
  /** CPU of a refusal after decryption and verification over CPU of one refused before any: how much is saved. */
  savedRatio: number;
}

/** A jar holding the given cookies; writes and clears are dropped (each callback sees the same browser). */
function jar(cookies: Map<string, string>): CookieJar {
  return {
    get: (name) => cookies.get(name),
    set: () => undefined,
    clear: () => undefined,
    names: () => [...cookies.keys()],
  };
}

/**
 * Issue 9 item 10, "cheap before costly": an attacker's flood of encrypted responses (RSA-OAEP-256 nested JWE,
 * each with its own state) through SignetClient.callback with the cookie store. With no Signet transaction cookie
 * in the browser, the refusal comes before any decryption or signature work; with a cookie of another login, the
 * response must be decrypted and verified before it is refused (the cost the early refusal saves).
 */
export async function run(scale: number): Promise<RefusalResult> {
  const keys = await fixtures();
  const as = await startTestAuthorizationServer({
    clientId: CLIENT_ID,
    signingKey: keys.asSigning.ES256,
    skipClientChecks: true,
  });
  try {
    const client = await SignetClient.create({
      issuer: as.issuer,
      clientId: CLIENT_ID,
      redirectUri: REDIRECT_URI,
      signingKeys: [keys.clientSigning.ES256.privateJwk],
      decryptionKeys: [keys.clientDecryption.rsa.privateJwk],
      store: new CookieTransactionStore({ secrets: randomBytes(32).toString('base64url') }),
    });
    // One real pending login in a browser: its cookie makes "another login's cookie" true.
    const stored = new Map<string, string>();
    await client.authorize({}, { cookies: { ...jar(stored), set: (name, value) => void stored.set(name, value) } });

    const count = Math.max(50, Math.round(1000 * scale));
    const signer = keys.asSigning.ES256;
    const encryptTo = await importJWK(keys.clientDecryption.rsa.publicJwk, 'RSA-OAEP-256');
    const now = Math.floor(Date.now() / 1000);
    const responses = await Promise.all(
      Array.from({ length: count }, async () => {
        const jws = await new SignJWT({ code: 'c', state: randomBytes(16).toString('base64url') })
          .setProtectedHeader({ alg: 'ES256', kid: signer.kid })
          .setIssuer(as.issuer)
          .setAudience(CLIENT_ID)
          .setIssuedAt(now)
          .setExpirationTime(now + 600)
          .sign(signer.privateKey);
        return new CompactEncrypt(new TextEncoder().encode(jws))
          .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', cty: 'JWT', kid: keys.clientDecryption.rsa.kid })
          .encrypt(encryptTo);
      }),
    );

    const measure = async (name: string, cookies: Map<string, string>): Promise<RefusalCase> => {
      const refusedByCode: Record<string, number> = {};
      const callback = async (response: string) => {
        try {
          await client.callback({ delivery: 'query', params: { response } }, { cookies: jar(cookies) });
          throw new Error('a forged response was accepted');
        } catch (err) {
          if (!isSignetError(err)) throw err;
          refusedByCode[err.code] = (refusedByCode[err.code] ?? 0) + 1;
        }
      };
      for (const response of responses.slice(0, 20)) await callback(response); // warm-up: JIT, JWKS cache
      for (const code of Object.keys(refusedByCode)) delete refusedByCode[code];
      const before = process.cpuUsage();
      for (const response of responses) await callback(response);
      const used = process.cpuUsage(before);
      return {
        case: name,
        callbacks: responses.length,
        cpuMicrosPerCallback: Math.round(((used.user + used.system) / responses.length) * 10) / 10,
        refusedByCode,
      };
    };
    const early = await measure('no Signet transaction cookie (refused before decryption)', new Map());
    const late = await measure("another login's transaction cookie (decrypted and verified, then refused)", stored);
    return {
      cases: [early, late],
      savedRatio: Math.round((late.cpuMicrosPerCallback / early.cpuMicrosPerCallback) * 10) / 10,
    };
  } finally {
    await as.close();
  }
}
