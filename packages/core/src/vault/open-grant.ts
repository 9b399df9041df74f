import { compactDecrypt, decodeProtectedHeader } from 'jose';
import { SEALING } from '../algorithms/algorithms.js';
import { SignetError } from '../errors/signet-error.js';
import type { SealedGrant } from '../session/session-record.js';
import { VAULT_BINDING } from './seal-grant.js';
import type { VaultKeys } from './vault-keys.js';

function invalid(reason: string, cause?: unknown): SignetError {
  return new SignetError('ERR_GRANT_VAULT_INVALID', `the sealed grant ${reason}`, cause ? { cause } : {});
}

/**
 * Opens a vault sealed by `sealGrant` for this session: the key named by `kid` (any of the rotating list),
 * `dir` + A256GCM only, the session binding checked, the content shape checked. Any failure is one code.
 */
export async function openGrant(sealed: string, sessionKey: string, vault: VaultKeys): Promise<SealedGrant> {
  let kid: unknown;
  try {
    kid = decodeProtectedHeader(sealed).kid;
  } catch (cause) {
    throw invalid('is not a JWE', cause);
  }
  const entry = vault.keys.find((k) => k.kid === kid);
  if (!entry) throw invalid('was sealed under a key no configured secret derives (retired secret?)');
  let plaintext: Uint8Array;
  let header: Record<string, unknown>;
  try {
    const opened = await compactDecrypt(sealed, entry.key, {
      keyManagementAlgorithms: [SEALING.alg],
      contentEncryptionAlgorithms: [SEALING.enc],
    });
    plaintext = opened.plaintext;
    header = opened.protectedHeader as Record<string, unknown>;
  } catch (cause) {
    throw invalid('does not decrypt (tampered)', cause);
  }
  if (header[VAULT_BINDING] !== sessionKey) throw invalid('belongs to another session');
  let grant: SealedGrant;
  try {
    grant = JSON.parse(new TextDecoder().decode(plaintext)) as SealedGrant;
  } catch {
    throw invalid('holds no JSON');
  }
  if (typeof grant !== 'object' || grant === null || typeof grant.accessToken !== 'string')
    throw invalid('holds no access token');
  return grant;
}
