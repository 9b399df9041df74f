import type { FactoryProvider } from '@nestjs/common';
import { SignetError, SignetSessions, type SignetClient } from '@signet/core';
import { SIGNET_MODULE_OPTIONS } from './signet.module-definition.js';
import type { SignetModuleConfiguration } from './signet-module-options.interface.js';
import { SIGNET_CLIENT_SET, type SignetClientSet } from './signet-client-set.js';
import { SIGNET_ENVIRONMENT_STATE, type SignetEnvironment } from './signet-environment.js';

/** Injection token of core's `SignetSessions` of the unnamed client when sessions are server-side, else null. */
export const SIGNET_SESSIONS = Symbol.for('SIGNET:SESSIONS');

/** Injection token of the per-client server-side sessions (`SignetSessionsByClient`), or null without a store. */
export const SIGNET_SESSIONS_BY_CLIENT = Symbol.for('SIGNET:SESSIONS_BY_CLIENT');

/** Core's server-side sessions of each client: one store and one vault secret, each client its own grants. */
export interface SignetSessionsByClient {
  /** The sessions of this client, made on first use (a partner registered at runtime gets its own then). */
  of(client: SignetClient): Promise<SignetSessions>;
}

const ENVIRONMENT = { token: SIGNET_ENVIRONMENT_STATE, optional: true };

export const signetSessionsByClientProvider: FactoryProvider<SignetSessionsByClient | null> = {
  provide: SIGNET_SESSIONS_BY_CLIENT,
  inject: [SIGNET_MODULE_OPTIONS],
  useFactory: (options: SignetModuleConfiguration) => {
    const session = options.session;
    if (!session?.store) return null;
    const store = session.store;
    const made = new Map<SignetClient, Promise<SignetSessions>>();
    return {
      of(client) {
        let sessions = made.get(client);
        if (!sessions) {
          sessions = SignetSessions.create(client, {
            store,
            secrets: options.cookieSecret,
            ...(session.claims ? { claims: session.claims } : {}),
            ...(session.idleTimeout !== undefined ? { idleTimeout: session.idleTimeout } : {}),
            absoluteTimeout: session.absoluteTimeout ?? session.ttl ?? 8 * 3600,
            ...(session.userinfo !== undefined ? { userinfo: session.userinfo } : {}),
          });
          made.set(client, sessions);
          sessions.catch(() => made.delete(client));
        }
        return sessions;
      },
    };
  },
};

/**
 * Server-side sessions over `session.store`, with the vault keys derived from `cookieSecret`; null without a store.
 * Every named client's sessions are made at boot too, so that a client they refuse (a DPoP key generated at boot)
 * stops the boot naming it.
 */
export const signetSessionsProvider: FactoryProvider<Promise<SignetSessions | null>> = {
  provide: SIGNET_SESSIONS,
  inject: [SIGNET_SESSIONS_BY_CLIENT, SIGNET_CLIENT_SET, ENVIRONMENT],
  useFactory: async (
    byClient: SignetSessionsByClient | null,
    set: SignetClientSet,
    environment?: SignetEnvironment,
  ) => {
    if (!byClient) return null;
    try {
      for (const name of set.registry.names()) {
        const client = set.registry.get(name);
        if (client === set.unnamed) continue;
        try {
          await byClient.of(client);
        } catch (cause) {
          if (!(cause instanceof SignetError)) throw cause;
          throw new SignetError(cause.code, `clients.${name}: ${cause.message}`, {
            ...(cause.field ? { field: cause.field } : {}),
            cause,
          });
        }
      }
      return set.unnamed ? await byClient.of(set.unnamed) : null;
    } catch (err) {
      await environment?.close();
      throw environment ? environment.attribute(err) : err;
    }
  },
};
