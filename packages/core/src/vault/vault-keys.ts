import { CookieSecrets } from '../config/cookie-secrets.js';
import { deriveSecretKey } from '../transaction/cookie-sealing.js';

/** HKDF `info` of the vault key: a key derived for transaction cookies opens no vault, and the reverse. */
const VAULT_KEY_INFO = 'signet grant vault v1';

/** The vault's keys, newest first: one per secret of SIGNET_COOKIE_SECRET, each imported once for AES-GCM. */
export interface VaultKeys {
  keys: Array<{ kid: string; key: CryptoKey }>;
}

/**
 * Derives the vault keys from the rotating secret list (the same list and checks as the transaction cookies,
 * another HKDF purpose). `kid` is the key's position-independent id: the first 8 characters of a digest of the
 * derived key, so a rotation ("new,old") still finds the key a vault was sealed with.
 */
export async function deriveVaultKeys(secrets: string | readonly string[] | CookieSecrets): Promise<VaultKeys> {
  const raw = CookieSecrets.from(secrets as string | string[] | CookieSecrets, 'secrets').list.map((secret) =>
    deriveSecretKey(secret, VAULT_KEY_INFO),
  );
  const keys = await Promise.all(
    raw.map(async (bytes) => {
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
      const kid = Buffer.from(digest).toString('base64url').slice(0, 8);
      const key = await crypto.subtle.importKey('raw', bytes as Uint8Array<ArrayBuffer>, 'AES-GCM', false, [
        'encrypt',
        'decrypt',
      ]);
      return { kid, key };
    }),
  );
  return { keys };
}
