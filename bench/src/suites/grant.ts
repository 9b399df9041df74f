import { randomUUID, createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MemorySessionStore, SignetClient, SignetSessions, type LoginResult, type SealedGrant } from '@signet/core';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { startGrantAs } from '../lib/grant-as.js';
import { fixtures } from '../lib/keys.js';
import { compare, pairedRatio, type Measured, type MeasureOptions } from '../lib/measure.js';

export interface GrantResult {
  profile: {
    contenders: Measured[];
    /** bare ops/s over Signet ops/s − 1, paired per round. */
    overhead: number;
  };
  singleFlight: {
    concurrentCalls: number;
    /** Refresh requests that reached the token endpoint. */
    refreshRequests: number;
    answered200: number;
    other: Record<string, number>;
    ms: number;
  };
  vault: { contenders: Measured[] };
  notes: string[];
}

const CLIENT_ID = 'bench-client';
const SECRET = 'grant-bench-secret-0123456789abcdef-0123456789';

/** A LoginResult as a verified callback yields it, with tokens the local AS issued for this DPoP key. */
function login(tokens: { accessToken: string; refreshToken: string }, expiresAt: number, dpopKey: CryptoKeyPair) {
  const result: LoginResult = {
    subject: 'bench-user',
    claims: { iss: 'x', sub: 'bench-user', aud: CLIENT_ID, iat: 0, exp: 0, name: 'Bench User' },
    tokens: { ...tokens, tokenType: 'DPoP', scope: 'openid', expiresAt },
    dpopKey,
  };
  return result;
}

