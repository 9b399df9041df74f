import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { JWK } from 'jose';
import { generateRpKeys, startDevAs, type DevAs, type Jwks } from '../src/index.js';
import { sampleClientMetadata } from '../src/sample-client.js';
import { completeLogin } from '../src/testing.js';
import type { TestClient } from './support/clients.js';
import { baseParams, discover, pushedAuthorizationUrl, redeemCode, responseParam, verifyJarm } from './support/fapi.js';

/** The CLI's client, driven exactly as the sample app would (PAR + JAR + JARM, ES256 from rp.json). */
let rpKeys: Jwks;
let as: DevAs;

function asTestClient(metadata: ReturnType<typeof sampleClientMetadata>): TestClient {
  const [signingKey, decryptionKey] = rpKeys.keys as [JWK, JWK];
  return { id: metadata.client_id, alg: 'ES256', signingKey, decryptionKey, metadata };
}

beforeAll(async () => {
  rpKeys = await generateRpKeys();
});

afterAll(async () => {
  await as?.close();
});

describe('sampleClientMetadata', () => {
  it('derives both callbacks from SIGNET_REDIRECT_URI and only encrypts on request', () => {
    const plain = sampleClientMetadata({ SIGNET_REDIRECT_URI: 'http://127.0.0.1:4000/callback' }, rpKeys);
    expect(plain).toMatchObject({
      client_id: 'sample-rp',
      redirect_uris: ['http://127.0.0.1:4000/callback', 'http://127.0.0.1:4000/passport/callback'],
      token_endpoint_auth_method: 'private_key_jwt',
      authorization_signed_response_alg: 'ES256',
    });
    expect(plain).not.toHaveProperty('authorization_encrypted_response_alg');
    expect(plain.backchannel_logout_uri).toBe('http://127.0.0.1:4000/backchannel-logout');
    expect(JSON.stringify(plain.jwks)).not.toContain('"d"');

    const encrypted = sampleClientMetadata({ DEV_AS_ENCRYPT_RESPONSES: 'true', SIGNET_CLIENT_ID: 'other' }, rpKeys);
    expect(encrypted).toMatchObject({
      client_id: 'other',
      redirect_uris: ['http://127.0.0.1:3000/callback', 'http://127.0.0.1:3000/passport/callback'],
      authorization_encrypted_response_alg: 'ECDH-ES',
      authorization_encrypted_response_enc: 'A256GCM',
    });
  });

  it("registers a partner's callback and back-channel endpoint for a second issuer", () => {
    const partner = sampleClientMetadata(
      {
        SIGNET_CLIENT_ID: 'sample-rp-bank-b',
        SIGNET_REDIRECT_URI: 'http://127.0.0.1:3000/callback/bankB',
        DEV_AS_BACKCHANNEL_LOGOUT_URI: 'http://127.0.0.1:3000/backchannel-logout/bankB',
      },
      rpKeys,
    );
    expect(partner).toMatchObject({
      client_id: 'sample-rp-bank-b',
      redirect_uris: expect.arrayContaining(['http://127.0.0.1:3000/callback/bankB']),
      backchannel_logout_uri: 'http://127.0.0.1:3000/backchannel-logout/bankB',
    });
  });

  it.each([
    ['signed', {}],
    ['signed + encrypted', { DEV_AS_ENCRYPT_RESPONSES: 'true' }],
  ])('works end to end (%s JARM), including userinfo', async (_label, env) => {
    const metadata = sampleClientMetadata(env, rpKeys);
    await as?.close();
    as = await startDevAs({ clients: [metadata] });
    const discovery = await discover(as.issuer);
    const rp = asTestClient(metadata);

    const flow = baseParams(rp, {
      redirect_uri: 'http://127.0.0.1:3000/callback',
      scope: 'openid profile email offline_access',
    });
    const outcome = await completeLogin(await pushedAuthorizationUrl(discovery, rp, flow.params));
    if (outcome.kind !== 'redirect') throw new Error(`expected a redirect, got ${outcome.kind}`);
    expect(outcome.url.startsWith('http://127.0.0.1:3000/callback?response=')).toBe(true);
    const jarm = await verifyJarm(discovery, rp, responseParam(outcome.url));

    const token = await redeemCode(
      discovery,
      rp,
      String(jarm['code']),
      flow.verifier,
      {},
      'http://127.0.0.1:3000/callback',
    );
    expect(token.status).toBe(200);
    expect(typeof token.body['refresh_token']).toBe('string');

    const userinfo = await fetch(String(discovery['userinfo_endpoint']), {
      headers: { authorization: `Bearer ${String(token.body['access_token'])}` },
    });
    expect(await userinfo.json()).toEqual({
      sub: 'alice',
      name: 'Alice Example',
      email: 'alice@example.test',
      email_verified: true,
    });
  });
});
