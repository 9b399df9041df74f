import type * as oauth from 'oauth4webapi';
import type { ClientConfig } from '../config/resolve-options.js';
import { SignetError } from '../errors/signet-error.js';
import { discover } from './discover.js';

/**
 * Caches metadata for `discoveryTtl`. Concurrent callers share one fetch. A failed refresh keeps serving
 * the last good metadata (an outage of the well-known endpoint must not stop logins), but an issuer
 * mismatch is never masked: it clears the cache and refuses.
 */
export class MetadataCache {
  #value?: oauth.AuthorizationServer;
  #fetchedAt = 0;
  #pending?: Promise<oauth.AuthorizationServer>;

  constructor(
    private readonly config: ClientConfig,
    private readonly load: (config: ClientConfig) => Promise<oauth.AuthorizationServer> = discover,
  ) {}

  /** The number of discovery fetches made (benchmarks and tests). */
  fetches = 0;

  async get(): Promise<oauth.AuthorizationServer> {
    const fresh = this.#value && Date.now() - this.#fetchedAt < this.config.discoveryTtl * 1000;
    if (fresh) return this.#value!;
    this.#pending ??= this.#refresh().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #refresh(): Promise<oauth.AuthorizationServer> {
    this.fetches++;
    try {
      const value = await this.load(this.config);
      this.#value = value;
      this.#fetchedAt = Date.now();
      return value;
    } catch (err) {
      const keepLastGood = this.#value && err instanceof SignetError && err.code === 'ERR_DISCOVERY_FAILED';
      if (keepLastGood) {
        // Serve the last good metadata and retry in a minute rather than on every request.
        this.#fetchedAt = Date.now() - this.config.discoveryTtl * 1000 + 60_000;
        return this.#value!;
      }
      this.#value = undefined;
      throw err;
    }
  }
}
