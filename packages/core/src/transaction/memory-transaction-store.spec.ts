import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { MemoryTransactionStore } from './memory-transaction-store.js';
import type { Transaction } from './transaction.js';

function transaction(state: string, ttl = 600): Transaction {
  const now = Math.floor(Date.now() / 1000);
  return {
    state,
    nonce: 'n',
    codeVerifier: 'v',
    responseMode: 'jwt',
    redirectUri: 'https://rp.example/cb',
    jti: 'j',
    scope: 'openid',
    createdAt: now,
    expiresAt: now + ttl,
  };
}

afterEach(() => {
  jest.restoreAllMocks();
});

describe('MemoryTransactionStore', () => {
  it('peeks at a pending login without consuming it, and never at an expired one', async () => {
    const store = new MemoryTransactionStore();
    await store.save(transaction('s1'));
    await store.save(transaction('old', -1));
    await expect(store.peek('s1')).resolves.toMatchObject({ state: 's1' });
    await expect(store.peek('old')).resolves.toBeUndefined();
    await expect(store.take('s1')).resolves.toMatchObject({ state: 's1' });
    await expect(store.peek('s1')).resolves.toBeUndefined();
  });

  it('takes a login in one step only when the presented binding is its own, and reads it otherwise', async () => {
    const store = new MemoryTransactionStore();
    await store.save({ ...transaction('s1'), binding: 'b1' });
    await store.save(transaction('unbound'));
    await store.save({ ...transaction('old', -1), binding: 'b1' });
    await expect(store.takeIfBound('s1', 'b2')).resolves.toMatchObject({ transaction: { state: 's1' }, taken: false });
    await expect(store.takeIfBound('s1', undefined)).resolves.toMatchObject({ taken: false });
    await expect(store.takeIfBound('s1', 'b1')).resolves.toMatchObject({ transaction: { state: 's1' }, taken: true });
    await expect(store.takeIfBound('s1', 'b1')).resolves.toBeUndefined();
    await expect(store.takeIfBound('unbound', 'b1')).resolves.toMatchObject({ taken: false });
    await expect(store.takeIfBound('unbound', undefined)).resolves.toMatchObject({ taken: true });
    await expect(store.takeIfBound('old', 'b1')).resolves.toBeUndefined();
    const both = await Promise.all([store.takeIfBound('s2', 'x'), store.save({ ...transaction('s2'), binding: 'x' })]);
    expect(both[0]).toBeUndefined();
    const racing = await Promise.all([store.takeIfBound('s2', 'x'), store.takeIfBound('s2', 'x'), store.take('s2')]);
    expect(racing.filter((r) => r !== undefined && (!('taken' in r) || r.taken))).toHaveLength(1);
  });

  it('gives a pending login back once, then never again (single use)', async () => {
    const store = new MemoryTransactionStore();
    await store.save(transaction('s1'));
    await expect(store.take('s1')).resolves.toMatchObject({ state: 's1' });
    await expect(store.take('s1')).resolves.toBeUndefined();
  });

  it('gives the login to only one of two concurrent takes', async () => {
    const store = new MemoryTransactionStore();
    await store.save(transaction('s1'));
    const taken = await Promise.all([store.take('s1'), store.take('s1')]);
    expect(taken.filter(Boolean)).toHaveLength(1);
  });

  it('refuses an expired login and forgets it', async () => {
    const store = new MemoryTransactionStore();
    await store.save(transaction('old', -1));
    await expect(store.take('old')).resolves.toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('knows nothing of a state it never saw', async () => {
    await expect(new MemoryTransactionStore().take('never')).resolves.toBeUndefined();
  });

  it('drops the oldest pending login past its bound', async () => {
    const store = new MemoryTransactionStore({ maxEntries: 2 });
    for (const state of ['a', 'b', 'c']) await store.save(transaction(state));
    expect(store.size).toBe(2);
    await expect(store.take('a')).resolves.toBeUndefined();
    await expect(store.take('b')).resolves.toMatchObject({ state: 'b' });
    await expect(store.take('c')).resolves.toMatchObject({ state: 'c' });
  });

  it('after many takes still drops exactly the oldest pending login, and a login saved again counts as new', async () => {
    const store = new MemoryTransactionStore({ maxEntries: 100 });
    for (let i = 0; i < 3000; i += 1) {
      await store.save(transaction(`s${i}`));
      if (i % 3 === 0) await store.take(`s${i}`);
    }
    expect(store.size).toBe(100);
    // Live now: the 100 newest of those not taken (i % 3 !== 0), i.e. from s2850 on.
    await expect(store.peek('s2849')).resolves.toBeUndefined();
    await expect(store.peek('s2851')).resolves.toMatchObject({ state: 's2851' });
    await store.save(transaction('s2851')); // saved again: now the newest
    for (let i = 0; i < 99; i += 1) await store.save(transaction(`t${i}`));
    await expect(store.peek('s2851')).resolves.toMatchObject({ state: 's2851' });
    await store.save(transaction('t99'));
    await expect(store.peek('s2851')).resolves.toBeUndefined();
    expect(store.size).toBe(100);
  });

  it('gives a login back up to the second it expires and refuses it from that second on', async () => {
    const store = new MemoryTransactionStore();
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    await store.save({ ...transaction('s1'), createdAt: 1_000, expiresAt: 1_600 });
    await store.save({ ...transaction('s2'), createdAt: 1_000, expiresAt: 1_600 });
    now.mockReturnValue(1_599_999);
    await expect(store.peek('s1')).resolves.toMatchObject({ state: 's1' });
    await expect(store.take('s1')).resolves.toMatchObject({ state: 's1' });
    now.mockReturnValue(1_600_000);
    await expect(store.peek('s2')).resolves.toBeUndefined();
    await expect(store.take('s2')).resolves.toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('after its oldest logins were taken drops the oldest one left, never a newer one', async () => {
    const store = new MemoryTransactionStore({ maxEntries: 3 });
    for (const state of ['a', 'b', 'c']) await store.save(transaction(state));
    await store.take('a');
    await store.save(transaction('d')); // room left: nothing dropped
    await store.save(transaction('e')); // full: b goes
    await expect(store.peek('b')).resolves.toBeUndefined();
    for (const state of ['c', 'd', 'e']) await expect(store.peek(state)).resolves.toMatchObject({ state });
    await store.take('d');
    await store.save(transaction('f'));
    await store.save(transaction('g')); // c goes, then e is the oldest
    await expect(store.peek('c')).resolves.toBeUndefined();
    for (const state of ['e', 'f', 'g']) await expect(store.peek(state)).resolves.toMatchObject({ state });
    expect(store.size).toBe(3);
  });

  it('emptied by takes, then filled past its bound again, drops the oldest of the new logins', async () => {
    const store = new MemoryTransactionStore({ maxEntries: 2 });
    for (const state of ['a', 'b', 'c']) await store.save(transaction(state));
    await store.take('b');
    await store.take('c');
    expect(store.size).toBe(0);
    for (const state of ['x', 'y', 'z']) await store.save(transaction(state));
    await expect(store.peek('x')).resolves.toBeUndefined();
    await expect(store.take('y')).resolves.toMatchObject({ state: 'y' });
    await expect(store.take('z')).resolves.toMatchObject({ state: 'z' });
  });

  it('refuses a bound that is not a positive integer when built', () => {
    for (const maxEntries of [0, -1, 1.5, Number.NaN])
      expect(() => new MemoryTransactionStore({ maxEntries })).toThrow(
        expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }),
      );
  });
});
