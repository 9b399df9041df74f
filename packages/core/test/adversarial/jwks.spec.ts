// Key lookup under attack: unknown kids must not turn the client into a JWKS fetch amplifier, while a genuine key
// rotation at the AS is still picked up.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import {
  createTestKey,
  startTestAuthorizationServer,
  type TestAuthorizationServer,
} from '../../../testing/src/index.js';
import { expectRefused, secretsOf, startHarness, type Harness } from './harness.js';

describe('the AS key set under unknown-kid attacks', () => {
  let as: TestAuthorizationServer;
  let h: Harness;
  const realNow = Date.now.bind(Date);
  /** Moves the clock forward; jose's cooldown and Signet's claim checks both read Date.now(). */
  const advance = (seconds: number) => {
    const offset = (jest.isMockFunction(Date.now) ? Date.now() - realNow() : 0) + seconds * 1000;
    jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
  };

  beforeAll(async () => {
    as = await startTestAuthorizationServer();
  });
  afterAll(() => as.close());
  beforeEach(async () => {
    // A new client per test (its key set starts empty), warmed with one genuine login so that every test
    // starts from a JWKS cached just now.
    h = await startHarness({ as, jwksCooldown: 30 });
    const login = await h.begin();
    await h.deliver(await h.as.response({ code: login.code, state: login.state }));
    h.reset();
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('refetches the JWKS at most once per cooldown across many unknown-kid responses', async () => {
    const attacker = await createTestKey('ES256', 'unknown-kid');
    const before = h.client.stats.jwksFetches;
    advance(31);
    for (let i = 0; i < 5; i++) {
      const login = await h.begin();
      const response = await h.as.response({ code: login.code, state: login.state }, { key: attacker });
      await expectRefused(h, h.deliver(response), 'ERR_JWKS_NO_MATCHING_KEY', secretsOf(login, response));
    }
    const concurrent = await Promise.allSettled(
      Array.from({ length: 10 }, async () =>
        h.deliver(await h.as.response({ code: 'c', state: 's' }, { key: attacker })),
      ),
    );
    expect(
      concurrent.every(
        (o) => o.status === 'rejected' && (o.reason as { code: string }).code === 'ERR_JWKS_NO_MATCHING_KEY',
      ),
    ).toBe(true);
    expect(h.client.stats.jwksFetches - before).toBe(1);
    expect(h.as.counts.jwks).toBe(1);
  });

  it('makes concurrent unknown-kid misses after the cooldown share one fetch', async () => {
    const attacker = await createTestKey('ES256', 'unknown-kid');
    advance(31);
    await Promise.allSettled(
      Array.from({ length: 10 }, async () =>
        h.deliver(await h.as.response({ code: 'c', state: 's' }, { key: attacker })),
      ),
    );
    expect(h.as.counts.jwks).toBe(1);
  });

  it('does not refetch within the cooldown, however many unknown kids arrive', async () => {
    const attacker = await createTestKey('ES256', 'unknown-kid');
    await Promise.allSettled(
      Array.from({ length: 10 }, async () =>
        h.deliver(await h.as.response({ code: 'c', state: 's' }, { key: attacker })),
      ),
    );
    expect(h.as.counts.jwks).toBe(0);
  });

  it('accepts a response signed with a key the AS rotated in, once the cooldown allows a refetch', async () => {
    const rotated = await createTestKey('ES256');
    h.as.jwks = { keys: [h.as.key.publicJwk, rotated.publicJwk] };
    advance(31);
    const login = await h.begin();
    await expect(
      h.deliver(await h.as.response({ code: login.code, state: login.state }, { key: rotated })),
    ).resolves.toMatchObject({
      subject: 'alice',
    });
    expect(h.as.counts.jwks).toBe(1);
    h.as.jwks = { keys: [h.as.key.publicJwk] };
  });
});
