import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import request from 'supertest';
import { createSampleApp } from '../src/bootstrap.js';
import { createTestPki, type IssuedCertificate } from '@signet/dev-as/pki';
import { CLIENTS, startSampleAs, type SampleAsWithTls, type TlsFiles } from './support/dev-as.js';
import {
  beginLogin,
  deliver,
  PLATFORMS,
  sampleEnv,
  sessionCookie,
  startSample,
  type Platform,
} from './support/sample-app.js';

// The sample app on the same contract, with SIGNET_TLS_* set: tls_client_auth at dev-as's mtls_endpoint_aliases
// (HTTPS, client certificates requested, server certificate from a CA generated here).
let testAs: SampleAsWithTls;
let files: TlsFiles;
let certificate: IssuedCertificate;

beforeAll(async () => {
  testAs = await startSampleAs();
  certificate = await testAs.pki.issue({ subject: 'CN=sample-rp-mtls' });
  files = await testAs.tlsFiles(certificate, 'mtls');
});
afterAll(async () => {
  await testAs?.as.close();
});

function mtlsEnv(platform: Platform, extra: Record<string, string | undefined> = {}) {
  return sampleEnv(testAs, platform, {
    SIGNET_CLIENT_ID: CLIENTS.mtls,
    SIGNET_CLIENT_AUTH: 'tls_client_auth',
    ...files,
    ...extra,
  });
}

describe.each(PLATFORMS)('sample-rp with mutual TLS on %s', (platform: Platform) => {
  it('signs in with tls_client_auth and a certificate-bound token through PAR, JARM and the token endpoint', async () => {
    const app = await startSample(mtlsEnv(platform));
    try {
      const agent = request.agent(app.getHttpServer());
      const before = { ...testAs.as.counters };
      const callback = await deliver(agent, await beginLogin(agent));
      expect(callback.status).toBe(303);
      expect(sessionCookie(callback)).toBeDefined();
      expect(testAs.as.counters.par - before.par).toBe(1);
      expect(testAs.as.counters.token - before.token).toBe(1);
      const { body } = await agent.get('/me').expect(200);
      expect(body).toMatchObject({ sub: 'alice' });
    } finally {
      await app.close();
    }
  });

  it("refuses another client's certificate at /login with its code, without a token request", async () => {
    const other = await testAs.tlsFiles(await testAs.pki.issue({ subject: 'CN=sample-rp' }), `other-${platform}`);
    const app = await startSample(mtlsEnv(platform, { ...other }));
    try {
      const before = { ...testAs.as.counters };
      const login = await request(app.getHttpServer()).get('/login');
      expect(login.status).toBe(503);
      expect(login.body).toMatchObject({ error: 'ERR_TLS_CLIENT_AUTH_REJECTED' });
      expect(testAs.as.counters.par - before.par).toBe(1);
      expect(testAs.as.counters.token).toBe(before.token);
    } finally {
      await app.close();
    }
  });
});

async function bootError(env: Record<string, string | undefined>): Promise<Error> {
  try {
    const app = await createSampleApp(env, { logger: false });
    await app.close();
  } catch (err) {
    return err as Error;
  }
  throw new Error('the app booted');
}

describe('sample-rp refuses to boot on a bad mutual-TLS configuration, naming the variable', () => {
  it('refuses fapi1-advanced with no certificate (no sender constraint), naming the TLS variables', async () => {
    const err = await bootError(sampleEnv(testAs, 'express', { SIGNET_PROFILE: 'fapi1-advanced' }));
    expect(err.message).toMatch(/^SIGNET_PROFILE: fapi1-advanced requires sender-constrained access tokens/);
    expect(err.message).toMatch(/SIGNET_TLS_CERT_FILE and SIGNET_TLS_KEY_FILE/);
  });

  it('refuses SIGNET_CLIENT_AUTH=tls_client_auth without a certificate', async () => {
    const err = await bootError(sampleEnv(testAs, 'express', { SIGNET_CLIENT_AUTH: 'tls_client_auth' }));
    expect(err.message).toMatch(
      /^SIGNET_CLIENT_AUTH: tls_client_auth needs a client certificate: give .*SIGNET_TLS_CERT_FILE/,
    );
  });

  it('refuses an unknown SIGNET_CLIENT_AUTH', async () => {
    const err = await bootError(mtlsEnv('express', { SIGNET_CLIENT_AUTH: 'client_secret_basic' }));
    expect(err.message).toMatch(/^SIGNET_CLIENT_AUTH is "client_secret_basic"\. Fix: use one of/);
  });

  it('refuses a certificate without its key', async () => {
    const err = await bootError(mtlsEnv('express', { SIGNET_TLS_KEY_FILE: undefined }));
    expect(err.message).toMatch(/^SIGNET_TLS_CERT_FILE: needs its private key: give .*SIGNET_TLS_KEY_FILE/);
  });

  it('refuses an unreadable SIGNET_TLS_CERT_FILE', async () => {
    const err = await bootError(mtlsEnv('express', { SIGNET_TLS_CERT_FILE: '/nonexistent/client.crt' }));
    expect(err.message).toMatch(/^SIGNET_TLS_CERT_FILE names "\/nonexistent\/client.crt", which cannot be read/);
  });

  it('refuses a key that is not the certificate’s', async () => {
    const stranger = await testAs.tlsFiles(await testAs.pki.issue({ subject: 'CN=x' }), 'stranger');
    const err = await bootError(mtlsEnv('express', { SIGNET_TLS_KEY_FILE: stranger.SIGNET_TLS_KEY_FILE }));
    expect(err.message).toMatch(/^SIGNET_TLS_KEY_FILE: is not the key of tls.certificate/);
  });

  it('refuses an expired certificate', async () => {
    const expired = await testAs.pki.issue({
      subject: 'CN=sample-rp-mtls',
      notBefore: new Date(Date.now() - 2 * 86_400_000),
      notAfter: new Date(Date.now() - 86_400_000),
    });
    const err = await bootError(mtlsEnv('express', { ...(await testAs.tlsFiles(expired, 'expired')) }));
    expect(err.message).toMatch(/^SIGNET_TLS_CERT_FILE: the client certificate expired on .* Fix: renew/);
  });

  it('refuses a SIGNET_TLS_CA_FILE that is not a CA', async () => {
    const err = await bootError(mtlsEnv('express', { SIGNET_TLS_CA_FILE: files.SIGNET_TLS_CERT_FILE }));
    expect(err.message).toMatch(/^SIGNET_TLS_CA_FILE: .* is not a CA certificate/);
  });
});

describe('sample-rp verifies the authorization server certificate', () => {
  it('refuses /login when the AS certificate is not from SIGNET_TLS_CA_FILE, before any PAR reaches it', async () => {
    const elsewhere = `${files.SIGNET_TLS_CA_FILE}.other`;
    await writeFile(elsewhere, (await createTestPki('CN=Unrelated CA')).ca);
    const app = await startSample(mtlsEnv('express', { SIGNET_TLS_CA_FILE: elsewhere }));
    try {
      const before = testAs.as.counters.par;
      const login = await request(app.getHttpServer()).get('/login');
      expect(login.status).toBe(503);
      expect(login.body).toMatchObject({ error: 'ERR_PAR_FAILED' });
      expect(testAs.as.counters.par).toBe(before);
    } finally {
      await app.close();
    }
  });
});
