import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DEFAULT_RESOURCE_INDICATOR, startDevAs, type DevAs } from '@signet/dev-as';
import { createSelfSignedCertificate, createTestPki, type IssuedCertificate, type TestPki } from '@signet/dev-as/pki';
import { completeLogin } from '@signet/dev-as/testing';
import { Agent } from 'undici';
import {
  SignetClient,
  loadClientCertificate,
  tlsFetch,
  type AuditEvent,
  type ClientAuthMethod,
  type LoginResult,
  type SignetClientOptions,
} from '../../src/index.js';
import { makeClient, type TestClient } from '../../../../tools/test-kit/clients.js';
import { deliver } from './deliver.js';
import { clientConfig } from '../../src/client/client-config.js';

// RFC 8705 end to end: dev-as (oidc-provider) keeps its issuer on http loopback and serves PAR, token and
// userinfo again on an HTTPS listener that requests client certificates, advertised as mtls_endpoint_aliases.
// Its server certificate and every client certificate come from a CA generated here.
let as: DevAs;
let pki: TestPki;
let serverCertificate: IssuedCertificate;
const certificates: Record<string, IssuedCertificate> = {};
const clients: Record<string, TestClient> = {};
const open: SignetClient[] = [];

function tlsClientMetadata(method: ClientAuthMethod, subject?: string) {
  return {
    token_endpoint_auth_method: method,
    token_endpoint_auth_signing_alg: undefined,
    tls_client_certificate_bound_access_tokens: true,
    ...(subject ? { tls_client_auth_subject_dn: subject } : {}),
  };
}

beforeAll(async () => {
  pki = await createTestPki();
  serverCertificate = await pki.issue({ subject: 'CN=127.0.0.1', ip: ['127.0.0.1'], usage: 'server' });
  certificates.mtls = await pki.issue({ subject: 'CN=mtls-client' });
  certificates.other = await pki.issue({ subject: 'CN=other-client' });
  certificates.untrusted = await (await createTestPki('CN=Another CA')).issue({ subject: 'CN=mtls-client' });
  certificates.selfSigned = await createSelfSignedCertificate({ subject: 'CN=self-signed-client' });
  certificates.unregistered = await createSelfSignedCertificate({ subject: 'CN=self-signed-client' });
  const selfSignedJwk = (await loadClientCertificate(certificates.selfSigned.certificate, certificates.selfSigned.key))
    .publicJwk;

  clients.mtls = await makeClient('mtls-client', 'ES256', {
    metadata: tlsClientMetadata('tls_client_auth', 'CN=mtls-client'),
  });
  clients.fapi1 = await makeClient('mtls-fapi1-client', 'PS256', {
    metadata: tlsClientMetadata('tls_client_auth', 'CN=mtls-client'),
  });
  clients.selfSigned = await makeClient('self-signed-client', 'ES256', {
    metadata: tlsClientMetadata('self_signed_tls_client_auth'),
  });
  const selfSignedKeys = (clients.selfSigned.metadata.jwks as { keys: unknown[] }).keys;
  selfSignedKeys.push(selfSignedJwk);

  as = await startDevAs({
    clients: Object.values(clients).map((c) => c.metadata) as never,
    profile: (clientId) => (clientId === 'mtls-fapi1-client' ? 'fapi1-advanced' : 'fapi2'),
    resourceTokenFormat: 'jwt',
    mtls: { certificate: serverCertificate.certificate, key: serverCertificate.key, clientCa: pki.ca },
  });
});

afterEach(() => {
  jest.restoreAllMocks();
});

afterAll(async () => {
  await Promise.all(open.map((client) => client.close()));
  await as?.close();
});

async function clientFor(
  c: TestClient,
  certificate: IssuedCertificate | undefined,
  options: Partial<SignetClientOptions> = {},
) {
  const client = await SignetClient.create({
    issuer: as.issuer,
    clientId: c.clientId,
    redirectUri: c.redirectUri,
    signingKeys: [c.signingKey],
    clientAuth: c.metadata.token_endpoint_auth_method as ClientAuthMethod,
    tls: { ...(certificate ? { certificate: certificate.certificate, key: certificate.key } : {}), ca: pki.ca },
    ...options,
  });
  open.push(client);
  return client;
}

