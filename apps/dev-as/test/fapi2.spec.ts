import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { startDevAs, type DevAs } from '../src/index.js';
import { completeLogin } from '../src/testing.js';
import { REDIRECT_URI, devAsClient, type TestClient } from './support/clients.js';
import {
  asJwks,
  baseParams,
  clientAssertion,
  discover,
  dpopProof,
  postForm,
  pushedAuthorizationUrl,
  redeemCode,
  requestObject,
  responseParam,
  verifyJarm,
  type Discovery,
} from './support/fapi.js';

// One AS for the whole file: a FAPI 2.0 deployment where every client is held to FAPI 2.0.
let as: DevAs;
let discovery: Discovery;
const clients: Record<string, TestClient> = {};

beforeAll(async () => {
  const made = await Promise.all([
    devAsClient('rp-es256', 'ES256'),
    devAsClient('rp-ps256', 'PS256'),
    devAsClient('rp-eddsa', 'EdDSA'),
    devAsClient('rp-encrypted-jarm', 'ES256', {
      authorization_encrypted_response_alg: 'ECDH-ES',
      authorization_encrypted_response_enc: 'A256GCM',
    }),
    devAsClient('rp-dpop', 'ES256', { dpop_bound_access_tokens: true }),
  ]);
  for (const client of made) clients[client.id] = client;
  as = await startDevAs({ clients: made.map((c) => c.metadata) });
  discovery = await discover(as.issuer);
}, 30_000); // RSA key generation for three clients and the AS: slow on a shared, loaded CPU

afterAll(async () => {
  await as?.close();
});

function client(id: string): TestClient {
  const found = clients[id];
  if (!found) throw new Error(`no test client ${id}`);
  return found;
}

describe('discovery', () => {
  it('uses the exact loopback issuer', () => {
    expect(as.issuer).toBe(`http://127.0.0.1:${as.port}`);
    expect(discovery.issuer).toBe(as.issuer);
  });

  it('advertises FAPI 2.0 requirements', () => {
    expect(discovery).toMatchObject({
      require_pushed_authorization_requests: true,
      require_signed_request_object: true,
      authorization_response_iss_parameter_supported: true,
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      code_challenge_methods_supported: ['S256'],
      response_types_supported: ['code'],
      authorization_details_types_supported: ['payment_initiation', 'account_information'],
    });
    // Order follows oidc-provider's keystore, not ours: compare as sets.
    for (const member of [
      'request_object_signing_alg_values_supported',
      'token_endpoint_auth_signing_alg_values_supported',
      'authorization_signing_alg_values_supported',
      'id_token_signing_alg_values_supported',
      'dpop_signing_alg_values_supported',
    ]) {
      expect([...(discovery[member] as string[])].sort()).toEqual(['ES256', 'EdDSA', 'PS256']);
    }
    expect(discovery['response_modes_supported']).toEqual(
      expect.arrayContaining(['jwt', 'query.jwt', 'fragment.jwt', 'form_post.jwt']),
    );
    expect(discovery['request_object_encryption_alg_values_supported']).toEqual(['ECDH-ES', 'RSA-OAEP-256']);
    expect(discovery['authorization_encryption_alg_values_supported']).toEqual(['ECDH-ES', 'RSA-OAEP-256']);
  });

  it('publishes only public keys, one per signing alg plus encryption keys', async () => {
    const { keys } = await asJwks(discovery);
    expect(keys.map((k) => k.alg).sort()).toEqual(['ECDH-ES', 'ES256', 'EdDSA', 'PS256', 'RSA-OAEP-256']);
    for (const key of keys) expect(key).not.toHaveProperty('d');
  });
});

describe('FAPI 2.0 authorization code flow (PAR + JAR + JARM)', () => {
  it.each(['rp-es256', 'rp-ps256', 'rp-eddsa'])('%s: signed JARM redirect, then the code redeems', async (id) => {
    const rp = client(id);
    const flow = baseParams(rp);
    const outcome = await completeLogin(await pushedAuthorizationUrl(discovery, rp, flow.params));

    expect(outcome.kind).toBe('redirect');
    if (outcome.kind !== 'redirect') return;
    expect(outcome.url.startsWith(`${REDIRECT_URI}?response=`)).toBe(true);
    const jarm = await verifyJarm(discovery, rp, responseParam(outcome.url));
    expect(jarm).toMatchObject({ iss: as.issuer, aud: rp.id, state: flow.state });
    expect(typeof jarm['code']).toBe('string');

    const before = as.tokenRequests;
    const token = await redeemCode(discovery, rp, String(jarm['code']), flow.verifier);
    expect(token.status).toBe(200);
    expect(as.tokenRequests).toBe(before + 1);
    expect(token.body).toMatchObject({ token_type: 'Bearer', scope: 'openid profile email' });
    const { payload, protectedHeader } = await jwtVerify(
      String(token.body['id_token']),
      createLocalJWKSet(await asJwks(discovery)),
      { issuer: as.issuer, audience: rp.id },
    );
    expect(protectedHeader.alg).toBe(rp.alg);
    expect(payload).toMatchObject({ sub: 'alice', nonce: flow.nonce });
  });
});

