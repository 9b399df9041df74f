import type { FactoryProvider } from '@nestjs/common';
import {
  MemoryReplayRegister,
  MemoryTransactionStore,
  SignetClient,
  SignetClients,
  SignetError,
  type SignetClientOptions,
} from '@signet/core';
import { SIGNET_CLIENT_SET, type SignetClientSet } from './signet-client-set.js';
import { SIGNET_CLIENT, SIGNET_DEFAULT_CLIENT } from './signet.constants.js';
import { SIGNET_MODULE_OPTIONS } from './signet.module-definition.js';
import {
  hasNamedClients,
  type SignetModuleConfiguration,
  type SignetModuleOptions,
} from './signet-module-options.interface.js';
import { SignetAuditService } from './signet-audit.service.js';
import { SIGNET_ENVIRONMENT_STATE, type SignetEnvironment } from './signet-environment.js';
import { SignetLogService } from './signet-log.service.js';
import { resolveSessionSettings, type SessionSettings } from './signet-session.js';

/** Injection token of the validated session settings. */
export const SIGNET_SESSION_SETTINGS = Symbol.for('SIGNET:SESSION_SETTINGS');

/** A refusal renamed after the environment variable behind it, when the options came from `forEnvironment()`. */
function attributed(environment: SignetEnvironment | undefined, err: unknown): unknown {
  return environment ? environment.attribute(err) : err;
}

const ENVIRONMENT = { token: SIGNET_ENVIRONMENT_STATE, optional: true };

/** Options minus what only the HTTP layer reads. */
function clientOptions(options: SignetModuleOptions) {
  const { cookieSecret: _secret, session: _session, clients: _clients, ...client } = options;
  return client;
}

/**
 * The named form's shared client options: everything but the clients and the HTTP layer's own. Without a store of
 * the application's, the partners share one in-memory store and replay register (core's default, one instance),
 * so that a response delivered to another partner's callback is recognised as such (`ERR_TRANSACTION_MISMATCH`).
 */
function sharedOptions(options: SignetModuleConfiguration): Partial<SignetClientOptions> {
  const { cookieSecret: _secret, session: _session, clients: _clients, ...shared } = options;
  return {
    ...shared,
    store: shared.store ?? new MemoryTransactionStore(),
    replayRegister: shared.replayRegister ?? new MemoryReplayRegister(),
  } as Partial<SignetClientOptions>;
}

function wiring(
  shared: Partial<SignetClientOptions>,
  audit: SignetAuditService,
  log: SignetLogService,
): SignetClientSet['wire'] {
  return (own) => {
    const options = { ...shared, ...own } as SignetClientOptions;
    return {
      ...options,
      // Nest's Logger unless the application gave its own logger (or false to silence it).
      logger: options.logger ?? ((record) => log.write(record)),
      // The module's stream first, then the application's own sink; core shields the flow from both.
      audit: (event) => {
        audit.publish(event);
        return options.audit?.(event);
      },
    };
  };
}

/** Each named client, registered (and so validated) in the order given; the first refusal stops the boot. */
async function registerNamed(clients: unknown, registry: SignetClients, wire: SignetClientSet['wire']): Promise<void> {
  if (typeof clients !== 'object' || clients === null || Array.isArray(clients) || Object.keys(clients).length === 0)
    throw new SignetError('ERR_CONFIG_INVALID', 'clients: give at least one named client, e.g. { bankA: { ... } }', {
      field: 'clients',
    });
  for (const [name, own] of Object.entries(clients as Record<string, SignetClientOptions>))
    await registry.register(name, wire(own));
}

export const signetClientSetProvider: FactoryProvider<Promise<SignetClientSet>> = {
  provide: SIGNET_CLIENT_SET,
  inject: [SIGNET_MODULE_OPTIONS, SignetAuditService, SignetLogService, ENVIRONMENT],
  useFactory: async (
    options: SignetModuleConfiguration,
    audit: SignetAuditService,
    log: SignetLogService,
    environment?: SignetEnvironment,
  ) => {
    const registry = new SignetClients();
    const wire = wiring(hasNamedClients(options) ? sharedOptions(options) : {}, audit, log);
    try {
      if (hasNamedClients(options) && (options as SignetModuleOptions).issuer !== undefined) {
        // Partners beside the unnamed client: it first, as `default`, on the same shared store.
        const unnamed = registry.add(
          SIGNET_DEFAULT_CLIENT,
          await SignetClient.create(wire(clientOptions(options as SignetModuleOptions))),
        );
        await registerNamed(options.clients, registry, wire);
        return { registry, wire, unnamed };
      }
      if (hasNamedClients(options)) {
        await registerNamed(options.clients, registry, wire);
        return {
          registry,
          wire,
          unnamed: registry.has(SIGNET_DEFAULT_CLIENT) ? registry.get(SIGNET_DEFAULT_CLIENT) : null,
        };
      }
      const client = await SignetClient.create(wire(clientOptions(options)));
      registry.add(SIGNET_DEFAULT_CLIENT, client);
      return { registry, wire, unnamed: client };
    } catch (err) {
      // The boot stops here: a Redis connection opened for these options would otherwise keep the process alive.
      await registry.close();
      await environment?.close();
      throw attributed(environment, err);
    }
  },
};

/** The unnamed client (`@InjectSignetClient()`): null when the module has only named clients. */
export const signetClientProvider: FactoryProvider<SignetClient | null> = {
  provide: SIGNET_CLIENT,
  inject: [SIGNET_CLIENT_SET],
  useFactory: (set: SignetClientSet) => set.unnamed,
};

export const signetSessionSettingsProvider: FactoryProvider<SessionSettings> = {
  provide: SIGNET_SESSION_SETTINGS,
  inject: [SIGNET_MODULE_OPTIONS, ENVIRONMENT],
  useFactory: (options: SignetModuleConfiguration, environment?: SignetEnvironment) => {
    try {
      return resolveSessionSettings(options);
    } catch (err) {
      throw attributed(environment, err);
    }
  },
};
