import { createHash } from 'node:crypto';
import type { ClientConfig } from '../config/resolve-options.js';
import { SignetError } from '../errors/signet-error.js';
import type { RemoteKeySet } from '../jwks/remote-key-set.js';
import type { StoreContext, Transaction } from '../transaction/transaction.js';
import { checkBrowserBinding } from '../transaction/browser-binding.js';
import { shortHash } from '../audit/emit.js';
import { DELIVERY_FOR_MODE, type CallbackInput } from './callback-input.js';
import type { JarmClaims } from './check-claims.js';
import { extractResponse } from './extract-response.js';
import { unwrapResponse } from './decrypt-response.js';
import { decodeJws } from './decode-jws.js';
import { checkOutcome, verifyResponseJws } from './verify-response.js';

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
}

const MAX_STATE_LENGTH = 512;

async function takeTransaction(
  config: ClientConfig,
  state: unknown,
  context: StoreContext,
  trace: VerificationTrace,
): Promise<Transaction | undefined> {
  if (typeof state !== 'string' || state === '' || state.length > MAX_STATE_LENGTH) return undefined;
  trace.stateHash = shortHash(state);
  let transaction: Transaction | undefined;
  try {
    transaction = await config.store.take(state, context);
  } catch (cause) {
    if (cause instanceof SignetError) throw cause;
    throw new SignetError('ERR_STORE_UNAVAILABLE', 'the transaction store failed', { cause });
  }
  if (transaction) trace.transaction = transaction;
  return transaction;
}

/**
 * The whole JARM acceptance procedure. The pending login named by the (not yet verified) state is taken
 * from the store first, so it is consumed whatever the outcome; then the response is unwrapped, its header
 * and claims checked, its signature verified, and only then compared with the transaction.
 */
export async function verifyAuthorizationResponse(
  config: ClientConfig,
  keySet: () => Promise<RemoteKeySet>,
  input: CallbackInput,
  context: StoreContext = {},
  trace: VerificationTrace = {},
): Promise<VerifiedResponse> {
  const response = extractResponse(config, input);
  const jws = await unwrapResponse(config, response);

  const unverifiedState = decodeJws(jws).claims.state;
  const transaction = await takeTransaction(config, unverifiedState, context, trace);

  const claims = await verifyResponseJws(config, await keySet(), jws);

  if (claims.state === undefined)
    throw new SignetError('ERR_STATE_MISSING', 'the signed response carries no "state"', { field: 'state' });
  if (!transaction)
    throw new SignetError(
      'ERR_STATE_UNKNOWN',
      'no pending login for this state (unknown, expired, already used, or begun in another browser)',
      { field: 'state' },
    );
  if (transaction.state !== claims.state)
    throw new SignetError('ERR_STATE_MISMATCH', 'the signed "state" differs from the pending login', {
      field: 'state',
    });
  checkBrowserBinding(transaction, context, config);
  const expected = DELIVERY_FOR_MODE[transaction.responseMode];
  if (input.delivery !== expected) {
    throw new SignetError(
      'ERR_JARM_RESPONSE_MODE_MISMATCH',
      `response_mode "${transaction.responseMode}" was requested but the response came by ${input.delivery}`,
    );
  }

  const code = checkOutcome(claims);

  // Keyed by the signed JWS, not the outer string: re-encrypting the same response must not make it new.
  const id = createHash('sha256').update(jws).digest('base64url');
  let first: boolean;
  try {
    first = await config.replayRegister.register(id, claims.exp + config.clockTolerance);
  } catch (cause) {
    if (cause instanceof SignetError) throw cause;
    throw new SignetError('ERR_STORE_UNAVAILABLE', 'the replay register failed', { cause });
  }
  if (!first) throw new SignetError('ERR_JARM_REPLAYED', 'this authorization response was already accepted once');

  return { code, claims, transaction, stateHash: trace.stateHash! };
}