describe('FAPI 2.0 variants', () => {
  it('response_mode=form_post.jwt returns an auto-submitting form to the redirect_uri', async () => {
    const rp = client('rp-es256');
    const flow = baseParams(rp, { response_mode: 'form_post.jwt' });
    const outcome = await completeLogin(await pushedAuthorizationUrl(discovery, rp, flow.params));

    expect(outcome).toMatchObject({ kind: 'form_post', action: REDIRECT_URI });
    if (outcome.kind !== 'form_post') return;
    expect(Object.keys(outcome.fields)).toEqual(['response']);
    const jarm = await verifyJarm(discovery, rp, String(outcome.fields['response']));
    expect(jarm).toMatchObject({ iss: as.issuer, aud: rp.id, state: flow.state });
  });

  it('deny → signed JARM error=access_denied, and no token request reaches the AS', async () => {
    const rp = client('rp-es256');
    const flow = baseParams(rp);
    const before = as.tokenRequests;
    const outcome = await completeLogin(await pushedAuthorizationUrl(discovery, rp, flow.params), { deny: true });

    expect(outcome.kind).toBe('redirect');
    if (outcome.kind !== 'redirect') return;
    const jarm = await verifyJarm(discovery, rp, responseParam(outcome.url));
    expect(jarm).toMatchObject({ iss: as.issuer, aud: rp.id, state: flow.state, error: 'access_denied' });
    expect(jarm).not.toHaveProperty('code');
    expect(as.tokenRequests).toBe(before);
  });

  it('encrypted JARM (ECDH-ES + A256GCM) wraps the signed response', async () => {
    const rp = client('rp-encrypted-jarm');
    const flow = baseParams(rp);
    const outcome = await completeLogin(await pushedAuthorizationUrl(discovery, rp, flow.params));

    expect(outcome.kind).toBe('redirect');
    if (outcome.kind !== 'redirect') return;
    const response = responseParam(outcome.url);
    expect(response.split('.')).toHaveLength(5);
    const jarm = await verifyJarm(discovery, rp, response);
    expect(jarm).toMatchObject({ iss: as.issuer, aud: rp.id, state: flow.state });
    expect((await redeemCode(discovery, rp, String(jarm['code']), flow.verifier)).status).toBe(200);
  });

  it('accepts a request object encrypted to the AS (nested JWT)', async () => {
    const rp = client('rp-ps256');
    const flow = baseParams(rp);
    const outcome = await completeLogin(await pushedAuthorizationUrl(discovery, rp, flow.params, { encrypt: true }));

    expect(outcome.kind).toBe('redirect');
    if (outcome.kind !== 'redirect') return;
    const jarm = await verifyJarm(discovery, rp, responseParam(outcome.url));
    expect(jarm).toMatchObject({ iss: as.issuer, state: flow.state });
  });

  it('DPoP-bound client: the token request needs a proof and yields a DPoP token', async () => {
    const rp = client('rp-dpop');
    const flow = baseParams(rp);
    const outcome = await completeLogin(await pushedAuthorizationUrl(discovery, rp, flow.params));
    if (outcome.kind !== 'redirect') throw new Error(`expected a redirect, got ${outcome.kind}`);
    const code = String((await verifyJarm(discovery, rp, responseParam(outcome.url)))['code']);

    const withoutProof = await redeemCode(discovery, rp, code, flow.verifier);
    // oidc-provider hides invalid_grant details ("DPoP proof JWT not provided") from the client.
    expect(withoutProof.body).toMatchObject({ error: 'invalid_grant' });

    const proof = await dpopProof('POST', discovery.token_endpoint);
    const token = await redeemCode(discovery, rp, code, flow.verifier, { dpop: proof });
    expect(token.status).toBe(200);
    expect(token.body['token_type']).toBe('DPoP');
  });

  it('carries RFC 9396 authorization_details through consent into the token response', async () => {
    const rp = client('rp-es256');
    const details = [
      {
        type: 'payment_initiation',
        instructedAmount: { currency: 'EUR', amount: '12.34' },
        creditorName: 'Merchant A',
      },
    ];
    const flow = baseParams(rp, { authorization_details: details });
    const outcome = await completeLogin(await pushedAuthorizationUrl(discovery, rp, flow.params));
    if (outcome.kind !== 'redirect') throw new Error(`expected a redirect, got ${outcome.kind}`);
    const code = String((await verifyJarm(discovery, rp, responseParam(outcome.url)))['code']);

    const token = await redeemCode(discovery, rp, code, flow.verifier);
    expect(token.status).toBe(200);
    expect(token.body['authorization_details']).toEqual(details);
  });
});

