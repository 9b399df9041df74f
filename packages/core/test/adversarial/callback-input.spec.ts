import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { CallbackInput } from '../../src/jarm/callback-input.js';
import { MemoryTransactionStore } from '../../src/transaction/memory-transaction-store.js';
import { httpStatusOf } from '../../src/http/http-status.js';
import { expectRefused, startHarness, type Harness } from './harness.js';

// Input no HTTP parser makes, given straight to callback(): refused for its shape, with its own code, before any
// protocol step, and never confused with a token request that failed.

describe('callback input that is not plain data', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  const circular: Record<string, unknown> = { response: 'a.b.c' };
  circular['self'] = circular;
  const throwing = Object.defineProperty({}, 'response', {
    enumerable: true,
    get() {
      throw new Error('a getter that throws');
    },
  });

  it.each([
    ['a BigInt in params', { delivery: 'query', params: { response: 10n } }],
    ['a circular params object', { delivery: 'query', params: circular }],
    ['a throwing getter in params', { delivery: 'query', params: throwing }],
    ['a function in params', { delivery: 'form_post', params: { response: () => 'x' } }],
    ['params that are not an object', { delivery: 'query', params: 'response=a.b.c' }],
    ['an unknown delivery channel', { delivery: 'websocket', params: {} }],
    ['no input at all', null],
  ])('refuses %s with ERR_CALLBACK_INPUT_INVALID (400), no token request', async (_label, input) => {
    const login = await h.begin();
    const err = await expectRefused(
      h,
      h.client.callback(input as unknown as CallbackInput),
      'ERR_CALLBACK_INPUT_INVALID',
      [login.code, login.nonce],
    );
    expect(httpStatusOf(err)).toBe(400);
  });

  it('keeps an unexpected failure apart from a token request failure: ERR_UNEXPECTED, 500, no token request', async () => {
    const memory = new MemoryTransactionStore();
    // A store with a bug: it hands back the login with a DPoP key that is no key at all.
    const buggy = await startHarness({
      store: {
        save: (tx) => memory.save(tx),
        take: async (state) => {
          const tx = await memory.take(state);
          return tx && { ...tx, dpopKey: { kty: 'EC', crv: 'P-256' } };
        },
      },
    });
    try {
      const login = await buggy.begin();
      const response = await buggy.as.response({ code: login.code, state: login.state });
      const err = await expectRefused(buggy, buggy.deliver(response), 'ERR_UNEXPECTED');
      expect(err.message).toBe('the callback failed unexpectedly');
      expect(httpStatusOf(err)).toBe(500);
    } finally {
      await buggy.close();
    }
  });
});
