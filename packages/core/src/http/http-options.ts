import * as oauth from 'oauth4webapi';
import type { ClientConfig } from '../config/resolve-options.js';

/**
 * The transport options every oauth4webapi call gets: bounded time-out, the configured fetch (or a wrapper of
 * it, such as a `ResponseProbe`'s), http only on loopback.
 */
export function httpOptions(config: ClientConfig, fetchImpl: typeof fetch = config.fetch) {
  return {
    signal: () => AbortSignal.timeout(config.httpTimeout),
    // oauth4webapi's fetch signature is narrower than the DOM one; the runtime contract is the same.
    [oauth.customFetch]: fetchImpl as unknown as NonNullable<
      oauth.HttpRequestOptions<string, oauth.ProtectedResourceRequestBody>[typeof oauth.customFetch]
    >,
    ...(config.allowInsecureLoopback ? { [oauth.allowInsecureRequests]: true } : {}),
  };
}
