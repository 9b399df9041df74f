import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startDevAs, type DevAs } from '../src/index.js';
import { completeLogin } from '../src/testing.js';
import { REDIRECT_URI, devAsClient, type TestClient } from './support/clients.js';
import {
  baseParams,
  clientAssertion,
  discover,
  postForm,
  pushedAuthorizationUrl,
  redeemCode,
  requestObject,
  responseParam,
  verifyJarm,
  type Discovery,
} from './support/fapi.js';

// A mixed deployment: one FAPI 1.0 Advanced client next to a FAPI 2.0 one, profile chosen per client.
let as: DevAs;
let discovery: Discovery;
let fapi1: TestClient;
let fapi2: TestClient;

beforeAll(async () => {
  [fapi1, fapi2] = await Promise.all([devAsClient('rp-fapi1', 'PS256'), devAsClient('rp-fapi2', 'ES256')]);
  as = await startDevAs({
    clients: [fapi1.metadata, fapi2.metadata],
    profile: (clientId) => (clientId === 'rp-fapi1' ? 'fapi1-advanced' : 'fapi2'),
  });
  discovery = await discover(as.issuer);
});

afterAll(async () => {
  await as?.close();
});

/** FAPI 1.0 Advanced by value: the signed request object rides on the authorization URL, no PAR. */
async function byValueUrl(client: TestClient, params: Record<string, unknown>): Promise<string> {
  const url = new URL(discovery.authorization_endpoint);
  url.searchParams.set('client_id', client.id);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', 'openid');
  url.searchParams.set('request', await requestObject(client, as.issuer, params));
  return url.href;
}

describe('FAPI 1.0 Advanced client (request object by value)', () => {
  it('does not advertise PAR as required for everyone', () => {
    expect(discovery['require_pushed_authorization_requests']).toBeUndefined();
    expect(discovery['require_signed_request_object']).toBe(true);
  });

  it('completes the flow with a signed JARM response and redeems the code', async () => {
    const flow = baseParams(fapi1);
    const parBefore = as.counters.par;
    const outcome = await completeLogin(await byValueUrl(fapi1, flow.params));

    expect(as.counters.par).toBe(parBefore);
    expect(outcome.kind).toBe('redirect');
    if (outcome.kind !== 'redirect') return;
    expect(outcome.url.startsWith(`${REDIRECT_URI}?response=`)).toBe(true);
    const jarm = await verifyJarm(discovery, fapi1, responseParam(outcome.url));
    expect(jarm).toMatchObject({ iss: as.issuer, aud: fapi1.id, state: flow.state });

    const token = await redeemCode(discovery, fapi1, String(jarm['code']), flow.verifier);
    expect(token.status).toBe(200);
    expect(token.body['token_type']).toBe('Bearer');
  });

  it('may also use PAR', async () => {
    const flow = baseParams(fapi1);
    const outcome = await completeLogin(await pushedAuthorizationUrl(discovery, fapi1, flow.params));
    if (outcome.kind !== 'redirect') throw new Error(`expected a redirect, got ${outcome.kind}`);
    expect(await verifyJarm(discovery, fapi1, responseParam(outcome.url))).toMatchObject({ state: flow.state });
  });

  it('requires JARM for the code flow (FAPI 1.0 Advanced §5.2.2)', async () => {
    const flow = baseParams(fapi1, { response_mode: 'query' });
    const outcome = await completeLogin(await byValueUrl(fapi1, flow.params));
    if (outcome.kind !== 'redirect') throw new Error(`expected a redirect, got ${outcome.kind}`);
    const query = new URL(outcome.url).searchParams;
    expect(query.get('error')).toBe('invalid_request');
    expect(query.get('error_description')).toMatch(/response_mode is not allowed/);
    // RFC 9207: even plain error responses name the issuer.
    expect(query.get('iss')).toBe(as.issuer);
  });

  it('applies the profile per client: token-endpoint aud is fine for FAPI 1.0, not for FAPI 2.0', async () => {
    const pushWithTokenEndpointAud = async (client: TestClient) =>
      postForm(discovery.pushed_authorization_request_endpoint, {
        client_id: client.id,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: await clientAssertion(client, discovery.token_endpoint),
        request: await requestObject(client, as.issuer, baseParams(client).params),
      });
    expect((await pushWithTokenEndpointAud(fapi1)).status).toBe(201);
    expect((await pushWithTokenEndpointAud(fapi2)).body).toMatchObject({ error: 'invalid_client' });
  });

  it('still holds the FAPI 2.0 client to PAR', async () => {
    await expect(completeLogin(await byValueUrl(fapi2, baseParams(fapi2).params))).rejects.toThrow(
      /Pushed Authorization Request must be used/,
    );
  });
});