async function signIn(client: SignetClient, params: Parameters<SignetClient['authorize']>[0] = {}) {
  const request = await client.authorize({ scope: 'openid profile', ...params });
  return { request, result: await client.callback(deliver(await completeLogin(request.url))) };
}

/** What the AS recorded for an opaque access token: the certificate thumbprint it is bound to. */
async function boundThumbprint(accessToken: string): Promise<string | undefined> {
  const token = await as.provider.AccessToken.find(accessToken);
  return (token as unknown as { 'x5t#S256'?: string } | undefined)?.['x5t#S256'];
}

describe('mutual TLS against oidc-provider (RFC 8705)', () => {
  it('advertises mtls_endpoint_aliases on https and certificate-bound tokens', async () => {
    const client = await clientFor(clients.mtls!, certificates.mtls);
    const metadata = await client.metadata();
    expect(metadata.mtls_endpoint_aliases?.token_endpoint).toBe(`${as.mtlsOrigin}/token`);
    expect(metadata.mtls_endpoint_aliases?.pushed_authorization_request_endpoint).toBe(`${as.mtlsOrigin}/request`);
    expect(metadata.tls_client_certificate_bound_access_tokens).toBe(true);
  });

  it('signs in with tls_client_auth through PAR, JARM and the token endpoint, and gets a certificate-bound token', async () => {
    const events: AuditEvent[] = [];
    const client = await clientFor(clients.mtls!, certificates.mtls, { audit: (event) => void events.push(event) });
    const before = { ...as.counters };
    const { request, result } = await signIn(client);
    expect(events[0]).toMatchObject({
      type: 'authorization.request',
      clientAuth: 'tls_client_auth',
      certificateThumbprint: clientConfig(client).tls!.certificate!.thumbprint,
    });
    expect(request.delivery).toBe('par');
    expect(result.subject).toBe('alice');
    expect(as.counters.par - before.par).toBe(1);
    expect(as.counters.token - before.token).toBe(1);
    expect(await boundThumbprint(result.tokens.accessToken)).toBe(clientConfig(client).tls!.certificate!.thumbprint);
  });

  it('calls a resource (userinfo at its mTLS alias) presenting the certificate the token is bound to', async () => {
    const client = await clientFor(clients.mtls!, certificates.mtls);
    const { result } = await signIn(client);
    const response = await client.fetchProtectedResource(result, `${as.mtlsOrigin}/me`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ sub: 'alice' });
  });

  it('gets a JWT access token whose cnf.x5t#S256 is our certificate for a resource server', async () => {
    const client = await clientFor(clients.mtls!, certificates.mtls);
    const { result } = await signIn(client, { resource: DEFAULT_RESOURCE_INDICATOR });
    const [, payload] = result.tokens.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as { cnf?: Record<string, string> };
    expect(claims.cnf?.['x5t#S256']).toBe(clientConfig(client).tls!.certificate!.thumbprint);
  });

  it('signs in under fapi1-advanced with the certificate as sender constraint and the request by value', async () => {
    const client = await clientFor(clients.fapi1!, certificates.mtls, { profile: 'fapi1-advanced', usePar: false });
    const { request, result } = await signIn(client);
    expect(request.delivery).toBe('value');
    expect(result.subject).toBe('alice');
    expect(await boundThumbprint(result.tokens.accessToken)).toBe(clientConfig(client).tls!.certificate!.thumbprint);
  });

  it('signs in with self_signed_tls_client_auth, the certificate registered in the client JWKS', async () => {
    const client = await clientFor(clients.selfSigned!, certificates.selfSigned, {
      tls: {
        certificate: certificates.selfSigned!.certificate,
        key: certificates.selfSigned!.key,
        ca: pki.ca,
      },
    });
    const { result } = await signIn(client);
    expect(result.subject).toBe('alice');
    expect(await boundThumbprint(result.tokens.accessToken)).toBe(clientConfig(client).tls!.certificate!.thumbprint);
    expect(client.publicJwks().keys.some((key) => Array.isArray(key.x5c))).toBe(true);
  });
});