describe('FAPI 2.0 rejections', () => {
  it('refuses a request object by value: PAR is required', async () => {
    const rp = client('rp-es256');
    const flow = baseParams(rp);
    const url = new URL(discovery.authorization_endpoint);
    url.searchParams.set('client_id', rp.id);
    url.searchParams.set('request', await requestObject(rp, as.issuer, flow.params));

    // Rejected on the AS's own error page (nothing is sent to the redirect_uri), which completeLogin quotes.
    await expect(completeLogin(url.href)).rejects.toThrow(/invalid_request.*Pushed Authorization Request must be used/);
  });

  it('refuses a PAR without a signed request object', async () => {
    const rp = client('rp-es256');
    const { params } = baseParams(rp);
    const form = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]));
    const par = await postForm(discovery.pushed_authorization_request_endpoint, {
      ...form,
      client_id: rp.id,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await clientAssertion(rp, as.issuer),
    });
    expect(par.status).toBe(400);
    expect(par.body['error_description']).toMatch(/request object/i);
  });

  it('refuses a PAR without PKCE', async () => {
    const rp = client('rp-es256');
    const { params } = baseParams(rp);
    delete params['code_challenge'];
    delete params['code_challenge_method'];
    await expect(pushedAuthorizationUrl(discovery, rp, params)).rejects.toThrow(/requires PKCE/);
  });

  it('refuses a client assertion whose aud is the token endpoint rather than the issuer', async () => {
    const rp = client('rp-es256');
    const par = await postForm(discovery.pushed_authorization_request_endpoint, {
      client_id: rp.id,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await clientAssertion(rp, discovery.token_endpoint),
      request: await requestObject(rp, as.issuer, baseParams(rp).params),
    });
    expect(par.status).toBe(401);
    expect(par.body).toMatchObject({ error: 'invalid_client' });
  });

  it('refuses a wrong code_verifier and a replayed code', async () => {
    const rp = client('rp-eddsa');
    const flow = baseParams(rp);
    const outcome = await completeLogin(await pushedAuthorizationUrl(discovery, rp, flow.params));
    if (outcome.kind !== 'redirect') throw new Error(`expected a redirect, got ${outcome.kind}`);
    const code = String((await verifyJarm(discovery, rp, responseParam(outcome.url)))['code']);

    expect((await redeemCode(discovery, rp, code, 'x'.repeat(43))).body).toMatchObject({ error: 'invalid_grant' });
    // The failed attempt above does not consume the code...
    expect((await redeemCode(discovery, rp, code, flow.verifier)).status).toBe(200);
    // ...but a successful redemption does.
    expect((await redeemCode(discovery, rp, code, flow.verifier)).body).toMatchObject({ error: 'invalid_grant' });
  });
});

describe('completeLogin', () => {
  it('quotes the AS when the login is refused (a name that is not a user name)', async () => {
    const rp = client('rp-es256');
    const url = await pushedAuthorizationUrl(discovery, rp, baseParams(rp).params);
    await expect(completeLogin(url, { login: 'mallory <script>' })).rejects.toThrow(/401 .*A user name is 1 to 64/);
  });

  it('signs in any other user name with claims derived from it', async () => {
    const rp = client('rp-es256');
    const flow = baseParams(rp);
    const outcome = await completeLogin(await pushedAuthorizationUrl(discovery, rp, flow.params), {
      login: 'bob.smith',
    });
    if (outcome.kind !== 'redirect') throw new Error(`expected a redirect, got ${outcome.kind}`);
    const code = String((await verifyJarm(discovery, rp, responseParam(outcome.url)))['code']);
    const tokens = (await redeemCode(discovery, rp, code, flow.verifier)).body as { id_token: string };
    const claims = JSON.parse(Buffer.from(tokens.id_token.split('.')[1]!, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    // conformIdTokenClaims off: the ID token itself names the user (profile and email scopes were granted).
    expect(claims).toMatchObject({ sub: 'bob.smith', name: 'Bob Smith', email: 'bob.smith@example.test' });
  });

  it('refuses an unknown user when acceptAnyUser is false', async () => {
    const rp = await devAsClient('rp-closed', 'ES256');
    const closed = await startDevAs({ clients: [rp.metadata], acceptAnyUser: false });
    try {
      const closedDiscovery = await discover(closed.issuer);
      const url = await pushedAuthorizationUrl(closedDiscovery, rp, baseParams(rp).params);
      await expect(completeLogin(url, { login: 'mallory' })).rejects.toThrow(/401 .*Unknown user "mallory"/);
    } finally {
      await closed.close();
    }
  });

  it('quotes the AS error page for a bogus request_uri', async () => {
    const url = new URL(discovery.authorization_endpoint);
    url.searchParams.set('client_id', 'rp-es256');
    url.searchParams.set('request_uri', 'urn:ietf:params:oauth:request_uri:nope');
    await expect(completeLogin(url.href)).rejects.toThrow(/invalid_request_uri/);
  });
});

describe('startDevAs', () => {
  it('refuses invalid client metadata at start, not on first use', async () => {
    const rp = await devAsClient('rp-bad', 'ES256', { redirect_uris: [] });
    await expect(startDevAs({ clients: [rp.metadata] })).rejects.toThrow(
      /dev-as: invalid configuration: redirect_uris must contain members/,
    );
  });
});
