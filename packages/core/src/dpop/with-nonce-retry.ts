import * as oauth from 'oauth4webapi';

/**
 * Runs a DPoP-protected request and retries it once when the server asks for a nonce (RFC 9449 §8):
 * oauth4webapi's DPoP handle has then remembered the nonce the server sent.
 */
export async function withDpopNonceRetry<T>(dpop: oauth.DPoPHandle | undefined, attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (err) {
    if (dpop && oauth.isDPoPNonceError(err)) return attempt();
    throw err;
  }
}
