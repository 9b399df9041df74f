import { describe, expect, it } from '@jest/globals';
import { isSignetError } from '../errors/signet-error.js';
import { openGrant } from './open-grant.js';
import { sealGrant } from './seal-grant.js';
import { deriveVaultKeys } from './vault-keys.js';

const OLD = 'old-vault-secret-0123456789abcdefghijkl';
const NEW = 'new-vault-secret-0123456789abcdefghijkl';
const grant = { accessToken: 'at-123', refreshToken: 'rt-456', dpopKey: { kty: 'EC', d: 'private' } };

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (err: unknown) => err,
  );
}

describe('the grant vault', () => {
  it('seals tokens out of sight and opens them again for the same session', async () => {
    const vault = await deriveVaultKeys(NEW);
    const sealed = await sealGrant(grant, 'session-key-1', vault);
    expect(sealed).not.toContain('at-123');
    expect(Buffer.from(sealed.split('.')[0]!, 'base64url').toString()).toContain('"alg":"dir","enc":"A256GCM"');
    expect(await openGrant(sealed, 'session-key-1', vault)).toEqual(grant);
  });

  it('opens a vault sealed before a rotation ("new,old") and seals new ones with the new secret', async () => {
    const before = await sealGrant(grant, 'k', await deriveVaultKeys(OLD));
    const rotated = await deriveVaultKeys(`${NEW},${OLD}`);
    expect(await openGrant(before, 'k', rotated)).toEqual(grant);
    const after = await sealGrant(grant, 'k', rotated);
    expect(
      isSignetError(await refusal(openGrant(after, 'k', await deriveVaultKeys(OLD))), 'ERR_GRANT_VAULT_INVALID'),
    ).toBe(true);
  });

  it('refuses a vault moved to another session (the binding is authenticated)', async () => {
    const vault = await deriveVaultKeys(NEW);
    const sealed = await sealGrant(grant, 'session-a', vault);
    expect(isSignetError(await refusal(openGrant(sealed, 'session-b', vault)), 'ERR_GRANT_VAULT_INVALID')).toBe(true);
  });

  it('refuses a tampered vault', async () => {
    const vault = await deriveVaultKeys(NEW);
    const parts = (await sealGrant(grant, 'k', vault)).split('.');
    parts[3] = Buffer.from('{"accessToken":"forged"}').toString('base64url');
    expect(isSignetError(await refusal(openGrant(parts.join('.'), 'k', vault)), 'ERR_GRANT_VAULT_INVALID')).toBe(true);
  });

  it('refuses a vault of a retired secret and a vault under the transaction-cookie key of the same secret', async () => {
    const sealed = await sealGrant(grant, 'k', await deriveVaultKeys(OLD));
    expect(
      isSignetError(await refusal(openGrant(sealed, 'k', await deriveVaultKeys(NEW))), 'ERR_GRANT_VAULT_INVALID'),
    ).toBe(true);
    expect(
      isSignetError(await refusal(openGrant('not-a-jwe', 'k', await deriveVaultKeys(NEW))), 'ERR_GRANT_VAULT_INVALID'),
    ).toBe(true);
  });
});
