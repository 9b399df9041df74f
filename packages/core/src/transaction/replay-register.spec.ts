import { describe, expect, it } from '@jest/globals';
import { MemoryReplayRegister } from './replay-register.js';

const inAMinute = () => Date.now() / 1000 + 60;

describe('MemoryReplayRegister', () => {
  it('accepts an id once and refuses it while it has not expired', async () => {
    const register = new MemoryReplayRegister();
    await expect(register.register('r1', inAMinute())).resolves.toBe(true);
    await expect(register.register('r1', inAMinute())).resolves.toBe(false);
  });

  it('accepts only one of two concurrent registrations of the same id', async () => {
    const register = new MemoryReplayRegister();
    const results = await Promise.all([register.register('r1', inAMinute()), register.register('r1', inAMinute())]);
    expect(results.sort()).toEqual([false, true]);
  });

  it('forgets an id once it has expired (the response itself is then refused as expired)', async () => {
    const register = new MemoryReplayRegister();
    await register.register('r1', Date.now() / 1000 - 1);
    await expect(register.register('r1', inAMinute())).resolves.toBe(true);
  });

  it('stays within its bound, evicting expired entries first', async () => {
    const register = new MemoryReplayRegister({ maxEntries: 2 });
    await register.register('expired', Date.now() / 1000 - 1);
    await register.register('a', inAMinute());
    await register.register('b', inAMinute());
    await expect(register.register('a', inAMinute())).resolves.toBe(false);
    await expect(register.register('b', inAMinute())).resolves.toBe(false);
  });

  it('keeps exactly the newest ids within its bound through many evictions', async () => {
    const register = new MemoryReplayRegister({ maxEntries: 50 });
    for (let i = 0; i < 2000; i += 1) await register.register(`r${i}`, inAMinute());
    await expect(register.register('r1950', inAMinute())).resolves.toBe(false); // the oldest kept
    await expect(register.register('r1949', inAMinute())).resolves.toBe(true); // evicted, so new again
    await expect(register.register('r1999', inAMinute())).resolves.toBe(false);
  });
});
