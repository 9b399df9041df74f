import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK } from 'jose';
import { startDevAs, type DevAs } from '../src/index.js';
import { completeLogin } from '../src/testing.js';
import { devAsClient, type TestClient } from './support/clients.js';
import {
  asJwks,
  baseParams,
  clientAuth,
  discover,
  postForm,
  pushedAuthorizationUrl,
  redeemCode,
  responseParam,
  verifyJarm,
  type Discovery,
} from './support/fapi.js';

// The features Signet's grant layer needs of dev-as: refresh with rotation, revocation, end_session,
// back-channel logout delivery and a protected resource that checks DPoP-bound tokens.

let as: DevAs;
let discovery: Discovery;
let client: TestClient;
let logoutReceiver: Server;
const received: string[] = [];

interface Dpop {
  privateKey: CryptoKey;
  jwk: JWK;
}

async function dpopKey(): Promise<Dpop> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  return { privateKey, jwk: await exportJWK(publicKey) };
}

async function proof(key: Dpop, htm: string, htu: string, claims: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT({ htm, htu, jti: randomUUID(), ...claims })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk })
    .setIssuedAt(typeof claims['iat'] === 'number' ? claims['iat'] : undefined)
    .sign(key.privateKey);
}

const ath = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Signs in through PAR + JARM and redeems the code (DPoP-bound when a key is given). */
async function signIn(key?: Dpop): Promise<Record<string, unknown>> {
  const flow = baseParams(client, { scope: 'openid offline_access' });
  const outcome = await completeLogin(await pushedAuthorizationUrl(discovery, client, flow.params));
  if (outcome.kind !== 'redirect') throw new Error('expected a redirect');
  const jarm = await verifyJarm(discovery, client, responseParam(outcome.url));
  const headers = key ? { dpop: await proof(key, 'POST', discovery.token_endpoint) } : undefined;
  const token = await redeemCode(discovery, client, String(jarm['code']), flow.verifier, headers);
  expect(token.status).toBe(200);
  return token.body;
}

async function refresh(refreshToken: string, key?: Dpop) {
  return postForm(
    discovery.token_endpoint,
    { ...(await clientAuth(client, as.issuer)), grant_type: 'refresh_token', refresh_token: refreshToken },
    key ? { dpop: await proof(key, 'POST', discovery.token_endpoint) } : {},
  );
}

/** Calls the resource with a DPoP proof, answering its nonce challenge once as a client would. */
async function callResource(token: string, key: Dpop, claims: Record<string, unknown> = {}) {
  const call = async (nonce?: string) =>
    fetch(as.resourceUrl, {
      headers: {
        authorization: `DPoP ${token}`,
        dpop: await proof(key, 'GET', as.resourceUrl, { ath: ath(token), ...(nonce ? { nonce } : {}), ...claims }),
      },
    });
  const first = await call();
  if (first.status === 401 && first.headers.get('www-authenticate')?.includes('use_dpop_nonce'))
    return call(first.headers.get('dpop-nonce')!);
  return first;
}

beforeAll(async () => {
  logoutReceiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push(new URLSearchParams(body).get('logout_token') ?? '');
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => logoutReceiver.listen(0, '127.0.0.1', resolve));
  const port = (logoutReceiver.address() as AddressInfo).port;
  client = await devAsClient('grant-client', 'ES256', {
    backchannel_logout_uri: `http://127.0.0.1:${port}/backchannel-logout`,
    backchannel_logout_session_required: true,
    post_logout_redirect_uris: ['http://127.0.0.1:3999/'],
  });
  as = await startDevAs({ clients: [client.metadata] });
  discovery = await discover(as.issuer);
});

afterAll(async () => {
  await as?.close();
  await new Promise<void>((resolve) => logoutReceiver?.close(() => resolve()));
});

