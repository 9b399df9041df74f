import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { SignetError } from '../errors/signet-error.js';
import { MemoryReplayRegister } from './replay-register.js';

const inAMinute = () => Date.now() / 1000 + 60;

/** Freezes the clock at `seconds` (since the epoch) for what follows; `afterEach` restores it. */
function clockAt(seconds: number): void {
  jest.spyOn(Date, 'now').mockReturnValue(seconds * 1000);
}

async function refusal(promise: Promise<unknown>): Promise<SignetError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SignetError);
  return error as SignetError;
}

afterEach(() => {
  jest.restoreAllMocks();
});

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

  it('refuses an id up to the second it expires and accepts it from then on', async () => {
    const register = new MemoryReplayRegister();
    clockAt(1_000);
    await register.register('r1', 1_010);
    clockAt(1_009.999);
    await expect(register.register('r1', 1_020)).resolves.toBe(false);
    clockAt(1_010);
    await expect(register.register('r1', 1_020)).resolves.toBe(true);
    await expect(register.register('r1', 1_020)).resolves.toBe(false);
  });

  it('refuses a new id when full of unexpired ids (ERR_STORE_UNAVAILABLE), and still remembers every one of them', async () => {
    const register = new MemoryReplayRegister({ maxEntries: 3 });
    clockAt(1_000);
    for (const id of ['a', 'b', 'c']) await register.register(id, 1_060);
    const error = await refusal(register.register('d', 1_060));
    expect(error.code).toBe('ERR_STORE_UNAVAILABLE');
    for (const id of ['a', 'b', 'c']) await expect(register.register(id, 1_060)).resolves.toBe(false);
    // Nothing was recorded for the refused id: it is refused again, not taken for a replay.
    expect((await refusal(register.register('d', 1_060))).code).toBe('ERR_STORE_UNAVAILABLE');
  });

  it('makes room from expired ids only, whatever their order of arrival', async () => {
    const register = new MemoryReplayRegister({ maxEntries: 3 });
    clockAt(1_000);
    await register.register('long', 1_100); // oldest, but expires last
    await register.register('short', 1_010);
    await register.register('mid', 1_050);
    clockAt(1_010);
    await expect(register.register('d', 1_070)).resolves.toBe(true); // 'short' made room
    await expect(register.register('long', 1_100)).resolves.toBe(false);
    await expect(register.register('mid', 1_050)).resolves.toBe(false);
    await expect(register.register('d', 1_070)).resolves.toBe(false);
    expect((await refusal(register.register('e', 1_070))).code).toBe('ERR_STORE_UNAVAILABLE');
    clockAt(1_050);
    await expect(register.register('e', 1_070)).resolves.toBe(true); // 'mid' made room
    await expect(register.register('long', 1_100)).resolves.toBe(false);
  });

  it('drops expired ids as new ones arrive, so its size follows the unexpired ones', async () => {
    const register = new MemoryReplayRegister({ maxEntries: 10_000 });
    clockAt(1_000);
    for (let i = 0; i < 1_000; i += 1) await register.register(`old${i}`, 1_001);
    clockAt(1_001);
    for (let i = 0; i < 1_000; i += 1) await register.register(`new${i}`, 1_100);
    expect(register.size).toBe(1_000);
    await expect(register.register('new0', 1_100)).resolves.toBe(false);
    await expect(register.register('old0', 1_100)).resolves.toBe(true);
  });

  it('passes over the stale place of an id registered again after expiring', async () => {
    const register = new MemoryReplayRegister({ maxEntries: 2 });
    clockAt(1_000);
    await register.register('r1', 1_005);
    clockAt(1_005);
    await register.register('r1', 1_100); // its place of second 1005 is now stale
    await register.register('r2', 1_100);
    clockAt(1_006);
    // Full of unexpired ids: the stale place must not have dropped the renewed r1.
    expect((await refusal(register.register('r3', 1_100))).code).toBe('ERR_STORE_UNAVAILABLE');
    await expect(register.register('r1', 1_100)).resolves.toBe(false);
  });

  it('refuses a bound that is not a positive integer when built', () => {
    for (const maxEntries of [0, -1, 1.5, Number.NaN])
      expect(() => new MemoryReplayRegister({ maxEntries })).toThrow(
        expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }),
      );
  });
});
