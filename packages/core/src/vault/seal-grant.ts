import { CompactEncrypt } from 'jose';
import { SEALING } from '../algorithms/algorithms.js';
import type { SealedGrant } from '../session/session-record.js';
import type { VaultKeys } from './vault-keys.js';

/** The protected header parameter binding a vault to its session: authenticated, so it cannot be moved. */
export const VAULT_BINDING = 'signet_sk';

/**
 * Seals the tokens and DPoP key of one session as a JWE (`dir`, A256GCM) under the newest vault key. The session's
 * store key is in the protected header (authenticated data): a vault copied into another record does not open.
 */
export async function sealGrant(grant: SealedGrant, sessionKey: string, vault: VaultKeys): Promise<string> {
  const { kid, key } = vault.keys[0]!;
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(grant)))
    .setProtectedHeader({ ...SEALING, kid, [VAULT_BINDING]: sessionKey })
    .encrypt(key);
}
