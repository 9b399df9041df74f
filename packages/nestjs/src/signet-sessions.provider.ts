import type { FactoryProvider } from '@nestjs/common';
import { SignetClient, SignetSessions } from '@signet/core';
import { SIGNET_CLIENT } from './signet.constants.js';
import { SIGNET_MODULE_OPTIONS } from './signet.module-definition.js';
import type { SignetModuleOptions } from './signet-module-options.interface.js';
import { SIGNET_ENVIRONMENT_STATE, type SignetEnvironment } from './signet-environment.js';

/** Injection token of core's `SignetSessions` when server-side sessions are on (`session.store`), else null. */
export const SIGNET_SESSIONS = Symbol.for('SIGNET:SESSIONS');

/** Server-side sessions over `session.store`, with the vault keys derived from `cookieSecret`; null without a store. */
export const signetSessionsProvider: FactoryProvider<Promise<SignetSessions | null>> = {
  provide: SIGNET_SESSIONS,
  inject: [SIGNET_MODULE_OPTIONS, SIGNET_CLIENT, { token: SIGNET_ENVIRONMENT_STATE, optional: true }],
  useFactory: async (options: SignetModuleOptions, client: SignetClient, environment?: SignetEnvironment) => {
    const session = options.session;
    if (!session?.store) return null;
    try {
      return await SignetSessions.create(client, {
        store: session.store,
        secrets: options.cookieSecret,
        ...(session.claims ? { claims: session.claims } : {}),
        ...(session.idleTimeout !== undefined ? { idleTimeout: session.idleTimeout } : {}),
        absoluteTimeout: session.absoluteTimeout ?? session.ttl ?? 8 * 3600,
        ...(session.userinfo !== undefined ? { userinfo: session.userinfo } : {}),
      });
    } catch (err) {
      await environment?.close();
      throw environment ? environment.attribute(err) : err;
    }
  },
};
