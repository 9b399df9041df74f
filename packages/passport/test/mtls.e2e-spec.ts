import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express from 'express';
import passport from 'passport';
import { startDevAs, type DevAs } from '@signet/dev-as';
import { createTestPki, type IssuedCertificate } from '@signet/dev-as/pki';
import { completeLogin } from '@signet/dev-as/testing';
import type { SignetClientOptions } from '@signet/core';
import { SignetStrategy } from '../src/index.js';
import { Browser, deliver, listen } from './support/browser.js';
import { makeClient, type TestClient } from '../../../tools/test-kit/clients.js';

// The strategy with the same mutual-TLS options as core: tls_client_auth at dev-as's mtls_endpoint_aliases,
// a certificate-bound token, and the resource call presenting the same certificate.
let as: DevAs;
let client: TestClient;
let server: Awaited<ReturnType<typeof listen>>;
let strategy: SignetStrategy;
let ca: string;
let certificate: IssuedCertificate;

beforeAll(async () => {
  const pki = await createTestPki();
  ca = pki.ca;
  certificate = await pki.issue({ subject: 'CN=passport-mtls' });
  const serverCertificate = await pki.issue({ subject: 'CN=127.0.0.1', ip: ['127.0.0.1'], usage: 'server' });
  server = await listen();
  client = await makeClient('passport-mtls', 'ES256', { redirectUris: [`${server.origin}/callback`] });
  delete client.metadata['token_endpoint_auth_signing_alg'];
  Object.assign(client.metadata, {
    token_endpoint_auth_method: 'tls_client_auth',
    tls_client_auth_subject_dn: 'CN=passport-mtls',
    tls_client_certificate_bound_access_tokens: true,
  });
  as = await startDevAs({
    clients: [client.metadata as never],
    mtls: { certificate: serverCertificate.certificate, key: serverCertificate.key, clientCa: ca },
  });
  const options: SignetClientOptions = {
    issuer: as.issuer,
    clientId: client.clientId,
    redirectUri: `${server.origin}/callback`,
    signingKeys: [client.signingKey],
    clientAuth: 'tls_client_auth',
    tls: { certificate: certificate.certificate, key: certificate.key, ca },
  };
  const authenticator = new passport.Passport();
  strategy = new SignetStrategy(options, (result, done) => done(null, { sub: result.subject, tokens: result.tokens }));
  authenticator.use(strategy);
  const app = express();
  app.use(authenticator.initialize());
  app.get('/login', authenticator.authenticate('signet'));
  app.all('/callback', (req, res, next) =>
    authenticator.authenticate('signet', { session: false }, (err: Error | null, user: unknown) => {
      if (err) return res.status(500).json({ fault: (err as { code?: string }).code });
      res.json({ user });
    })(req, res, next),
  );
  server.handle(app);
});

afterAll(async () => {
  await (await strategy?.client())?.close();
  await server?.close();
  await as?.close();
});

describe('SignetStrategy with mutual TLS', () => {
  it('signs in with tls_client_auth and calls userinfo at its mTLS alias with the bound token', async () => {
    const browser = new Browser(server.origin);
    const before = { ...as.counters };
    const response = await deliver(browser, await completeLogin(await browser.startLogin()));
    expect(response.status).toBe(200);
    const { user } = (await response.json()) as { user: { sub: string; tokens: { accessToken: string } } };
    expect(user.sub).toBe('alice');
    expect(as.counters.par - before.par).toBe(1);
    expect(as.counters.token - before.token).toBe(1);
    const signet = await strategy.client();
    const userinfo = await signet.fetchProtectedResource(
      { tokens: { accessToken: user.tokens.accessToken, tokenType: 'bearer' } },
      `${as.mtlsOrigin}/me`,
    );
    expect(await userinfo.json()).toMatchObject({ sub: 'alice' });
  });
});