describe('mutual TLS refusals', () => {
  async function refusedAtPar(client: SignetClient, code: string) {
    const before = { ...as.counters };
    await expect(client.authorize()).rejects.toMatchObject({ code });
    return { par: as.counters.par - before.par, token: as.counters.token - before.token };
  }

  it('refuses a certificate from a CA the AS does not trust, at PAR, without a token request', async () => {
    const client = await clientFor(clients.mtls!, certificates.untrusted);
    expect(await refusedAtPar(client, 'ERR_TLS_CLIENT_AUTH_REJECTED')).toEqual({ par: 1, token: 0 });
  });

  it("refuses another client's certificate, at PAR, without a token request", async () => {
    const client = await clientFor(clients.mtls!, certificates.other);
    expect(await refusedAtPar(client, 'ERR_TLS_CLIENT_AUTH_REJECTED')).toEqual({ par: 1, token: 0 });
  });

  it('refuses a self-signed certificate the client did not register', async () => {
    const client = await clientFor(clients.selfSigned!, certificates.unregistered);
    expect(await refusedAtPar(client, 'ERR_TLS_CLIENT_AUTH_REJECTED')).toEqual({ par: 1, token: 0 });
  });

  it('refuses when no certificate reaches the AS (a fetch that drops it), without a token request', async () => {
    const caOnly = new Agent({ connect: { ca: pki.ca } });
    const dropping = ((input: RequestInfo | URL, init?: RequestInit) =>
      globalThis.fetch(input, { ...init, dispatcher: caOnly } as RequestInit)) as typeof fetch;
    const client = await clientFor(clients.mtls!, certificates.mtls, {
      fetch: ((input: RequestInfo | URL, init?: RequestInit) => dropping(input, init)) as typeof fetch,
    });
    // Our agent is handed to the custom fetch as `dispatcher`; this one replaces it with a CA-only agent.
    try {
      expect(await refusedAtPar(client, 'ERR_TLS_CLIENT_AUTH_REJECTED')).toEqual({ par: 1, token: 0 });
    } finally {
      await caOnly.close();
    }
  });

  it('refuses a certificate that expired since boot before any request is made', async () => {
    const soon = await pki.issue({ subject: 'CN=mtls-client', notAfter: new Date(Date.now() + 60_000) });
    const client = await clientFor(clients.mtls!, soon);
    const real = Date.now.bind(Date);
    jest.spyOn(Date, 'now').mockImplementation(() => real() + 120_000);
    expect(await refusedAtPar(client, 'ERR_CLIENT_CERTIFICATE_EXPIRED')).toEqual({ par: 0, token: 0 });
  });

  it('refuses a certificate that expires between PAR and the callback, without a token request', async () => {
    const soon = await pki.issue({ subject: 'CN=mtls-client', notAfter: new Date(Date.now() + 60_000) });
    const client = await clientFor(clients.mtls!, soon);
    const request = await client.authorize();
    const outcome = await completeLogin(request.url);
    const before = as.counters.token;
    const real = Date.now.bind(Date);
    jest.spyOn(Date, 'now').mockImplementation(() => real() + 90_000);
    await expect(client.callback(deliver(outcome))).rejects.toMatchObject({ code: 'ERR_CLIENT_CERTIFICATE_EXPIRED' });
    expect(as.counters.token).toBe(before);
  });

  it('refuses an expired certificate at boot', async () => {
    const expired = await pki.issue({
      subject: 'CN=mtls-client',
      notBefore: new Date(Date.now() - 2 * 86_400_000),
      notAfter: new Date(Date.now() - 86_400_000),
    });
    await expect(clientFor(clients.mtls!, expired)).rejects.toMatchObject({
      code: 'ERR_CONFIG_INVALID',
      field: 'tls.certificate',
    });
  });

  it('refuses tls_client_auth without a certificate at boot', async () => {
    await expect(clientFor(clients.mtls!, undefined)).rejects.toMatchObject({
      code: 'ERR_CONFIG_INVALID',
      field: 'clientAuth',
    });
  });

  it('always verifies the AS certificate: without the private CA the PAR request fails', async () => {
    const client = await clientFor(clients.mtls!, certificates.mtls, {
      tls: { certificate: certificates.mtls!.certificate, key: certificates.mtls!.key },
    });
    const before = as.counters.par;
    await expect(client.authorize()).rejects.toMatchObject({ code: 'ERR_PAR_FAILED' });
    expect(as.counters.par).toBe(before);
  });

  it('refuses to use a token bound to another certificate, before the resource call', async () => {
    const owner = await clientFor(clients.mtls!, certificates.mtls);
    const { result } = await signIn(owner, { resource: DEFAULT_RESOURCE_INDICATOR });
    const thief = await clientFor(clients.mtls!, certificates.other);
    let called = false;
    const spy: typeof fetch = (async () => {
      called = true;
      return new Response('{}');
    }) as typeof fetch;
    const thiefWithSpy = await clientFor(clients.mtls!, certificates.other, { fetch: spy });
    for (const c of [thief, thiefWithSpy])
      await expect(c.fetchProtectedResource(result as LoginResult, `${as.mtlsOrigin}/me`)).rejects.toMatchObject({
        code: 'ERR_CERTIFICATE_BINDING_MISMATCH',
      });
    expect(called).toBe(false);
  });

  it('the AS refuses an opaque token presented with another certificate (binding enforced server-side)', async () => {
    const owner = await clientFor(clients.mtls!, certificates.mtls);
    const { result } = await signIn(owner);
    const thief = await clientFor(clients.mtls!, certificates.other);
    // oauth4webapi turns the 401 challenge (invalid_token: failed x5t#S256 verification) into an error.
    await expect(thief.fetchProtectedResource(result, `${as.mtlsOrigin}/me`)).rejects.toMatchObject({
      response: { status: 401 },
    });
  });
});

