// What the AS's back channel answers: PAR refusals, token endpoint refusals, and ID tokens that must not be believed.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createTestKey, signJws, unsignedJws } from '../../../testing/src/index.js';
import { startHarness, type Harness } from './harness.js';

describe('the back channel', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  /** Begins a login and answers it with a valid, signed response: only the back channel can fail it. */
  async function validCallback() {
    const login = await h.begin();
    return { login, result: h.deliver(await h.as.response({ code: login.code, state: login.state })) };
  }

  describe('pushed authorization requests', () => {
    it('refuses authorize() when the PAR endpoint answers invalid_request, and records no pending login', async () => {
      h.as.behaviour.par = { status: 400, body: { error: 'invalid_request', error_description: 'no' } };
      await expect(h.client.authorize()).rejects.toMatchObject({ code: 'ERR_PAR_REJECTED' });
      expect(h.as.counts.par).toBe(1);
      // The refusal is audited; no authorization.request (nothing was sent to a browser).
      expect(h.events.map((e) => e.type)).toEqual(['authorization.request.refused']);
    });

    it('refuses authorize() when the PAR endpoint answers something that is not an OAuth response', async () => {
      h.as.behaviour.par = { status: 200, body: { hello: 'world' } };
      await expect(h.client.authorize()).rejects.toMatchObject({ code: 'ERR_PAR_FAILED' });
    });

    it('pushes a request object the AS can verify with the client key, and sends only client_id and request_uri', async () => {
      const login = await h.begin();
      const url = new URL(login.url);
      expect([...url.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
      expect(login.request).toMatchObject({
        response_type: 'code',
        code_challenge_method: 'S256',
        iss: h.as.clientId,
        aud: h.as.issuer,
      });
    });
  });

  describe('the token endpoint', () => {
    it('refuses the login when the token endpoint answers invalid_grant after a valid response', async () => {
      h.as.behaviour.token = { status: 400, body: { error: 'invalid_grant' } };
      const { result } = await validCallback();
      await expect(result).rejects.toMatchObject({ code: 'ERR_TOKEN_REJECTED' });
      expect(h.as.counts.token).toBe(1);
      expect(h.events.at(-1)).toMatchObject({ outcome: 'refused', code: 'ERR_TOKEN_REJECTED' });
    });

    it('refuses the login when the token endpoint answers without an access token', async () => {
      h.as.behaviour.token = { status: 200, body: { token_type: 'Bearer' } };
      const { result } = await validCallback();
      await expect(result).rejects.toMatchObject({ code: 'ERR_TOKEN_REQUEST_FAILED' });
    });
  });

  describe('ID tokens', () => {
    it.each([
      ['a nonce of another login', { nonce: 'another-nonce' }],
      ['no nonce', { nonce: undefined }],
      ['another issuer', { iss: 'https://attacker.example' }],
      ['another audience', { aud: 'another-client' }],
      ['an expiry in the past', { iat: Math.floor(Date.now() / 1000) - 600, exp: Math.floor(Date.now() / 1000) - 300 }],
      ['no subject', { sub: undefined }],
    ])('rejects an ID token with %s', async (_, tamper) => {
      h.as.behaviour.idToken = (claims) => h.as.response({ ...claims, ...tamper });
      const { login, result } = await validCallback();
      const err = await result.then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err).toMatchObject({ code: 'ERR_ID_TOKEN_INVALID' });
      expect(err!.message).not.toContain(login.nonce);
      expect(h.events.at(-1)).toMatchObject({ outcome: 'refused', code: 'ERR_ID_TOKEN_INVALID' });
    });

    it('refuses a token response without an ID token when openid was requested', async () => {
      h.as.behaviour.token = { status: 200, body: { access_token: 'at', token_type: 'Bearer' } };
      const { result } = await validCallback();
      await expect(result).rejects.toMatchObject({ code: 'ERR_ID_TOKEN_INVALID' });
    });

    it('refuses an alg none ID token', async () => {
      h.as.behaviour.idToken = (claims) => unsignedJws({ alg: 'none' }, claims);
      const { result } = await validCallback();
      await expect(result).rejects.toMatchObject({ code: 'ERR_ID_TOKEN_INVALID' });
    });

    it('refuses an HS256 ID token keyed with the AS public key bytes', async () => {
      h.as.behaviour.idToken = (claims) =>
        signJws({ alg: 'HS256' }, claims, new TextEncoder().encode(JSON.stringify(h.as.key.publicJwk)));
      const { result } = await validCallback();
      await expect(result).rejects.toMatchObject({ code: 'ERR_ID_TOKEN_INVALID' });
    });

    it('refuses an ID token signed by a key that is not in the AS JWKS', async () => {
      const attacker = { ...(await createTestKey('ES256')), kid: h.as.key.kid };
      h.as.behaviour.idToken = (claims) => h.as.response(claims, { key: attacker });
      const { result } = await validCallback();
      await expect(result).rejects.toMatchObject({ code: 'ERR_ID_TOKEN_INVALID' });
    });
  });
});
