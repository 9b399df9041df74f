import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startDevAs, type DevAs } from '@signet/dev-as';
import { createTestPki, type IssuedCertificate } from '@signet/dev-as/pki';
import { completeLogin } from '@signet/dev-as/testing';
import { MemorySessionStore, SignetClient, SignetSessions } from '../../src/index.js';
import { makeClient, type TestClient } from '../../../../tools/test-kit/clients.js';
import { deliver } from './deliver.js';

// The grant API under mutual TLS: refresh and revocation authenticate with the certificate at the mTLS aliases,
// and sessions.fetch presents the certificate the (refreshed) token is bound to.
let as: DevAs;
let c: TestClient;
let ca: string;
let certificate: IssuedCertificate;
let client: SignetClient;

beforeAll(async () => {
  const pki = await createTestPki();
  ca = pki.ca;
  certificate = await pki.issue({ subject: 'CN=mtls-grant-client' });
  const server = await pki.issue({ subject: 'CN=127.0.0.1', ip: ['127.0.0.1'], usage: 'server' });
  c = await makeClient('mtls-grant-client', 'ES256', {
    metadata: {
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'tls_client_auth',
      token_endpoint_auth_signing_alg: undefined,
      tls_client_auth_subject_dn: 'CN=mtls-grant-client',
      tls_client_certificate_bound_access_tokens: true,
    },
  });
  as = await startDevAs({
    clients: [c.metadata] as never,
    mtls: { certificate: server.certificate, key: server.key, clientCa: ca },
  });
  client = await SignetClient.create({
    issuer: as.issuer,
    clientId: c.clientId,
    redirectUri: c.redirectUri,
    signingKeys: [c.signingKey],
    clientAuth: 'tls_client_auth',
    tls: { certificate: certificate.certificate, key: certificate.key, ca },
  });
});

afterAll(async () => {
  await client?.close();
  await as?.close();
});

describe('the grant API with mutual TLS', () => {
  it('refreshes with tls_client_auth, calls userinfo at its alias with the bound token, and revokes at logout', async () => {
    const sessions = await SignetSessions.create(client, {
      store: new MemorySessionStore(),
      secrets: 'core-mtls-grant-e2e-secret-0123456789abcdef',
    });
    as.lifetimes.AccessToken = 5; // within the refresh skew: the first fetch refreshes
    const request = await client.authorize({ scope: 'openid profile' });
    const session = await sessions.start(await client.callback(deliver(await completeLogin(request.url))));
    as.lifetimes.AccessToken = 600;
    const before = as.counters.refresh;
    const answer = await sessions.fetch(session.id, `${as.mtlsOrigin}/me`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ sub: 'alice' });
    expect(as.counters.refresh - before).toBe(1);
    const outcome = await sessions.logout(session.id);
    expect(outcome).toMatchObject({ ended: true, revoked: true });
  });
});
