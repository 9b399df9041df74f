import type { ClientConfig } from '../config/resolve-options.js';
import type { AuthorizationParameters } from '../jar/authorization-parameters.js';
import type { ResponseMode } from '../jarm/response-mode.js';
import { exportDpopKey, type DPoPKeyPair } from '../dpop/dpop-key.js';
import { bindToBrowser } from './browser-binding.js';
import type { StoreContext, Transaction } from './transaction.js';

/** The per-login values the request carried and the callback must find again. */
export interface LoginValues {
  state: string;
  nonce: string;
  codeVerifier: string;
  responseMode: ResponseMode;
  scope: string;
  jti: string;
  dpopKey?: DPoPKeyPair;
}

/**
 * The transaction step of a login: the pending login keyed by state, bound to this browser when the adapter
 * gives cookie access, saved in the store. A per-login DPoP key is stored with it (the callback signs with it).
 */
export async function beginTransaction(
  config: ClientConfig,
  login: LoginValues,
  params: Pick<AuthorizationParameters, 'maxAge' | 'appState'>,
  context: StoreContext,
): Promise<Transaction> {
  const now = Math.floor(Date.now() / 1000);
  const transaction: Transaction = {
    state: login.state,
    nonce: login.nonce,
    codeVerifier: login.codeVerifier,
    responseMode: login.responseMode,
    redirectUri: config.redirectUri,
    issuer: config.issuer,
    clientId: config.clientId,
    jti: login.jti,
    scope: login.scope,
    createdAt: now,
    expiresAt: now + config.transactionTtl,
    ...(params.maxAge !== undefined ? { maxAge: params.maxAge } : {}),
    ...(login.dpopKey && config.dpop && config.dpop.perSession ? { dpopKey: await exportDpopKey(login.dpopKey) } : {}),
    ...(params.appState ? { appState: params.appState } : {}),
  };
  bindToBrowser(transaction, context, config);
  await config.store.save(transaction, context);
  return transaction;
}
