import type { FactoryProvider } from '@nestjs/common';
import { SignetClient, SignetError } from '@signet/core';
import { SIGNET_CLIENT } from './signet.constants.js';
import { SIGNET_MODULE_OPTIONS } from './signet.module-definition.js';
import type { SignetModuleOptions } from './signet-module-options.interface.js';
import { SignetAuditService } from './signet-audit.service.js';
import { closeEnvironmentStores, environmentVariableOf } from './signet-env.js';
import { resolveSessionSettings, type SessionSettings } from './signet-session.js';

/** Injection token of the validated session settings. */
export const SIGNET_SESSION_SETTINGS = Symbol.for('SIGNET:SESSION_SETTINGS');

/**
 * Renames a configuration refusal after the environment variable that caused it, when the options came from
 * `forEnvironment()`: a developer who set `SIGNET_SIGNING_KEY_FILE` should read that name, not `signingKeys[0]`.
 */
export function renameConfigurationError(options: SignetModuleOptions, err: unknown): unknown {
  if (!(err instanceof SignetError) || err.code !== 'ERR_CONFIG_INVALID') return err;
  const variable = environmentVariableOf(options, err.field);
  if (!variable || err.field === variable) return err;
  const problem =
    err.field && err.message.startsWith(`${err.field}: `) ? err.message.slice(err.field.length + 2) : err.message;
  return new SignetError('ERR_CONFIG_INVALID', `${variable}: ${problem}`, { field: variable, cause: err });
}

/** Options minus what only the HTTP layer reads. */
function clientOptions(options: SignetModuleOptions) {
  const { cookieSecret: _secret, session: _session, ...client } = options;
  return client;
}

export const signetClientProvider: FactoryProvider<Promise<SignetClient>> = {
  provide: SIGNET_CLIENT,
  inject: [SIGNET_MODULE_OPTIONS, SignetAuditService],
  useFactory: async (options: SignetModuleOptions, audit: SignetAuditService) => {
    try {
      return await SignetClient.create({
        ...clientOptions(options),
        // The module's stream first, then the application's own sink; core shields the flow from both.
        audit: (event) => {
          audit.publish(event);
          return options.audit?.(event);
        },
      });
    } catch (err) {
      // The boot stops here: a Redis connection opened for these options would otherwise keep the process alive.
      await closeEnvironmentStores(options);
      throw renameConfigurationError(options, err);
    }
  },
};

export const signetSessionSettingsProvider: FactoryProvider<SessionSettings> = {
  provide: SIGNET_SESSION_SETTINGS,
  inject: [SIGNET_MODULE_OPTIONS],
  useFactory: (options: SignetModuleOptions) => {
    try {
      return resolveSessionSettings(options);
    } catch (err) {
      throw renameConfigurationError(options, err);
    }
  },
};
