import type { SignetClient } from '../client/signet-client.js';
import { clientConfig } from '../client/client-config.js';
import type { SessionRecord } from './session-record.js';
import type { SessionMatch } from './session-store.js';

/**
 * Whether a stored session is one a back-channel logout (or "end all of a subject") names: same issuer, the `sid`
 * and `sub` asked for, and the same client. Two clients at one issuer share `iss` and, for one user, `sub`: the
 * client_id (and the partner name where both sides have one) keeps partner A's logout from ending partner B's
 * sessions. A record from before the client_id was recorded has none and is matched by issuer alone, as it was
 * then: a logout the AS asked for is never skipped.
 */
export function sessionMatches(
  record: Pick<SessionRecord, 'iss' | 'sid' | 'sub' | 'clientId' | 'client'>,
  match: SessionMatch,
): boolean {
  if (record.iss !== match.iss) return false;
  if (match.sid !== undefined && record.sid !== match.sid) return false;
  if (match.sub !== undefined && record.sub !== match.sub) return false;
  if (record.clientId === undefined || match.clientId === undefined) return true;
  // The partner name too: an unnamed client's session is not a named partner's, even under one client_id.
  return record.clientId === match.clientId && record.client === match.client;
}

/** Who a client's sessions are: its issuer, client_id and partner name, as records and matches carry them. */
export function clientMatch(client: SignetClient): Pick<SessionMatch, 'iss' | 'clientId' | 'client'> {
  const { issuer, clientId, name } = clientConfig(client);
  return { iss: issuer, clientId, ...(name !== undefined ? { client: name } : {}) };
}