describe('dev-as grant features', () => {
  it('advertises revocation, end_session and back-channel logout with sessions', () => {
    expect(discovery).toMatchObject({
      revocation_endpoint: `${as.issuer}/token/revocation`,
      end_session_endpoint: `${as.issuer}/session/end`,
      backchannel_logout_supported: true,
      backchannel_logout_session_supported: true,
    });
  });

  it('rotates the refresh token on every refresh and refuses the old one (invalid_grant)', async () => {
    const tokens = await signIn();
    const before = as.counters.refresh;
    const first = await refresh(String(tokens['refresh_token']));
    expect(first.status).toBe(200);
    expect(first.body['refresh_token']).not.toEqual(tokens['refresh_token']);
    const replayed = await refresh(String(tokens['refresh_token']));
    expect(replayed.status).toBe(400);
    expect(replayed.body['error']).toBe('invalid_grant');
    expect(as.counters.refresh - before).toBe(2);
  });

  it('issues access tokens with the live lifetime', async () => {
    as.lifetimes.AccessToken = 7;
    try {
      const tokens = await signIn();
      expect(tokens['expires_in']).toBe(7);
    } finally {
      as.lifetimes.AccessToken = 600;
    }
  });

  it('revokes a refresh token (RFC 7009) so that it no longer refreshes', async () => {
    const tokens = await signIn();
    const revoked = await fetch(String(discovery['revocation_endpoint']), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        ...(await clientAuth(client, as.issuer)),
        token: String(tokens['refresh_token']),
        token_type_hint: 'refresh_token',
      }),
    });
    expect(revoked.status).toBe(200);
    expect((await refresh(String(tokens['refresh_token']))).body['error']).toBe('invalid_grant');
  });

  it('revokeRefreshTokens makes the next refresh invalid_grant', async () => {
    const tokens = await signIn();
    expect(await as.revokeRefreshTokens('alice')).toBeGreaterThan(0);
    expect((await refresh(String(tokens['refresh_token']))).body['error']).toBe('invalid_grant');
  });

  it('serves a bearer token at the resource, and refuses it presented as DPoP', async () => {
    const tokens = await signIn();
    const token = String(tokens['access_token']);
    const ok = await fetch(as.resourceUrl, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ sub: 'alice', client_id: 'grant-client', dpop_bound: false });
    const missing = await fetch(as.resourceUrl);
    expect(missing.status).toBe(401);
  });

  describe('the resource with a DPoP-bound token', () => {
    let key: Dpop;
    let token: string;

    beforeAll(async () => {
      key = await dpopKey();
      const tokens = await signIn(key);
      expect(tokens['token_type']).toBe('DPoP');
      token = String(tokens['access_token']);
    });

    it('accepts a proof of the bound key after the nonce challenge', async () => {
      const answer = await callResource(token, key);
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({ sub: 'alice', dpop_bound: true });
    });

    it('asks for a nonce first (use_dpop_nonce with a DPoP-Nonce header)', async () => {
      const answer = await fetch(as.resourceUrl, {
        headers: {
          authorization: `DPoP ${token}`,
          dpop: await proof(key, 'GET', as.resourceUrl, { ath: ath(token) }),
        },
      });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toContain('use_dpop_nonce');
      expect(answer.headers.get('dpop-nonce')).toBeTruthy();
    });

    it('refuses the bound token presented as Bearer', async () => {
      const answer = await fetch(as.resourceUrl, { headers: { authorization: `Bearer ${token}` } });
      expect(answer.status).toBe(401);
    });

    it('refuses a proof signed by another key (cnf.jkt binding)', async () => {
      expect((await callResource(token, await dpopKey())).status).toBe(401);
    });

    it.each([
      ['a wrong ath', { ath: ath('another token') }],
      ['a wrong htu', { htu: `${'http://127.0.0.1:1'}/resource` }],
      ['a wrong htm', { htm: 'POST' }],
      ['a stale iat', { iat: Math.floor(Date.now() / 1000) - 600 }],
    ])('refuses a proof with %s', async (_label, claims) => {
      const answer = await callResource(token, key, claims);
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toContain('invalid_dpop_proof');
    });

    it('refuses a replayed proof (jti seen)', async () => {
      const challenge = await fetch(as.resourceUrl, { headers: { authorization: `DPoP ${token}` } });
      expect(challenge.status).toBe(401);
      const first = await callResource(token, key);
      const nonce = first.headers.get('dpop-nonce')!;
      const once = await proof(key, 'GET', as.resourceUrl, { ath: ath(token), nonce });
      const headers = { authorization: `DPoP ${token}`, dpop: once };
      expect((await fetch(as.resourceUrl, { headers })).status).toBe(200);
      expect((await fetch(as.resourceUrl, { headers })).status).toBe(401);
    });
  });

  it('delivers a back-channel logout token signed by the AS with sid, sub and the event', async () => {
    received.length = 0;
    await as.backchannelLogout(client.id, 'alice', 'a-session-id');
    expect(received).toHaveLength(1);
    const { payload, protectedHeader } = await jwtVerify(received[0]!, createLocalJWKSet(await asJwks(discovery)), {
      issuer: as.issuer,
      audience: client.id,
    });
    expect(protectedHeader.typ).toBe('logout+jwt');
    expect(payload).toMatchObject({
      sub: 'alice',
      sid: 'a-session-id',
      events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
    });
    expect(payload).not.toHaveProperty('nonce');
  });

  it('ends the session at end_session and returns to the registered post_logout_redirect_uri', async () => {
    const tokens = await signIn();
    const url = new URL(String(discovery['end_session_endpoint']));
    url.searchParams.set('id_token_hint', String(tokens['id_token']));
    url.searchParams.set('post_logout_redirect_uri', 'http://127.0.0.1:3999/');
    url.searchParams.set('state', 'logout-state');
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    // Without an AS session cookie there is nothing to confirm: the page posts the confirmation itself.
    const action = /action="([^"]+)"/.exec(html)![1]!;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1]!;
    const confirm = await fetch(new URL(action, as.issuer), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: page.headers.getSetCookie().join('; ') },
      body: new URLSearchParams({ xsrf, logout: 'yes' }),
      redirect: 'manual',
    });
    expect(confirm.status).toBe(303);
    expect(confirm.headers.get('location')).toBe('http://127.0.0.1:3999/?state=logout-state');
  });
});