describe('mutual TLS with the issuer itself on HTTPS (no aliases)', () => {
  let tlsAs: DevAs;
  let browser: ReturnType<typeof tlsFetch>;

  beforeAll(async () => {
    tlsAs = await startDevAs({
      clients: [clients.mtls!.metadata] as never,
      mtls: {
        certificate: serverCertificate.certificate,
        key: serverCertificate.key,
        clientCa: pki.ca,
        mode: 'issuer',
      },
    });
    // The "browser" trusts the test CA too, and presents no certificate.
    browser = tlsFetch(globalThis.fetch, undefined, [pki.ca]);
  });
  afterAll(async () => {
    await browser?.close();
    await tlsAs?.close();
  });

  it('signs in over an https issuer trusted through the private CA, authenticating at the plain endpoints', async () => {
    const client = await SignetClient.create({
      issuer: tlsAs.issuer,
      clientId: clients.mtls!.clientId,
      redirectUri: clients.mtls!.redirectUri,
      signingKeys: [clients.mtls!.signingKey],
      clientAuth: 'tls_client_auth',
      tls: { certificate: certificates.mtls!.certificate, key: certificates.mtls!.key, ca: pki.ca },
    });
    open.push(client);
    expect(tlsAs.issuer).toMatch(/^https:/);
    const metadata = await client.metadata();
    expect(metadata.mtls_endpoint_aliases).toBeUndefined();
    const request = await client.authorize({ scope: 'openid' });
    const result = await client.callback(deliver(await completeLogin(request.url, { fetch: browser.fetch })));
    expect(result.subject).toBe('alice');
    const token = await tlsAs.provider.AccessToken.find(result.tokens.accessToken);
    expect((token as unknown as Record<string, unknown>)['x5t#S256']).toBe(
      clientConfig(client).tls!.certificate!.thumbprint,
    );
  });

  it('refuses discovery of an https issuer signed by a CA the client does not trust', async () => {
    const client = await SignetClient.create({
      issuer: tlsAs.issuer,
      clientId: clients.mtls!.clientId,
      redirectUri: clients.mtls!.redirectUri,
      signingKeys: [clients.mtls!.signingKey],
      clientAuth: 'tls_client_auth',
      tls: { certificate: certificates.mtls!.certificate, key: certificates.mtls!.key },
    });
    open.push(client);
    const before = tlsAs.counters.par;
    await expect(client.authorize()).rejects.toMatchObject({ code: 'ERR_DISCOVERY_FAILED' });
    expect(tlsAs.counters.par).toBe(before);
  });
});
