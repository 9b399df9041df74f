// Beyond the conformance suite: what an attacker who controls the browser, a network hop, or another AS would try.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createPublicKey } from 'node:crypto';
import { AuthorizationServerError } from '../../src/errors/signet-error.js';
import type { CookieJar, Transaction } from '../../src/transaction/transaction.js';
import {
  createTestKey,
  startTestAuthorizationServer,
  type TestAuthorizationServer,
  signJws,
  swapPayload,
  unsignedJws,
} from '../../../testing/src/index.js';
import { MemoryCookieJar } from '../../../../tools/test-kit/cookie-jar.js';
import { httpStatusOf } from '../../src/http/http-status.js';
import { MemoryTransactionStore } from '../../src/transaction/memory-transaction-store.js';
import { MemoryReplayRegister } from '../../src/transaction/replay-register.js';
import { expectRefused, secretsOf, startHarness, type Harness } from './harness.js';

/** A browser's cookie jar, enough for Signet's per-login binding cookie. */
const browser = (): CookieJar => new MemoryCookieJar();

/** A browser holding one cookie. */
function jarWith(name: string, value: string): MemoryCookieJar {
  const jar = new MemoryCookieJar();
  jar.values.set(name, value);
  return jar;
}

describe('adversarial authorization responses', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  describe('header attacks', () => {
    it.each([
      ['its public JWK as JSON', (as: TestAuthorizationServer) => JSON.stringify(as.key.publicJwk)],
      [
        'its public key as PEM',
        (as: TestAuthorizationServer) =>
          createPublicKey({ key: as.key.publicJwk as never, format: 'jwk' }).export({
            type: 'spki',
            format: 'pem',
          }) as string,
      ],
    ])('rejects an HS256 response keyed with the AS public key bytes (%s: alg confusion)', async (_, keyText) => {
      const login = await h.begin();
      const now = Math.floor(Date.now() / 1000);
      const response = await signJws(
        { alg: 'HS256', kid: h.as.key.kid },
        { iss: h.as.issuer, aud: h.as.clientId, iat: now, exp: now + 60, code: login.code, state: login.state },
        new TextEncoder().encode(keyText(h.as)),
      );
      await expectRefused(h, h.deliver(response), 'ERR_JARM_ALG_NOT_ALLOWED', secretsOf(login, response));
    });

    it.each(['jwk', 'jku', 'x5u', 'x5c'])(
      'rejects a response whose %s header points at the attacker key',
      async (name) => {
        const login = await h.begin();
        const attacker = await createTestKey('ES256');
        const reference = {
          jwk: attacker.publicJwk,
          jku: 'https://attacker.example/jwks',
          x5u: 'https://attacker.example/cert.pem',
          x5c: ['MIIBfake'],
        }[name];
        const response = await h.as.response(
          { code: login.code, state: login.state },
          { key: attacker, header: { [name]: reference } },
        );
        await expectRefused(h, h.deliver(response), 'ERR_JARM_HEADER_INVALID', secretsOf(login, response));
        expect(h.as.counts.jwks).toBe(0);
      },
    );

    it('refuses a response whose kid names no key of the AS', async () => {
      const login = await h.begin();
      const attacker = await createTestKey('ES256', 'kid-the-as-never-published');
      const response = await h.as.response({ code: login.code, state: login.state }, { key: attacker });
      await expectRefused(h, h.deliver(response), 'ERR_JWKS_NO_MATCHING_KEY', secretsOf(login, response));
    });

    it('refuses a validly signed response that declares a crit extension', async () => {
      const login = await h.begin();
      const response = await h.as.response(
        { code: login.code, state: login.state },
        { header: { crit: ['urn:attacker:ext'], 'urn:attacker:ext': true } },
      );
      await expectRefused(h, h.deliver(response), 'ERR_JARM_CRIT_UNSUPPORTED', secretsOf(login, response));
    });

    it.each(['oauth-authz-req+jwt', 'at+jwt', 'JWT+evil'])(
      'rejects a validly signed token of typ %s posing as a response',
      async (typ) => {
        const login = await h.begin();
        const response = await h.as.response({ code: login.code, state: login.state }, { header: { typ } });
        await expectRefused(h, h.deliver(response), 'ERR_JARM_HEADER_INVALID', secretsOf(login, response));
      },
    );

    it("refuses the client's own pushed request object reflected back as a response", async () => {
      const login = await h.begin();
      const requestObject = h.as.pushed[0]!.requestObject;
      await expectRefused(h, h.deliver(requestObject), 'ERR_JARM_HEADER_INVALID', secretsOf(login, requestObject));
    });
  });

  describe('claim attacks', () => {
    it('refuses a response whose aud lists this client and another party', async () => {
      const login = await h.begin();
      const response = await h.as.response({
        aud: [h.as.clientId, 'another-client'],
        code: login.code,
        state: login.state,
      });
      await expectRefused(h, h.deliver(response), 'ERR_JARM_AUDIENCE_INVALID', secretsOf(login, response));
    });

    it('refuses a response that lives a whole day', async () => {
      const login = await h.begin();
      const now = Math.floor(Date.now() / 1000);
      const response = await h.as.response({ iat: now, exp: now + 86_400, code: login.code, state: login.state });
      await expectRefused(h, h.deliver(response), 'ERR_JARM_LIFETIME_TOO_LONG', secretsOf(login, response));
    });

    it('refuses a response that lives a whole day even without iat', async () => {
      const login = await h.begin();
      const response = await h.as.response({
        iat: undefined,
        exp: Math.floor(Date.now() / 1000) + 86_400,
        code: login.code,
        state: login.state,
      });
      await expectRefused(h, h.deliver(response), 'ERR_JARM_LIFETIME_TOO_LONG', secretsOf(login, response));
    });

    it('refuses a response whose nbf is in the future', async () => {
      const login = await h.begin();
      const response = await h.as.response({
        nbf: Math.floor(Date.now() / 1000) + 300,
        code: login.code,
        state: login.state,
      });
      await expectRefused(h, h.deliver(response), 'ERR_JARM_NOT_YET_VALID', secretsOf(login, response));
    });

    it('refuses a response whose iat is in the future', async () => {
      const login = await h.begin();
      const now = Math.floor(Date.now() / 1000);
      const response = await h.as.response({ iat: now + 300, exp: now + 400, code: login.code, state: login.state });
      await expectRefused(h, h.deliver(response), 'ERR_JARM_NOT_YET_VALID', secretsOf(login, response));
    });

    it('refuses a response whose code is not a string', async () => {
      const login = await h.begin();
      const response = await h.as.response({ code: { value: login.code }, state: login.state });
      await expectRefused(h, h.deliver(response), 'ERR_JARM_CLAIM_INVALID', secretsOf(login, response));
    });

    it('refuses a response carrying both code and error', async () => {
      const login = await h.begin();
      const response = await h.as.response({ code: login.code, error: 'access_denied', state: login.state });
      await expectRefused(h, h.deliver(response), 'ERR_JARM_CODE_AND_ERROR', secretsOf(login, response));
    });

    it('refuses a response carrying neither code nor error', async () => {
      const login = await h.begin();
      const response = await h.as.response({ state: login.state });
      await expectRefused(h, h.deliver(response), 'ERR_JARM_CODE_MISSING', secretsOf(login, response));
    });

    it('turns a verified access_denied into an AuthorizationServerError and makes no token request', async () => {
      const login = await h.begin();
      const response = await h.as.response({
        error: 'access_denied',
        error_description: 'the user said no',
        state: login.state,
      });
      const err = await expectRefused(h, h.deliver(response), 'ERR_AUTHORIZATION_ERROR', secretsOf(login, response));
      expect(err).toBeInstanceOf(AuthorizationServerError);
      expect(err).toMatchObject({ error: 'access_denied', errorDescription: 'the user said no' });
      expect(httpStatusOf(err)).toBe(403);
      expect(h.events.at(-1)).toMatchObject({
        outcome: 'refused',
        code: 'ERR_AUTHORIZATION_ERROR',
        error: 'access_denied',
      });
    });
  });

  describe('payload attacks', () => {
    it('refuses a response that is not a JWT at all', async () => {
      await h.begin();
      await expectRefused(h, h.deliver('garbage'), 'ERR_JARM_MALFORMED');
    });

    it('refuses a validly signed response whose payload is not JSON', async () => {
      await h.begin();
      const response = await signJws(
        { alg: h.as.key.alg, kid: h.as.key.kid },
        'code=abc&state=def',
        h.as.key.privateKey,
      );
      await expectRefused(h, h.deliver(response), 'ERR_JARM_MALFORMED');
    });

    it('refuses a validly signed response whose payload is a JSON array', async () => {
      await h.begin();
      const response = await signJws({ alg: h.as.key.alg, kid: h.as.key.kid }, '["code","state"]', h.as.key.privateKey);
      await expectRefused(h, h.deliver(response), 'ERR_JARM_MALFORMED');
    });

    it("refuses another login's signed response with its payload swapped for this login", async () => {
      const victim = await h.begin();
      const attacker = await h.begin();
      const signed = await h.as.response({ code: attacker.code, state: attacker.state });
      const now = Math.floor(Date.now() / 1000);
      const response = swapPayload(signed, {
        iss: h.as.issuer,
        aud: h.as.clientId,
        iat: now,
        exp: now + 60,
        code: attacker.code,
        state: victim.state,
      });
      await expectRefused(h, h.deliver(response), 'ERR_JARM_SIGNATURE_INVALID', secretsOf(victim, response));
    });

    it('refuses a response of more than the size bound before parsing it', async () => {
      const login = await h.begin();
      const response = await h.as.response({ code: login.code, state: login.state, padding: 'x'.repeat(20_000) });
      await expectRefused(h, h.deliver(response), 'ERR_JARM_RESPONSE_TOO_LARGE', secretsOf(login, response));
      // Not parsed, so not consumed: the login is still pending.
      await expect(h.deliver(await h.as.response({ code: login.code, state: login.state }))).resolves.toMatchObject({
        subject: 'alice',
      });
    });
  });

  describe('parameter attacks', () => {
    it('refuses an unsigned code and state without a response JWT', async () => {
      const login = await h.begin();
      const attempt = h.client.callback({
        delivery: 'query',
        params: { code: login.code, state: login.state, iss: h.as.issuer },
      });
      await expectRefused(h, attempt, 'ERR_JARM_RESPONSE_MISSING', secretsOf(login));
    });

    it('refuses an unsigned error without a response JWT', async () => {
      const login = await h.begin();
      const attempt = h.client.callback({ delivery: 'query', params: { error: 'access_denied', state: login.state } });
      const err = await expectRefused(h, attempt, 'ERR_JARM_RESPONSE_MISSING', secretsOf(login));
      expect(err).not.toBeInstanceOf(AuthorizationServerError);
    });

    it('refuses a plain iss parameter that names another issuer (mix-up signal)', async () => {
      const login = await h.begin();
      const response = await h.as.response({ code: login.code, state: login.state });
      const attempt = h.client.callback({ delivery: 'query', params: { response, iss: 'https://attacker.example' } });
      await expectRefused(h, attempt, 'ERR_JARM_ISSUER_CONFLICT', secretsOf(login, response));
    });

    it('accepts a plain iss parameter that agrees with the signed one', async () => {
      const login = await h.begin();
      const response = await h.as.response({ code: login.code, state: login.state });
      await expect(
        h.client.callback({ delivery: 'query', params: { response, iss: h.as.issuer } }),
      ).resolves.toMatchObject({ subject: 'alice' });
    });

    it('refuses a duplicated response parameter', async () => {
      const login = await h.begin();
      const good = await h.as.response({ code: login.code, state: login.state });
      const params = new URLSearchParams([
        ['response', good],
        ['response', 'attacker.jwt.value'],
      ]);
      await expectRefused(
        h,
        h.client.callback({ delivery: 'query', params }),
        'ERR_JARM_RESPONSE_DUPLICATED',
        secretsOf(login, good),
      );
    });

    it('refuses unsigned parameters smuggled beside the response', async () => {
      const login = await h.begin();
      const response = await h.as.response({ code: login.code, state: login.state });
      const attempt = h.client.callback({ delivery: 'query', params: { response, code: 'attacker-code' } });
      await expectRefused(h, attempt, 'ERR_JARM_UNEXPECTED_PARAMETERS', secretsOf(login, response));
    });

    it.each(['form_post', 'fragment'] as const)('refuses a query.jwt response delivered by %s', async (delivery) => {
      const login = await h.begin({ responseMode: 'query.jwt' });
      const response = await h.as.response({ code: login.code, state: login.state });
      await expectRefused(
        h,
        h.deliver(response, { delivery }),
        'ERR_JARM_RESPONSE_MODE_MISMATCH',
        secretsOf(login, response),
      );
    });

    it('refuses a form_post.jwt response delivered in the query', async () => {
      const login = await h.begin({ responseMode: 'form_post.jwt' });
      expect(login.request.response_mode).toBe('form_post.jwt');
      const response = await h.as.response({ code: login.code, state: login.state });
      await expectRefused(
        h,
        h.deliver(response, { delivery: 'query' }),
        'ERR_JARM_RESPONSE_MODE_MISMATCH',
        secretsOf(login, response),
      );
    });
  });

  describe('replay, mix-up and swapped logins', () => {
    it('refuses a valid response replayed a second time (the login is consumed)', async () => {
      const login = await h.begin();
      const response = await h.as.response({ code: login.code, state: login.state });
      await expect(h.deliver(response)).resolves.toMatchObject({ subject: 'alice' });
      h.as.counts.token = 0;
      await expectRefused(h, h.deliver(response), 'ERR_STATE_UNKNOWN', secretsOf(login, response));
    });

    it('refuses a replay even through a store that fails to consume logins (the replay register is the second line)', async () => {
      const kept = new Map<string, Transaction>();
      const leaky = await startHarness({
        as: h.as,
        store: { save: async (t) => void kept.set(t.state, t), take: async (state) => kept.get(state) },
      });
      const login = await leaky.begin();
      const response = await h.as.response({ code: login.code, state: login.state });
      await expect(leaky.deliver(response)).resolves.toMatchObject({ subject: 'alice' });
      h.as.counts.token = 0;
      await expectRefused(leaky, leaky.deliver(response), 'ERR_JARM_REPLAYED', secretsOf(login, response));
    });

    it('records the state as used only for a store that does not consume on the server; the response is recorded always', async () => {
      const recorded: string[] = [];
      const register = new MemoryReplayRegister();
      const counting = {
        register: (id: string, expiresAt: number) => (
          recorded.push(id.split(':')[0]!),
          register.register(id, expiresAt)
        ),
      };
      const kept = new Map<string, Transaction>();
      const withoutFlag = await startHarness({
        as: h.as,
        replayRegister: counting,
        store: {
          save: async (t) => void kept.set(t.state, t),
          take: async (state) => {
            const t = kept.get(state);
            kept.delete(state);
            return t;
          },
        },
      });
      const first = await withoutFlag.begin();
      await expect(
        withoutFlag.deliver(await h.as.response({ code: first.code, state: first.state })),
      ).resolves.toMatchObject({ subject: 'alice' });
      expect(recorded).toEqual(['state', 'jarm']);

      recorded.length = 0;
      const server = await startHarness({ as: h.as, replayRegister: counting, store: new MemoryTransactionStore() });
      const second = await server.begin();
      await expect(
        server.deliver(await h.as.response({ code: second.code, state: second.state })),
      ).resolves.toMatchObject({ subject: 'alice' });
      expect(recorded).toEqual(['jarm']);
    });

    it('refuses a replay through a store that claims to consume on the server but does not (the response register still holds)', async () => {
      const kept = new Map<string, Transaction>();
      const lying = await startHarness({
        as: h.as,
        store: {
          consumesOnServer: true,
          save: async (t) => void kept.set(t.state, t),
          take: async (state) => kept.get(state),
        },
      });
      const login = await lying.begin();
      const response = await h.as.response({ code: login.code, state: login.state });
      await expect(lying.deliver(response)).resolves.toMatchObject({ subject: 'alice' });
      h.as.counts.token = 0;
      await expectRefused(lying, lying.deliver(response), 'ERR_JARM_REPLAYED', secretsOf(login, response));
    });

    it('refuses a response whose state differs from the login a lax store handed back (the state is compared, not trusted)', async () => {
      let last: Transaction | undefined;
      // A store that matches loosely (here: not at all) must not be able to pair a response with another login.
      const lax = await startHarness({
        as: h.as,
        store: { save: async (t) => void (last = t), take: async () => last },
      });
      const login = await lax.begin();
      const response = await h.as.response({ code: login.code, state: 'another-state' });
      await expectRefused(lax, lax.deliver(response), 'ERR_STATE_MISMATCH', secretsOf(login, response));
    });

    it('accepts only one of two concurrent deliveries of the same response', async () => {
      const login = await h.begin();
      const response = await h.as.response({ code: login.code, state: login.state });
      const outcomes = await Promise.allSettled([h.deliver(response), h.deliver(response)]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: { code: 'ERR_STATE_UNKNOWN' } });
      expect(h.as.counts.token).toBe(1);
    });

    it('consumes the login even when the signature is invalid (a later valid response is refused)', async () => {
      const login = await h.begin();
      const forged = await h.as.response(
        { code: login.code, state: login.state },
        { key: { ...(await createTestKey()), kid: h.as.key.kid } },
      );
      await expectRefused(h, h.deliver(forged), 'ERR_JARM_SIGNATURE_INVALID', secretsOf(login, forged));
      const genuine = await h.as.response({ code: login.code, state: login.state });
      await expectRefused(h, h.deliver(genuine), 'ERR_STATE_UNKNOWN', secretsOf(login, genuine));
    });

    describe('with another authorization server', () => {
      let other: TestAuthorizationServer;
      beforeAll(async () => {
        other = await startTestAuthorizationServer({ clientId: 'signet-test-client' });
      });
      afterAll(() => other.close());
      beforeEach(() => other.reset());

      it('refuses a response from another issuer, validly signed by that issuer (mix-up), without fetching its keys', async () => {
        const login = await h.begin();
        const response = await other.response({ code: login.code, state: login.state });
        await expectRefused(h, h.deliver(response), 'ERR_JARM_ISSUER_INVALID', secretsOf(login, response));
        expect(other.counts).toEqual({
          discovery: 0,
          jwks: 0,
          par: 0,
          authorization: 0,
          token: 0,
          refresh: 0,
          revocation: 0,
          userinfo: 0,
        });
      });

      it('refuses a response of another AS that claims to come from ours', async () => {
        const login = await h.begin();
        const response = await other.response({ iss: h.as.issuer, code: login.code, state: login.state });
        await expectRefused(h, h.deliver(response), 'ERR_JWKS_NO_MATCHING_KEY', secretsOf(login, response));
        expect(other.counts.jwks).toBe(0);
      });
    });

    it("completes two logins of the same browser in either order without touching the other's transaction", async () => {
      const cookies = browser();
      const tabA = await h.begin({}, { cookies });
      const tabB = await h.begin({}, { cookies });
      await expect(
        h.deliver(await h.as.response({ code: tabA.code, state: tabA.state }), { context: { cookies } }),
      ).resolves.toMatchObject({
        subject: 'alice',
      });
      await expect(
        h.deliver(await h.as.response({ code: tabB.code, state: tabB.state }), { context: { cookies } }),
      ).resolves.toMatchObject({
        subject: 'alice',
      });
      expect(h.as.counts.token).toBe(2);
    });

    it("refuses tab A's response relayed under tab B's state (B's code is not A's, and A stays pending)", async () => {
      const cookies = browser();
      const tabA = await h.begin({}, { cookies });
      const tabB = await h.begin({}, { cookies });
      // The AS signed A's code for A's state; an attacker cannot make it sign A's code under B's state.
      const forged = swapPayload(await h.as.response({ code: tabA.code, state: tabA.state }), {
        iss: h.as.issuer,
        aud: h.as.clientId,
        exp: Math.floor(Date.now() / 1000) + 60,
        code: tabA.code,
        state: tabB.state,
      });
      await expectRefused(h, h.deliver(forged, { context: { cookies } }), 'ERR_JARM_SIGNATURE_INVALID', [
        ...secretsOf(tabA),
        ...secretsOf(tabB),
      ]);
      await expect(
        h.deliver(await h.as.response({ code: tabA.code, state: tabA.state }), { context: { cookies } }),
      ).resolves.toMatchObject({
        subject: 'alice',
      });
    });

    it.each([
      ['no binding cookie at all (login CSRF)', () => new MemoryCookieJar(), true],
      [
        'a binding cookie of the right name with a made-up value',
        (_own: MemoryCookieJar, name: string) => jarWith(name, 'a value the forger made up'),
        true,
      ],
      // Only the login's own browser holds the value: the store takes its own login, and core refuses it.
      [
        'the right value without its __Host- prefix (a cookie planted from a sibling domain)',
        (own: MemoryCookieJar, name: string) => jarWith(name.slice('__Host-'.length), own.values.get(name)!),
        false,
      ],
    ])(
      'refuses a response from a browser presenting %s, and burns no login another browser holds',
      async (_case, forge, survives) => {
        const own = new MemoryCookieJar();
        const login = await h.begin({}, { cookies: own });
        const response = await h.as.response({ code: login.code, state: login.state });
        const binding = [...own.values.keys()].find((n) => n.startsWith('__Host-signet.b.'))!;
        await expectRefused(
          h,
          h.deliver(response, { context: { cookies: forge(own, binding) } }),
          'ERR_STATE_UNKNOWN',
          secretsOf(login, response),
        );
        const retry = h.deliver(response, { context: { cookies: own } });
        if (survives) await expect(retry).resolves.toMatchObject({ subject: 'alice' });
        else await expect(retry).rejects.toMatchObject({ code: 'ERR_STATE_UNKNOWN' });
      },
    );

    it('refuses an alg none response for a pending login even when every claim is right', async () => {
      const login = await h.begin();
      const now = Math.floor(Date.now() / 1000);
      const response = unsignedJws(
        { alg: 'none', typ: 'JWT' },
        { iss: h.as.issuer, aud: h.as.clientId, iat: now, exp: now + 60, code: login.code, state: login.state },
      );
      await expectRefused(h, h.deliver(response), 'ERR_JARM_ALG_NOT_ALLOWED', secretsOf(login, response));
    });
  });
});
