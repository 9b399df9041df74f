// Metadata an attacker (or a misconfigured AS) might serve: another issuer, or a downgrade of what the flow needs.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startTestAuthorizationServer, type TestAuthorizationServer } from '../../../testing/src/index.js';
import { startHarness } from './harness.js';

describe('discovery under attack', () => {
  let as: TestAuthorizationServer;
  beforeEach(async () => {
    as = await startTestAuthorizationServer();
  });
  afterEach(() => as.close());

  async function authorizeWith(metadata: Record<string, unknown>) {
    Object.assign(as.metadata, metadata);
    for (const [name, value] of Object.entries(metadata)) if (value === undefined) delete as.metadata[name];
    const h = await startHarness({ as });
    return h.client.authorize();
  }

  it.each([
    ['another host', 'https://attacker.example'],
    ['a trailing slash', (as: TestAuthorizationServer) => `${as.issuer}/`],
    ['another letter case', (as: TestAuthorizationServer) => as.issuer.replace('http://', 'HTTP://')],
    ['a path', (as: TestAuthorizationServer) => `${as.issuer}/tenant`],
  ])('refuses to start a flow when the discovery issuer differs by %s, and never calls PAR', async (_, issuer) => {
    await expect(authorizeWith({ issuer: typeof issuer === 'string' ? issuer : issuer(as) })).rejects.toMatchObject({
      code: 'ERR_DISCOVERY_ISSUER_MISMATCH',
    });
    expect(as.counts.par).toBe(0);
    expect(as.counts.jwks).toBe(0);
  });

  it('refuses metadata without a PAR endpoint under FAPI 2.0 (no downgrade to front-channel requests)', async () => {
    await expect(authorizeWith({ pushed_authorization_request_endpoint: undefined })).rejects.toMatchObject({
      code: 'ERR_DISCOVERY_METADATA_INVALID',
    });
  });

  it('refuses metadata whose JARM algorithms are all outside the allow-list', async () => {
    await expect(
      authorizeWith({ authorization_signing_alg_values_supported: ['RS256', 'HS256', 'none'] }),
    ).rejects.toMatchObject({
      code: 'ERR_DISCOVERY_METADATA_INVALID',
    });
  });

  it('refuses metadata that does not support the JWT response mode', async () => {
    await expect(authorizeWith({ response_modes_supported: ['query', 'fragment'] })).rejects.toMatchObject({
      code: 'ERR_DISCOVERY_METADATA_INVALID',
    });
  });

  it('refuses metadata without a jwks_uri', async () => {
    await expect(authorizeWith({ jwks_uri: undefined })).rejects.toMatchObject({
      code: 'ERR_DISCOVERY_METADATA_INVALID',
    });
  });

  it('starts a flow with the unmodified metadata (control)', async () => {
    await expect(authorizeWith({})).resolves.toMatchObject({ delivery: 'par' });
    expect(as.counts.par).toBe(1);
  });
});
