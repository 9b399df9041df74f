import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startDevAs, type DevAs } from '@signet/dev-as';
import { diagnoseIssuer, pushTestRequest } from '../../src/index.js';
import { makeClient, type TestClient } from '../../../../tools/test-kit/clients.js';

// `signet doctor`'s library half against oidc-provider over HTTP: the grading of a real discovery document, and one
// real PAR push at a server that accepts only its endpoint URL as the client assertion audience.
let as: DevAs;
let rp: TestClient;

beforeAll(async () => {
  rp = await makeClient('doctor-client', 'ES256');
  as = await startDevAs({ clients: [rp.metadata as never], quirks: { clientAssertionAudience: 'endpoint' } });
});

afterAll(async () => {
  await as?.close();
});

describe('diagnoseIssuer', () => {
  it('grades dev-as under fapi2: only the loopback http issuer is a warning', async () => {
    const report = await diagnoseIssuer({ issuer: as.issuer });
    expect(report.discoveryUrl).toBe(`${as.issuer}/.well-known/openid-configuration`);
    expect(report.checks.filter((c) => c.status !== 'pass').map((c) => [c.id, c.status])).toEqual([
      ['issuer.https', 'warn'],
    ]);
    expect(report.verdict).toBe('warn');
  });

  it('fails the issuer check when the configured issuer has a trailing slash the server does not', async () => {
    const report = await diagnoseIssuer({ issuer: `${as.issuer}/` });
    expect(report.checks.find((c) => c.id === 'issuer.exact')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('differs only by a trailing slash'),
    });
    expect(report.verdict).toBe('fail');
  });

  it('fails with what was answered when no discovery document can be fetched', async () => {
    const report = await diagnoseIssuer({ issuer: `${as.issuer}/tenant-that-does-not-exist` });
    expect(report.verdict).toBe('fail');
    expect(report.checks).toEqual([]);
    expect(report.discoveryFailure).toMatchObject({ endpoint: 'discovery', status: 404 });
  });
});

describe('pushTestRequest', () => {
  const push = (extra: Parameters<typeof pushTestRequest>[0] extends infer O ? Partial<O> : never) =>
    pushTestRequest({
      issuer: as.issuer,
      clientId: rp.clientId,
      redirectUri: rp.redirectUri,
      signingKey: rp.signingKey,
      ...extra,
    });

  it('reports exactly what the PAR endpoint answered to the strict default', async () => {
    expect(await push({})).toEqual({
      outcome: 'refused',
      code: 'ERR_PAR_REJECTED',
      message: 'the pushed authorization request endpoint answered HTTP 401 with an OAuth error (see the log)',
      endpoint: expect.objectContaining({
        endpoint: 'pushed_authorization_request_endpoint',
        status: 401,
        body: 'oauth-error',
        error: 'invalid_client',
        errorDescription: expect.any(String),
      }),
    });
  });

  it('pushes with the compatibility option the server needs', async () => {
    expect(await push({ clientAssertionAudience: 'endpoint' })).toEqual({
      outcome: 'pushed',
      delivery: 'par',
      requestUri: true,
    });
  });
});
