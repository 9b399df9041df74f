import { setTimeout as sleep } from 'node:timers/promises';
import { SignJWT } from 'jose';
import { RemoteKeySet, resolveOptions, isSignetError } from '@signet/core';
import { coreInternals } from '../lib/core-internals.js';
import { startTestAuthorizationServer } from '@signet/testing';
import { benchKey, fixtures, type BenchKey } from '../lib/keys.js';

const CLIENT_ID = 'bench-client';

export interface JwksResult {
  steadyState: {
    verifications: number;
    fetchesForFirst: number;
    fetchesAfterFirst: number;
    serverHitsAfterFirst: number;
    target: string;
    ms: number;
  };
  rotation: {
    concurrentVerifications: number;
    fetches: number;
    serverHits: number;
    verified: number;
    refused: Record<string, number>;
    target: string;
    ms: number;
    note: string;
  };
}

async function response(issuer: string, key: BenchKey, state: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ code: 'c', state })
    .setProtectedHeader({ alg: key.alg, kid: key.kid })
    .setIssuer(issuer)
    .setAudience(CLIENT_ID)
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(key.privateKey);
}

/** jwks_uri fetches, counted by the RemoteKeySet and by the local JWKS server, for steady state and a rotation. */
export async function run(scale: number): Promise<JwksResult> {
  const keys = await fixtures();
  const as = await startTestAuthorizationServer({
    clientId: CLIENT_ID,
    signingKey: keys.asSigning.ES256,
    skipClientChecks: true,
  });
  const core = await coreInternals();
  try {
    // jwksCooldown 1 s (the default is 30 s): the rotation below waits it out instead of waiting 30 s.
    const config = await resolveOptions({
      issuer: as.issuer,
      clientId: CLIENT_ID,
      redirectUri: 'http://127.0.0.1:3000/cb',
      signingKeys: [keys.clientSigning.ES256.privateJwk],
      jwksCooldown: 1,
    });
    const keySet = new RemoteKeySet(as.jwksUri, config);
    const verifications = Math.round(10_000 * scale);
    const tokens = await Promise.all(
      Array.from({ length: 16 }, (_, i) => response(as.issuer, keys.asSigning.ES256, `s${i}`)),
    );

    let started = performance.now();
    await core.verifyResponseJws(config, keySet, tokens[0]!);
    const fetchesForFirst = keySet.fetches;
    const hitsAfterFirst = as.counts.jwks;
    for (let i = 1; i < verifications; i++) await core.verifyResponseJws(config, keySet, tokens[i % tokens.length]!);
    const steadyState = {
      verifications,
      fetchesForFirst,
      fetchesAfterFirst: keySet.fetches - fetchesForFirst,
      serverHitsAfterFirst: as.counts.jwks - hitsAfterFirst,
      target: '0 after the first',
      ms: Math.round(performance.now() - started),
    };

    // Rotation: the AS publishes a new key (keeping the old one) and signs with it from now on.
    await sleep(1100);
    const rotated = await benchKey('ES256', 'as-es256-rotated');
    as.publish([keys.asSigning.ES256.publicJwk, rotated.publicJwk]);
    const concurrent = Math.round(1000 * scale);
    const fresh = await Promise.all(
      Array.from({ length: concurrent }, (_, i) => response(as.issuer, rotated, `r${i}`)),
    );
    const fetchesBefore = keySet.fetches;
    const hitsBefore = as.counts.jwks;
    const refused: Record<string, number> = {};
    let verified = 0;
    started = performance.now();
    await Promise.all(
      fresh.map((jws) =>
        core.verifyResponseJws(config, keySet, jws).then(
          () => verified++,
          (err: unknown) => {
            const code = isSignetError(err) ? err.code : 'unexpected';
            refused[code] = (refused[code] ?? 0) + 1;
          },
        ),
      ),
    );
    return {
      steadyState,
      rotation: {
        concurrentVerifications: concurrent,
        fetches: keySet.fetches - fetchesBefore,
        serverHits: as.counts.jwks - hitsBefore,
        verified,
        refused,
        target: '1',
        ms: Math.round(performance.now() - started),
        note: 'all verifications start in one tick against a warm key set whose cooldown has passed; jose shares one pending reload among them',
      },
    };
  } finally {
    await as.close();
  }
}
