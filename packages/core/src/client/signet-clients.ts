import type { SignetClientOptions } from '../config/client-options.js';
import { CLIENT_NAME } from '../config/client-name.js';
import { SignetError } from '../errors/signet-error.js';
import { SignetClient } from './signet-client.js';

function invalid(name: string, field: string, problem: string): never {
  throw new SignetError('ERR_CONFIG_INVALID', `clients.${name}.${field}: ${problem}`, { field });
}

/**
 * Several named clients in one app, one per partner authorization server, each a `SignetClient` with its own
 * options (issuer, client_id, keys, profile, ...) and therefore its own discovery and JWKS caches: one partner's
 * outage or key rotation never reaches another. Registration validates the options (as `SignetClient.create`
 * does) and refuses what would weaken the mix-up defence: a name taken twice, and two clients sharing a redirect
 * URI (each callback must answer for one client only). Clients can be added at runtime, e.g. from a partner table.
 */
export class SignetClients {
  readonly #clients = new Map<string, SignetClient>();
  readonly #pending = new Set<string>();

  /** Registers one client under `name`; throws `ERR_CONFIG_INVALID` naming the client and the option. */
  async register(name: string, options: SignetClientOptions): Promise<SignetClient> {
    this.#checkName(name);
    this.#pending.add(name);
    try {
      let client: SignetClient;
      try {
        if (options?.name !== undefined && options.name !== name)
          invalid(name, 'name', `"${String(options.name)}" differs from the name it is registered under; drop it`);
        client = await SignetClient.create({ ...options, name });
      } catch (cause) {
        // Every boot refusal (a bad option, the policy's ERR_POLICY_*, a key that will not import) names the
        // partner first, its own code kept: with several partners the message must say whose option to fix.
        if (cause instanceof SignetError && !cause.message.startsWith(`clients.${name}: `))
          throw new SignetError(cause.code, `clients.${name}: ${cause.message}`, {
            ...(cause.field ? { field: cause.field } : {}),
            cause,
          });
        throw cause;
      }
      this.#pending.delete(name);
      try {
        return this.add(name, client);
      } catch (err) {
        await client.close(); // refused: nothing of it stays open
        throw err;
      }
    } finally {
      this.#pending.delete(name);
    }
  }

  /**
   * Registers a client the application created itself (an adapter's unnamed client, say) under `name`, with the
   * same refusals as `register`: a name taken twice, a redirect URI another client uses.
   */
  add(name: string, client: SignetClient): SignetClient {
    this.#checkName(name);
    for (const [other, registered] of this.#clients) {
      if (registered.settings.redirectUri === client.settings.redirectUri)
        invalid(name, 'redirectUri', `the client "${other}" already uses this redirect URI; give each its own`);
    }
    this.#clients.set(name, client);
    return client;
  }

  #checkName(name: string): void {
    if (typeof name !== 'string' || !CLIENT_NAME.test(name))
      throw new SignetError(
        'ERR_CONFIG_INVALID',
        'clients: a client name is a letter then up to 63 letters, digits, "_" or "-"',
        { field: 'clients' },
      );
    if (this.#clients.has(name) || this.#pending.has(name)) invalid(name, 'name', 'this name is already registered');
  }

  /** The client registered under `name`; `ERR_CLIENT_UNKNOWN` (404) for any other name. */
  get(name: string): SignetClient {
    const client = typeof name === 'string' ? this.#clients.get(name) : undefined;
    if (!client) throw new SignetError('ERR_CLIENT_UNKNOWN', 'no client of this app has that name');
    return client;
  }

  /** Whether a client is registered under `name`. */
  has(name: string): boolean {
    return this.#clients.has(name);
  }

  /** The registered names, in registration order. */
  names(): string[] {
    return [...this.#clients.keys()];
  }

  /** Closes every client (their mutual-TLS connections); idempotent. */
  async close(): Promise<void> {
    await Promise.all([...this.#clients.values()].map((client) => client.close()));
  }
}
