import type * as oauth from 'oauth4webapi';
import type { ClientConfig } from '../config/resolve-options.js';
import { SignetError } from '../errors/signet-error.js';
import type { RemoteKeySet } from '../jwks/remote-key-set.js';
import type { StoreContext, Transaction } from '../transaction/transaction.js';
import { claimTransaction } from '../transaction/claim-transaction.js';
import { responseEncryptionAlgorithms, responseSigningAlgorithms } from '../discovery/allowed-algorithms.js';
import { DELIVERY_FOR_MODE, type CallbackInput } from './callback-input.js';
import type { JarmClaims } from './check-claims.js';
import { extractResponse } from './extract-response.js';
import { checkCompact, unwrapResponse } from './decrypt-response.js';
import { decodeJws } from './decode-jws.js';
import { checkOutcome, verifyDecodedResponse } from './verify-response.js';

/** A response that passed every check: only now may its code be used. */
export interface VerifiedResponse {
  code: string;
  claims: JarmClaims;
  transaction: Transaction;
  stateHash: string;
}

/** Filled in as verification proceeds, so that a refusal can still be audited with what was known. */
export interface VerificationTrace {
  transaction?: Transaction;
  stateHash?: string;
  /** The JWS whose signature verified (the inner JWS of an encrypted response): kept as audit evidence. */
  verifiedJws?: string;
}

/** Where verification gets the AS's keys and (to narrow the algorithms to what it advertises) its metadata. */
export interface VerificationSources {
  keySet(): Promise<RemoteKeySet>;
  metadata?(): Promise<oauth.AuthorizationServer>;
  /**
   * Told once this browser's pending login of this client was claimed and before the signature is verified, so
   * that the caller can prepare (never send) what follows, beside the verification: the callback signs its client
   * assertion there. Must not throw.
   */
  claimed?(transaction: Transaction): void;
}

function unknownLogin(): SignetError {
  return new SignetError(
    'ERR_STATE_UNKNOWN',
    'no pending login for this state (unknown, expired, already used, or begun in another browser)',
    { field: 'state' },
  );
}

/** A login begun by another client of the app (another redirect URI, client_id or issuer) is not ours to finish. */
function checkSameClient(config: ClientConfig, transaction: Transaction): void {
  const compared = [
    ['redirect_uri', transaction.redirectUri, config.redirectUri],
    ['client_id', transaction.clientId, config.clientId],
    ['issuer', transaction.issuer, config.issuer],
  ] as const;
  for (const [field, begun, here] of compared) {
    if (begun !== here)
      throw new SignetError(
        'ERR_TRANSACTION_MISMATCH',
        `the pending login was begun for another ${field} than this callback's`,
        { field },
      );
  }
}

/**
 * The whole JARM acceptance procedure, cheap checks before costly ones:
 * 1. the parameters (size, one `response`, nothing unsigned beside it), then whether this browser can hold a
 *    pending login at all (cookie store: no transaction cookie, no decryption);
 * 2. unwrap (no `zip`, narrowed JWE algorithms) and decode once;
 * 3. claim the login named by the unverified state: another browser burns nothing; this browser consumes it
 *    whatever the outcome; a login of another callback, client or issuer is refused;
 * 4. header, claims and signature (algorithms narrowed to the AS's metadata); a verified response that claimed
 *    a login is registered (keyed on what the AS signed) whatever its outcome, an error included;
 * 5. state, response mode, then the code or the AS's verified error.
 */
export async function verifyAuthorizationResponse(
  config: ClientConfig,
  sources: VerificationSources | (() => Promise<RemoteKeySet>),
  input: CallbackInput,
  context: StoreContext = {},
  trace: VerificationTrace = {},
): Promise<VerifiedResponse> {
  const { keySet, metadata, claimed } = typeof sources === 'function' ? { keySet: sources } : sources;
  const response = extractResponse(config, input);
  checkCompact(response);
  if (config.store.mayHold && !config.store.mayHold(context)) throw unknownLogin();
  const as = metadata ? await metadata() : undefined;
  const decoded = decodeJws(await unwrapResponse(config, response, responseEncryptionAlgorithms(config, as)));

  const { transaction, used } = await claimTransaction(config, decoded.claims.state, context, trace);
  if (transaction) {
    checkSameClient(config, transaction);
    if (!used) claimed?.(transaction);
  }

  const verified = await verifyDecodedResponse(config, await keySet(), decoded, responseSigningAlgorithms(config, as));
  const claims = verified.claims;
  trace.verifiedJws = decoded.jws;
  if (claims.state === undefined)
    throw new SignetError('ERR_STATE_MISSING', 'the signed response carries no "state"', { field: 'state' });
  // Only a delivery that claimed the login registers the response: one that found none (a concurrent duplicate,
  // a replay after the store consumed it) must not make the genuine delivery look like a replay.
  if (!transaction) throw unknownLogin();
  let first: boolean;
  try {
    first = await config.replayRegister.register(verified.replayId, claims.exp + config.clockTolerance);
  } catch (cause) {
    if (cause instanceof SignetError) throw cause;
    throw new SignetError('ERR_STORE_UNAVAILABLE', 'the replay register failed', { cause });
  }

  if (!first) throw new SignetError('ERR_JARM_REPLAYED', 'this authorization response was already received once');
  if (used) throw unknownLogin();
  if (transaction.state !== claims.state)
    throw new SignetError('ERR_STATE_MISMATCH', 'the signed "state" differs from the pending login', {
      field: 'state',
    });
  const expected = DELIVERY_FOR_MODE[transaction.responseMode];
  if (input.delivery !== expected) {
    throw new SignetError(
      'ERR_JARM_RESPONSE_MODE_MISMATCH',
      `response_mode "${transaction.responseMode}" was requested but the response came by another channel`,
    );
  }
  return { code: checkOutcome(claims), claims, transaction, stateHash: trace.stateHash! };
}
