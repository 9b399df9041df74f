import { Inject, Module, Optional, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { SIGNET_CLIENT } from './signet.constants.js';
import { ConfigurableModuleClass, SIGNET_MODULE_OPTIONS } from './signet.module-definition.js';
import type { SignetModuleExtras, SignetModuleOptions } from './signet-module-options.interface.js';
import { SignetAuditService } from './signet-audit.service.js';
import {
  renameConfigurationError,
  SIGNET_SESSION_SETTINGS,
  signetClientProvider,
  signetSessionSettingsProvider,
} from './signet-client.provider.js';
import { attachEnvironmentStores, closeEnvironmentStores, signetOptionsFromEnvironment } from './signet-env.js';
import { resolveSessionSettings } from './signet-session.js';
import { SignetSessionService } from './signet-session.service.js';

/**
 * Signet for NestJS: a `SignetClient` (signed requests, verified responses), the session, the audit stream,
 * and optionally `/.well-known/jwks.json`. Configure it with `forRoot`, `forRootAsync` or `forEnvironment`.
 *
 * @example
 * @Module({ imports: [SignetModule.forEnvironment()] })
 * export class AppModule {}
 */
@Module({
  providers: [SignetAuditService, signetClientProvider, signetSessionSettingsProvider, SignetSessionService],
  exports: [SIGNET_CLIENT, SIGNET_MODULE_OPTIONS, SIGNET_SESSION_SETTINGS, SignetAuditService, SignetSessionService],
})
export class SignetModule extends ConfigurableModuleClass implements OnApplicationShutdown {
  constructor(@Optional() @Inject(SIGNET_MODULE_OPTIONS) private readonly options?: SignetModuleOptions) {
    super();
  }

  /** Closes the Redis connection `forEnvironment()` opened, once the HTTP server has stopped taking requests. */
  async onApplicationShutdown(): Promise<void> {
    await closeEnvironmentStores(this.options);
  }

  /**
   * Reads the options from environment variables (`SIGNET_ISSUER`, `SIGNET_CLIENT_ID`, ... see the README
   * table), the transaction store and replay register included (`SIGNET_STORE`, `SIGNET_REDIS_URL`). Nothing is
   * read until the application boots; a bad value then stops the boot with a message that names the variable
   * and the fix. A Redis connection it opens is closed on application shutdown.
   *
   * @param overrides options that win over the environment (an audit sink, a transaction store, ...).
   */
  static forEnvironment(
    env: Record<string, string | undefined> = process.env,
    extras: SignetModuleExtras & { overrides?: Partial<SignetModuleOptions> } = {},
  ): DynamicModule {
    const { overrides, ...definitionExtras } = extras;
    return SignetModule.forRootAsync({
      ...definitionExtras,
      useFactory: async () => {
        const options = signetOptionsFromEnvironment(env);
        // Assign (not spread) so the non-enumerable record of which variable set what survives.
        Object.assign(options, overrides ?? {});
        // The secrets first, with the session's own message: nothing is opened for a configuration that fails.
        try {
          resolveSessionSettings(options);
        } catch (err) {
          throw renameConfigurationError(options, err);
        }
        if (options.store === undefined || options.replayRegister === undefined)
          await attachEnvironmentStores(options, env);
        return options;
      },
    });
  }
}
