// The audit trail of refusals: every refusal is recorded with its reason code, and no record or message carries
// a secret (the code, the state, the nonce, the response JWT, a token).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import type { SignetErrorCode } from '../../src/errors/codes.js';
import { createTestKey, flipSignatureBit, unsignedJws } from '../../../testing/src/index.js';
import { startHarness, type Harness, type Login } from './harness.js';

describe('the audit trail of authorization responses', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  const now = () => Math.floor(Date.now() / 1000);
  const refusals: Array<[SignetErrorCode, (login: Login) => Promise<string>]> = [
    [
      'ERR_JARM_ISSUER_INVALID',
      (l) => h.as.response({ iss: 'https://attacker.example', code: l.code, state: l.state }),
    ],
    ['ERR_JARM_AUDIENCE_INVALID', (l) => h.as.response({ aud: 'another-client', code: l.code, state: l.state })],
    ['ERR_JARM_EXPIRED', (l) => h.as.response({ iat: now() - 600, exp: now() - 300, code: l.code, state: l.state })],
    [
      'ERR_JARM_SIGNATURE_INVALID',
      async (l) => flipSignatureBit(await h.as.response({ code: l.code, state: l.state })),
    ],
    [
      'ERR_JARM_ALG_NOT_ALLOWED',
      async (l) =>
        unsignedJws(
          { alg: 'none' },
          { iss: h.as.issuer, aud: h.as.clientId, exp: now() + 60, code: l.code, state: l.state },
        ),
    ],
    [
      'ERR_JWKS_NO_MATCHING_KEY',
      async (l) => h.as.response({ code: l.code, state: l.state }, { key: await createTestKey('ES256', 'nope') }),
    ],
    ['ERR_STATE_UNKNOWN', (l) => h.as.response({ code: l.code, state: `${l.state}x` })],
    ['ERR_STATE_MISSING', (l) => h.as.response({ code: l.code })],
    ['ERR_JARM_CODE_AND_ERROR', (l) => h.as.response({ code: l.code, error: 'access_denied', state: l.state })],
    ['ERR_AUTHORIZATION_ERROR', (l) => h.as.response({ error: 'access_denied', state: l.state })],
  ];

  it.each(refusals)(
    'records %s as a refused authorization.response naming that code, with no secret in it',
    async (code, forge) => {
      const login = await h.begin();
      const response = await forge(login);
      const err = await h.deliver(response).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err).toMatchObject({ code });
      expect(h.as.counts.token).toBe(0);

      const events = h.events.filter((e) => e.type === 'authorization.response');
      expect(events).toEqual([
        expect.objectContaining({
          type: 'authorization.response',
          outcome: 'refused',
          code,
          issuer: h.as.issuer,
          clientId: h.as.clientId,
        }),
      ]);
      const visible = JSON.stringify(h.events) + err!.message + String(err);
      for (const secret of [login.state, login.code, login.nonce, response, response.split('.')[1]!])
        expect(visible).not.toContain(secret);
    },
  );

  it("ties a refused response to its request by the request's jti and the state's short hash", async () => {
    const login = await h.begin();
    await h
      .deliver(await h.as.response({ aud: 'another-client', code: login.code, state: login.state }))
      .catch(() => undefined);
    const [request, response] = h.events;
    const stateHash = createHash('sha256').update(login.state).digest('hex').slice(0, 16);
    expect(request).toMatchObject({
      type: 'authorization.request',
      jti: login.request.jti,
      stateHash,
      delivery: 'par',
    });
    expect(response).toMatchObject({
      type: 'authorization.response',
      outcome: 'refused',
      jti: login.request.jti,
      stateHash,
    });
    expect(JSON.stringify(h.events)).not.toContain(login.state);
  });

  it('records a verified login without the code, the state or any token', async () => {
    const login = await h.begin();
    const result = await h.deliver(await h.as.response({ code: login.code, state: login.state }));
    expect(h.events.at(-1)).toMatchObject({ type: 'authorization.response', outcome: 'verified', subject: 'alice' });
    const text = JSON.stringify(h.events);
    for (const secret of [login.state, login.code, login.nonce, result.tokens.accessToken, result.tokens.idToken!])
      expect(text).not.toContain(secret);
  });

  it('keeps refusing when the audit sink throws', async () => {
    const noisy = await startHarness({
      as: h.as,
      audit: () => {
        throw new Error('sink down');
      },
    });
    const login = await noisy.begin();
    const response = await h.as.response({ aud: 'another-client', code: login.code, state: login.state });
    await expect(noisy.deliver(response)).rejects.toMatchObject({ code: 'ERR_JARM_AUDIENCE_INVALID' });
  });
});
