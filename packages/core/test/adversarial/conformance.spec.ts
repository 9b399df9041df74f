// The OpenID conformance suite's FAPI 2.0 Message Signing client negative modules (JARM), replayed against
// Signet over real HTTP, plus the happy path that proves the test AS flow works (so no refusal passes vacuously).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { decodeJwt } from 'jose';
import {
  createTestKey,
  startTestAuthorizationServer,
  flipSignatureBit,
  unsignedJws,
} from '../../../testing/src/index.js';
import { expectRefused, secretsOf, startHarness, type Harness } from './harness.js';

describe('FAPI 2.0 Message Signing client tests (JARM)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it('completes a login when the response is valid (the test AS flow works end to end)', async () => {
    const login = await h.begin();
    expect(new URL(login.url).searchParams.get('request_uri')).toBe(h.as.pushed[0]!.requestUri);
    const result = await h.deliver(await h.as.response({ code: login.code, state: login.state }));

    expect(result.subject).toBe('alice');
    expect(result.tokens.accessToken).toEqual(expect.any(String));
    expect(h.as.counts.token).toBe(1);
    const tokenRequest = h.as.tokenRequests[0]!;
    expect(tokenRequest.get('code')).toBe(login.code);
    expect(createHash('sha256').update(tokenRequest.get('code_verifier')!).digest('base64url')).toBe(
      login.request.code_challenge,
    );
    expect(decodeJwt(tokenRequest.get('client_assertion')!)).toMatchObject({
      iss: h.as.clientId,
      sub: h.as.clientId,
      aud: h.as.issuer,
    });
    expect(h.events.at(-1)).toMatchObject({ type: 'authorization.response', outcome: 'verified', subject: 'alice' });
    expect(JSON.stringify(h.events)).not.toContain(result.tokens.accessToken);
  });

  it('refuses a response whose iss is missing', async () => {
    const login = await h.begin();
    const response = await h.as.response({ iss: undefined, code: login.code, state: login.state });
    await expectRefused(h, h.deliver(response), 'ERR_JARM_ISSUER_INVALID', secretsOf(login, response));
  });

  it('refuses a response whose iss is another issuer', async () => {
    const login = await h.begin();
    const response = await h.as.response({ iss: 'https://attacker.example', code: login.code, state: login.state });
    await expectRefused(h, h.deliver(response), 'ERR_JARM_ISSUER_INVALID', secretsOf(login, response));
  });

  it('refuses a response whose aud is missing', async () => {
    const login = await h.begin();
    const response = await h.as.response({ aud: undefined, code: login.code, state: login.state });
    await expectRefused(h, h.deliver(response), 'ERR_JARM_AUDIENCE_INVALID', secretsOf(login, response));
  });

  it('refuses a response whose aud is another client', async () => {
    const login = await h.begin();
    const response = await h.as.response({ aud: 'another-client', code: login.code, state: login.state });
    await expectRefused(h, h.deliver(response), 'ERR_JARM_AUDIENCE_INVALID', secretsOf(login, response));
  });

  it('refuses a response whose exp is missing', async () => {
    const login = await h.begin();
    const response = await h.as.response({ exp: undefined, code: login.code, state: login.state });
    await expectRefused(h, h.deliver(response), 'ERR_JARM_EXPIRED', secretsOf(login, response));
  });

  it('refuses a response that has expired', async () => {
    const login = await h.begin();
    const now = Math.floor(Date.now() / 1000);
    const response = await h.as.response({ iat: now - 600, exp: now - 300, code: login.code, state: login.state });
    await expectRefused(h, h.deliver(response), 'ERR_JARM_EXPIRED', secretsOf(login, response));
  });

  it('refuses a response signed by a key that is not in the AS JWKS (same kid)', async () => {
    const login = await h.begin();
    const attacker = { ...(await createTestKey('ES256')), kid: h.as.key.kid };
    const response = await h.as.response({ code: login.code, state: login.state }, { key: attacker });
    await expectRefused(h, h.deliver(response), 'ERR_JARM_SIGNATURE_INVALID', secretsOf(login, response));
  });

  it('refuses a response whose signature has one flipped bit', async () => {
    const login = await h.begin();
    const response = flipSignatureBit(await h.as.response({ code: login.code, state: login.state }));
    await expectRefused(h, h.deliver(response), 'ERR_JARM_SIGNATURE_INVALID', secretsOf(login, response));
  });

  it('refuses a response with alg none', async () => {
    const login = await h.begin();
    const now = Math.floor(Date.now() / 1000);
    const response = unsignedJws(
      { alg: 'none' },
      { iss: h.as.issuer, aud: h.as.clientId, iat: now, exp: now + 60, code: login.code, state: login.state },
    );
    await expectRefused(h, h.deliver(response), 'ERR_JARM_ALG_NOT_ALLOWED', secretsOf(login, response));
  });

  it('refuses a response whose state is not the one of the pending login', async () => {
    const login = await h.begin();
    const response = await h.as.response({ code: login.code, state: 'not-the-state-that-was-sent' });
    await expectRefused(h, h.deliver(response), 'ERR_STATE_UNKNOWN', secretsOf(login, response));
  });

  it('refuses a response whose state is missing', async () => {
    const login = await h.begin();
    const response = await h.as.response({ code: login.code });
    await expectRefused(h, h.deliver(response), 'ERR_STATE_MISSING', secretsOf(login, response));
  });

  it('refuses to start a flow when the discovery issuer differs from the configured issuer', async () => {
    const as = await startTestAuthorizationServer();
    as.metadata.issuer = 'https://attacker.example';
    const other = await startHarness({ as });
    try {
      await expect(other.client.authorize()).rejects.toMatchObject({ code: 'ERR_DISCOVERY_ISSUER_MISMATCH' });
      expect(as.counts.discovery).toBe(1);
      expect(as.counts.par).toBe(0);
      expect(as.counts.jwks).toBe(0);
    } finally {
      await as.close();
    }
  });
});
