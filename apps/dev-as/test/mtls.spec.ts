import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { loadOrCreateDevMtls } from '../src/dev-mtls.js';
import { startDevAs } from '../src/server.js';
import { createSelfSignedCertificate, createTestPki, type IssuedCertificate, type TestPki } from '../src/pki.js';
import type { DevAs } from '../src/types.js';
import { devAsClient } from './support/clients.js';

// The AS side of RFC 8705, driven with raw HTTPS requests (no RP library): which certificate authenticates whom.
let as: DevAs;
let pki: TestPki;
const agents: Agent[] = [];

/** POSTs a bogus code grant for client_id to the mTLS token alias, presenting `certificate` (or none). */
async function tokenRequest(
  clientId: string,
  certificate?: IssuedCertificate,
): Promise<{ status: number; error: string }> {
  const agent = new Agent({
    connect: { ca: pki.ca, ...(certificate ? { cert: certificate.certificate, key: certificate.key } : {}) },
  });
  agents.push(agent);
  const response = await fetch(`${as.mtlsOrigin}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: 'bogus', client_id: clientId }).toString(),
    dispatcher: agent,
  } as RequestInit);
  return { status: response.status, error: ((await response.json()) as { error: string }).error };
}

beforeAll(async () => {
  pki = await createTestPki();
  const server = await pki.issue({ subject: 'CN=127.0.0.1', ip: ['127.0.0.1'], usage: 'server' });
  const tls = await devAsClient('tls-client', 'ES256', {
    token_endpoint_auth_method: 'tls_client_auth',
    tls_client_auth_subject_dn: 'CN=tls-client',
    tls_client_certificate_bound_access_tokens: true,
  });
  delete tls.metadata.token_endpoint_auth_signing_alg;
  as = await startDevAs({
    clients: [tls.metadata],
    mtls: { certificate: server.certificate, key: server.key, clientCa: pki.ca },
  });
});

afterAll(async () => {
  await Promise.all(agents.map((agent) => agent.close()));
  await as?.close();
});

describe('dev-as mutual TLS', () => {
  it('advertises https mtls_endpoint_aliases and certificate-bound tokens in discovery', async () => {
    const metadata = (await (await fetch(`${as.issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(metadata['mtls_endpoint_aliases']).toMatchObject({
      token_endpoint: `${as.mtlsOrigin}/token`,
      pushed_authorization_request_endpoint: `${as.mtlsOrigin}/request`,
      userinfo_endpoint: `${as.mtlsOrigin}/me`,
    });
    expect(metadata['tls_client_certificate_bound_access_tokens']).toBe(true);
    expect(metadata['token_endpoint_auth_methods_supported']).toEqual(
      expect.arrayContaining(['tls_client_auth', 'self_signed_tls_client_auth']),
    );
  });

  it('authenticates the registered subject from the trusted CA (the bogus code is then the only problem)', async () => {
    expect(await tokenRequest('tls-client', await pki.issue({ subject: 'CN=tls-client' }))).toEqual({
      status: 400,
      error: 'invalid_grant',
    });
  });

  it.each<[string, () => Promise<IssuedCertificate | undefined>]>([
    ['no certificate', async () => undefined],
    [
      'an expired certificate',
      () =>
        pki.issue({
          subject: 'CN=tls-client',
          notBefore: new Date(Date.now() - 2 * 86_400_000),
          notAfter: new Date(Date.now() - 86_400_000),
        }),
    ],
    [
      'a certificate from another CA',
      async () => (await createTestPki('CN=Other CA')).issue({ subject: 'CN=tls-client' }),
    ],
    ['a self-signed certificate', () => createSelfSignedCertificate({ subject: 'CN=tls-client' })],
    ["another client's certificate", () => pki.issue({ subject: 'CN=someone-else' })],
  ])('refuses %s with invalid_client', async (_name, certificate) => {
    expect(await tokenRequest('tls-client', await certificate())).toEqual({ status: 401, error: 'invalid_client' });
  });
});

describe('loadOrCreateDevMtls (DEV_AS_MTLS=true)', () => {
  it('creates the demo CA and certificates once, then reuses them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dev-as-mtls-'));
    try {
      const first = await loadOrCreateDevMtls(dir, 'sample-rp');
      const again = await loadOrCreateDevMtls(dir, 'sample-rp');
      expect(again.ca).toBe(first.ca);
      expect(first.clientSubject).toBe('CN=sample-rp');
      const client = new X509Certificate(await readFile(first.files.clientCertificate, 'utf8'));
      expect(client.checkIssued(new X509Certificate(first.ca))).toBe(true);
      // Another client id: re-issued for that subject.
      expect((await loadOrCreateDevMtls(dir, 'other-rp')).clientSubject).toBe('CN=other-rp');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
