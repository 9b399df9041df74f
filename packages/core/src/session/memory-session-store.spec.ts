import { describe, expect, it } from '@jest/globals';
import { MemorySessionStore } from './memory-session-store.js';
import type { SessionRecord } from './session-record.js';

function record(key: string, extra: Partial<SessionRecord> = {}): SessionRecord {
  const now = Math.floor(Date.now() / 1000);
  return {
    key,
    version: 1,
    sub: 'alice',
    iss: 'https://as.example',
    sid: `sid-${key}`,
    scope: 'openid',
    claims: {},
    createdAt: now,
    lastSeenAt: now,
    absoluteExpiresAt: now + 600,
    expiresAt: now + 600,
    grant: { tokenType: 'bearer', refreshable: false, refreshCount: 0 },
    vault: 'sealed',
    ...extra,
  };
}

describe('MemorySessionStore', () => {
  it('replaces only on the expected version or while the lock is held (fencing)', async () => {
    const store = new MemorySessionStore();
    await store.create(record('a'));
    expect(await store.replace(record('a', { scope: 'x' }), { version: 2 })).toBe(false);
    expect(await store.replace(record('a', { scope: 'x' }), { version: 1 })).toBe(true);
    expect((await store.get('a'))?.version).toBe(2);
    const lock = await store.acquireLock('a', 5000);
    expect(lock).toEqual(expect.any(String));
    expect(await store.acquireLock('a', 5000)).toBeUndefined();
    expect(await store.replace(record('a'), { lock: 'someone else' })).toBe(false);
    expect(await store.replace(record('a'), { lock: lock! })).toBe(true);
    await store.releaseLock('a', lock!);
    expect(await store.acquireLock('a', 5000)).toEqual(expect.any(String));
  });

  it('forgets expired records and deletes by sid or by subject', async () => {
    const store = new MemorySessionStore();
    await store.create(record('old', { expiresAt: Math.floor(Date.now() / 1000) - 1 }));
    expect(await store.get('old')).toBeUndefined();
    await store.create(record('a'));
    await store.create(record('b'));
    await store.create(record('c', { sub: 'bob' }));
    expect(await store.deleteMatching({ iss: 'https://as.example', sid: 'sid-a' })).toBe(1);
    expect(await store.deleteMatching({ iss: 'https://other.example', sub: 'alice' })).toBe(0);
    expect(await store.deleteMatching({ iss: 'https://as.example', sub: 'alice' })).toBe(1);
    expect(await store.get('c')).toBeDefined();
  });

  it('is bounded: beyond maxSessions the least recently used goes', async () => {
    const store = new MemorySessionStore({ maxSessions: 2 });
    await store.create(record('a'));
    await store.create(record('b'));
    await store.get('a');
    await store.create(record('c'));
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('a')).toBeDefined();
  });

  it('after many uses and deletions still drops exactly the least recently used', async () => {
    const store = new MemorySessionStore({ maxSessions: 50 });
    for (let i = 0; i < 50; i += 1) await store.create(record(`s${i}`));
    // Every use moves a session to the back; deletions leave gaps: neither changes who goes next.
    for (let round = 0; round < 40; round += 1) for (let i = 0; i < 50; i += 2) await store.get(`s${i}`);
    await store.delete('s1');
    await store.create(record('n1')); // room after the deletion: nothing goes
    await store.create(record('n2')); // full: the least recently used, s3, goes
    expect(await store.get('s3')).toBeUndefined();
    expect(await store.get('s5')).toBeDefined();
    expect(await store.get('s0')).toBeDefined();
    await store.create(record('n3')); // then s7 (s5 was just used)
    expect(await store.get('s7')).toBeUndefined();
    expect(await store.get('s5')).toBeDefined();
  });
});
