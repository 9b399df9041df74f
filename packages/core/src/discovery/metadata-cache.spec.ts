import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { resolveOptions, type ClientConfig } from '../config/resolve-options.js';
import { MetadataCache } from './metadata-cache.js';

/** What the tiny discovery server answers next: a status and an issuer (the configured one unless changed). */
let answer: { status: number; issuer?: string };
let requests = 0;
let server: Server;
let issuer: string;
let jwk: JWK;

function metadata(iss: string) {
  return {
    issuer: iss,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    pushed_authorization_request_endpoint: `${issuer}/par`,
    jwks_uri: `${issuer}/jwks`,
  };
}

async function cache(options: { discoveryTtl?: number } = {}): Promise<MetadataCache> {
  const config: ClientConfig = await resolveOptions({
    issuer,
    clientId: 'client-1',
    redirectUri: 'https://rp.example/callback',
    signingKeys: [jwk],
    ...options,
  });
  return new MetadataCache(config);
}

beforeAll(async () => {
  jwk = await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey);
  server = createServer((req, res) => {
    requests++;
    if (req.url !== '/.well-known/openid-configuration' || answer.status !== 200) {
      res.writeHead(req.url === '/.well-known/openid-configuration' ? answer.status : 404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(metadata(answer.issuer ?? issuer)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  answer = { status: 200 };
  requests = 0;
});
afterEach(() => {
  jest.restoreAllMocks();
});

/** Moves Date.now() forward by `seconds` from now on. */
function advance(seconds: number) {
  const real = Date.now.bind(Date);
  const offset = seconds * 1000;
  jest.spyOn(Date, 'now').mockImplementation(() => real() + offset);
}

describe('MetadataCache', () => {
  it('serves cached metadata within the TTL', async () => {
    const c = await cache({ discoveryTtl: 3600 });
    await c.get();
    await c.get();
    expect(c.fetches).toBe(1);
    expect(requests).toBe(1);
  });

  it('refetches once the TTL has passed', async () => {
    const c = await cache({ discoveryTtl: 60 });
    await c.get();
    advance(61);
    await c.get();
    expect(c.fetches).toBe(2);
  });

  it('makes concurrent callers share one fetch', async () => {
    const c = await cache();
    const results = await Promise.all(Array.from({ length: 10 }, () => c.get()));
    expect(new Set(results).size).toBe(1);
    expect(requests).toBe(1);
  });

  it('keeps serving the last good metadata when a refresh fails', async () => {
    const c = await cache({ discoveryTtl: 60 });
    const good = await c.get();
    answer = { status: 500 };
    advance(61);
    await expect(c.get()).resolves.toBe(good);
    // ... and does not hammer the failing endpoint on every call.
    const before = requests;
    await c.get();
    expect(requests).toBe(before);
  });

  it('refuses without metadata when the first fetch fails', async () => {
    answer = { status: 500 };
    await expect((await cache()).get()).rejects.toMatchObject({ code: 'ERR_DISCOVERY_FAILED' });
  });

  it('never masks an issuer mismatch with the last good metadata, and forgets it', async () => {
    const c = await cache({ discoveryTtl: 60 });
    await c.get();
    answer = { status: 200, issuer: 'https://attacker.example' };
    advance(61);
    await expect(c.get()).rejects.toMatchObject({ code: 'ERR_DISCOVERY_ISSUER_MISMATCH' });
    // Even once the server is right again, nothing stale was kept: the next call fetches afresh.
    answer = { status: 200 };
    const before = requests;
    await expect(c.get()).resolves.toMatchObject({ issuer });
    expect(requests).toBe(before + 1);
  });

  it('refuses an issuer that differs only by a trailing slash', async () => {
    answer = { status: 200, issuer: `${issuer}/` };
    await expect((await cache()).get()).rejects.toMatchObject({ code: 'ERR_DISCOVERY_ISSUER_MISMATCH' });
  });

  it('shares one failed fetch among concurrent callers, then retries on the next call', async () => {
    answer = { status: 500 };
    const c = await cache();
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => c.get()));
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
    expect(c.fetches).toBe(1);
    answer = { status: 200 };
    await expect(c.get()).resolves.toMatchObject({ issuer });
  });
});
