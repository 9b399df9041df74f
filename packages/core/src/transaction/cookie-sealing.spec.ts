import { describe, expect, it } from '@jest/globals';
import { CompactEncrypt } from 'jose';
import { deriveCookieKey, seal, unseal } from './cookie-sealing.js';

const key = deriveCookieKey('a throwaway test secret of enough length');
const now = () => Math.floor(Date.now() / 1000);

/** A value sealed under the store's own key around arbitrary plaintext: what only a key holder could write. */
function sealedAround(plaintext: string): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(plaintext))
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .encrypt(key);
}

async function refusal(value: Promise<string>): Promise<string> {
  return unseal(await value, [key]).then(
    () => 'opened',
    (error: { code: string; message: string }) => `${error.code}: ${error.message}`,
  );
}

describe('unseal', () => {
  it('opens what seal wrote, with iat and exp as seal set them', async () => {
    const value = await seal({ state: 's1', tx: { a: 1 } }, key, now(), now() + 60);
    await expect(unseal(value, [key])).resolves.toMatchObject({ state: 's1', tx: { a: 1 }, exp: now() + 60 });
  });

  it.each([
    ['a JSON array', '[1]', 'is malformed'],
    ['a JSON string', '"x"', 'is malformed'],
    ['bytes that are not JSON', '{', 'is malformed'],
    ['claims without exp', JSON.stringify({ state: 's' }), 'is malformed'],
    ['a string exp', JSON.stringify({ state: 's', exp: '9999999999' }), 'is malformed'],
    ['a string iat', JSON.stringify({ state: 's', exp: 9999999999, iat: 'now' }), 'is malformed'],
    ['claims without state', JSON.stringify({ exp: 9999999999 }), 'carries no state'],
    ['a numeric state', JSON.stringify({ state: 7, exp: 9999999999 }), 'carries no state'],
  ])('refuses %s sealed under the right key', async (_name, plaintext, reason) => {
    await expect(refusal(sealedAround(plaintext))).resolves.toBe(
      `ERR_TRANSACTION_INVALID: the transaction cookie ${reason}`,
    );
  });

  it('refuses a value whose exp is now or past, as a JWT that has expired', async () => {
    for (const exp of [now(), now() - 1])
      await expect(refusal(seal({ state: 's' }, key, now() - 60, exp))).resolves.toBe(
        'ERR_TRANSACTION_INVALID: the transaction cookie has expired',
      );
  });

  it('refuses another JWE algorithm or encryption than dir with A256GCM, before decrypting', async () => {
    const a128 = await new CompactEncrypt(new TextEncoder().encode('{}'))
      .setProtectedHeader({ alg: 'dir', enc: 'A128GCM' })
      .encrypt(key.subarray(0, 16));
    await expect(refusal(Promise.resolve(a128))).resolves.toBe(
      'ERR_TRANSACTION_INVALID: the transaction cookie is malformed',
    );
  });

  it('moves on to the next key only when authentication fails', async () => {
    const older = deriveCookieKey('the secret before the rotation, also throwaway');
    const value = await seal({ state: 's2' }, older, now(), now() + 60);
    await expect(unseal(value, [key, older])).resolves.toMatchObject({ state: 's2' });
    await expect(unseal(value, [key])).rejects.toMatchObject({
      code: 'ERR_TRANSACTION_INVALID',
      message: expect.stringContaining('does not open with any configured secret'),
    });
  });
});
