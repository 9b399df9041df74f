import type { FactoryProvider } from '@nestjs/common';
import { SignetClient } from '@signet/core';
import { SIGNET_CLIENT } from './signet.constants.js';
import { SIGNET_MODULE_OPTIONS } from './signet.module-definition.js';
import type { SignetModuleOptions } from './signet-module-options.interface.js';
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
  const { cookieSecret: _secret, session: _session, ...client } = options;
  return client;
}

export const signetClientProvider: FactoryProvider<Promise<SignetClient>> = {
  provide: SIGNET_CLIENT,
  inject: [SIGNET_MODULE_OPTIONS, SignetAuditService, SignetLogService, ENVIRONMENT],
  useFactory: async (
    options: SignetModuleOptions,
    audit: SignetAuditService,
    log: SignetLogService,
    environment?: SignetEnvironment,
  ) => {
    try {
      return await SignetClient.create({
        ...clientOptions(options),
        // Nest's Logger unless the application gave its own logger (or false to silence it).
        logger: options.logger ?? ((record) => log.write(record)),
        // The module's stream first, then the application's own sink; core shields the flow from both.
        audit: (event) => {
          audit.publish(event);
          return options.audit?.(event);
        },
      });
    } catch (err) {
      // The boot stops here: a Redis connection opened for these options would otherwise keep the process alive.
      await environment?.close();
      throw attributed(environment, err);
    }
  },
};

export const signetSessionSettingsProvider: FactoryProvider<SessionSettings> = {
  provide: SIGNET_SESSION_SETTINGS,
  inject: [SIGNET_MODULE_OPTIONS, ENVIRONMENT],
  useFactory: (options: SignetModuleOptions, environment?: SignetEnvironment) => {
    try {
      return resolveSessionSettings(options);
    } catch (err) {
      throw attributed(environment, err);
    }
  },
};
