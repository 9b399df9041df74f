import type { ClientConfig } from '../config/resolve-options.js';

// A client's resolved configuration (keys, stores, hooks) is core's internal state: adapters and apps read the
// public `settings` and `shared` views instead. Keyed by the client object (not typed as SignetClient, so this
// file imports nothing and every core module can reach the configuration without an import circle).
const configs = new WeakMap<object, ClientConfig>();

/** Records the configuration of a client being constructed; called once, by SignetClient's constructor. */
export function attachConfig(client: object, config: ClientConfig): void {
  configs.set(client, config);
}

/** The resolved configuration of a client. Internal to core: never exported from a package entry point. */
export function clientConfig(client: object): ClientConfig {
  const config = configs.get(client);
  if (!config) throw new TypeError('not a SignetClient created by SignetClient.create()');
  return config;
}