interface CryptoKeyPair {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

/** The bare side: a DPoP proof built by hand with jose (RFC 9449 §4.2, with `ath`), then fetch. */
function bareProof(key: CryptoKeyPair, jwk: JWK) {
  return (htu: string, accessToken: string) =>
    new SignJWT({ htm: 'GET', htu, ath: createHash('sha256').update(accessToken).digest('base64url') })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
      .setIssuedAt()
      .setJti(randomUUID())
      .sign(key.privateKey);
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

/**
 * The grant in use: an `/api/profile`-style route through `SignetSessions` (open the session from its cookie id,
 * open the vault, DPoP proof with `ath`, call the resource, relay its JSON) against a bare route doing the call with
 * a hand-built jose proof; 1,000 concurrent calls on one expired grant; the vault's seal and open.
 */
export async function run(options: MeasureOptions & { scale: number }): Promise<GrantResult> {
  const keys = await fixtures();
  const as = await startGrantAs({ accessTokenTtl: 300 });
  const app = createServer();
  try {
    const client = await SignetClient.create({
      issuer: as.issuer,
      clientId: CLIENT_ID,
      redirectUri: 'http://127.0.0.1:3000/callback',
      signingKeys: [keys.clientSigning.ES256.privateJwk],
      dpop: { perSession: true },
    });
    await client.metadata();
    const sessions = await SignetSessions.create(client, { store: new MemorySessionStore(), secrets: SECRET });
    const dpopKey = (await generateKeyPair('ES256', { extractable: true })) as CryptoKeyPair;
    const publicJwk = await exportJWK(dpopKey.publicKey);
    const jkt = await calculateJwkThumbprint(publicJwk);
    const now = () => Math.floor(Date.now() / 1000);

    const live = await sessions.start(login(as.issue(jkt), now() + 3600, dpopKey));
    const bareToken = as.issue(jkt).accessToken;
    const proof = bareProof(dpopKey, publicJwk);

    app.on('request', (req, res) => {
      void (async () => {
        let answer: Response;
        if (req.url === '/api/profile') {
          const view = await sessions.open(req.headers.cookie?.slice('sid='.length));
          if (!view) {
            res.writeHead(401).end();
            return;
          }
          answer = await sessions.fetch(view, as.resourceUrl);
        } else {
          answer = await fetch(as.resourceUrl, {
            headers: { authorization: `DPoP ${bareToken}`, dpop: await proof(as.resourceUrl, bareToken) },
          });
        }
        const text = await answer.text();
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(text);
      })().catch(() => res.writeHead(500).end());
    });
    const base = await listen(app);
    const call = (path: string, cookie?: string) => async () => {
      const r = await fetch(`${base}${path}`, cookie ? { headers: { cookie } } : {});
      await r.text();
      if (r.status !== 200) throw new Error(`${path} answered ${r.status}`);
    };
    const profile = await compare(
      [
        {
          name: 'Signet /api/profile',
          includes:
            'loopback GET, sessions.open(cookie id) (memory store, idle timeout moved), vault opened (dir + A256GCM), oauth4webapi DPoP proof with ath, resource call over loopback (proof verified there), JSON relayed',
          fn: call('/api/profile', `sid=${live.id}`),
        },
        {
          name: 'bare route',
          includes:
            'loopback GET, jose SignJWT DPoP proof with ath (key and token in memory), resource call over loopback (proof verified there), JSON relayed',
          fn: call('/bare/profile'),
        },
      ],
      options,
    );
    const overhead = Math.round((pairedRatio(profile[1]!, profile[0]!) - 1) * 1000) / 1000;

    // One expired grant, 1,000 concurrent calls: the in-process single flight must redeem the refresh token once.
    const expired = await sessions.start(login(as.issue(jkt), now() - 5, dpopKey));
    const concurrentCalls = Math.max(100, Math.round(1000 * Math.min(1, options.scale * 20)));
    const before = as.counts.refresh;
    const t0 = performance.now();
    const statuses = await Promise.all(
      Array.from({ length: concurrentCalls }, () =>
        sessions.fetch(expired, as.resourceUrl).then(
          async (r) => (await r.text(), String(r.status)),
          (err: unknown) => (err as { code?: string }).code ?? 'error',
        ),
      ),
    );
    const ms = Math.round(performance.now() - t0);
    const other: Record<string, number> = {};
    for (const s of statuses) if (s !== '200') other[s] = (other[s] ?? 0) + 1;

    // The vault alone: what every request pays to open it, and a refresh or sign-in to seal it.
    const vaultFns = await vaultInternals();
    const vaultKeys = await vaultFns.deriveVaultKeys(SECRET);
    const sample: SealedGrant = {
      accessToken: bareToken,
      refreshToken: 'r'.repeat(32),
      idToken: 'e30.' + 'x'.repeat(600) + '.sig',
      dpopKey: (await exportJWK(dpopKey.privateKey)) as Record<string, unknown>,
    };
    const sealed = await vaultFns.sealGrant(sample, 'session:bench', vaultKeys);
    const vault = await compare(
      [
        {
          name: 'seal',
          includes: 'sealGrant: JSON + JWE dir/A256GCM of tokens and DPoP private key',
          fn: () => vaultFns.sealGrant(sample, 'session:bench', vaultKeys),
        },
        {
          name: 'open',
          includes: 'openGrant: header, key by kid, decrypt, binding and shape checks',
          fn: () => vaultFns.openGrant(sealed, 'session:bench', vaultKeys),
        },
      ],
      options,
    );

    return {
      profile: { contenders: profile, overhead },
      singleFlight: {
        concurrentCalls,
        refreshRequests: as.counts.refresh - before,
        answered200: statuses.filter((s) => s === '200').length,
        other,
        ms,
      },
      vault: { contenders: vault },
      notes: [
        'Everything runs in the benchmark process: the local AS and resource (verifying every DPoP proof), the route server and the client.',
        'The sessions come from SignetSessions.start() with tokens the local AS issued for the DPoP key (no browser sign-in).',
      ],
    };
  } finally {
    app.closeAllConnections();
    await new Promise((resolve) => app.close(resolve));
    await as.close();
  }
}

interface VaultInternals {
  deriveVaultKeys(secrets: string): Promise<unknown>;
  sealGrant(grant: SealedGrant, sessionKey: string, vault: unknown): Promise<string>;
  openGrant(sealed: string, sessionKey: string, vault: unknown): Promise<SealedGrant>;
}

/** The vault operations, from the built files beside `@signet/core`'s entry (the index does not export them). */
async function vaultInternals(): Promise<VaultInternals> {
  const entry = import.meta.resolve('@signet/core');
  const load = (path: string) => import(new URL(path, entry).href) as Promise<Record<string, unknown>>;
  const [keys, seal, open] = await Promise.all([
    load('./vault/vault-keys.js'),
    load('./vault/seal-grant.js'),
    load('./vault/open-grant.js'),
  ]);
  return {
    deriveVaultKeys: keys.deriveVaultKeys as VaultInternals['deriveVaultKeys'],
    sealGrant: seal.sealGrant as VaultInternals['sealGrant'],
    openGrant: open.openGrant as VaultInternals['openGrant'],
  };
}
