import { Inject, Module, Optional, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { SIGNET_CLIENT } from './signet.constants.js';
import { ConfigurableModuleClass, SIGNET_MODULE_OPTIONS } from './signet.module-definition.js';
import type { SignetModuleExtras, SignetModuleOptions } from './signet-module-options.interface.js';
import { SignetAuditService } from './signet-audit.service.js';
import { SignetLogService } from './signet-log.service.js';
import {
  SIGNET_SESSION_SETTINGS,
  signetClientProvider,
  signetSessionSettingsProvider,
} from './signet-client.provider.js';
import { readEnvironment } from '@signet/core';
import { SIGNET_ENVIRONMENT_STATE, SignetEnvironment } from './signet-environment.js';
import { resolveSessionSettings } from './signet-session.js';
import { SignetSessionService } from './signet-session.service.js';
import { SIGNET_SESSIONS, signetSessionsProvider } from './signet-sessions.provider.js';
import { SignetGrantService } from './signet-grant.service.js';

/** What the module needs of the client at shutdown (typed through a wrapper: no class import cycle). */
interface SignetClientHandle {
  close(): Promise<void>;
}

/**
 * Signet for NestJS: a `SignetClient` (signed requests, verified responses), the session, the audit stream,
 * and optionally `/.well-known/jwks.json`. Configure it with `forRoot`, `forRootAsync` or `forEnvironment`.
 *
 * @example
 * @Module({ imports: [SignetModule.forEnvironment()] })
 * export class AppModule {}
 */
@Module({
  providers: [
    SignetAuditService,
    SignetLogService,
    signetClientProvider,
    signetSessionSettingsProvider,
    signetSessionsProvider,
    SignetSessionService,
    SignetGrantService,
  ],
  exports: [
    SIGNET_CLIENT,
    SIGNET_MODULE_OPTIONS,
    SIGNET_SESSION_SETTINGS,
    SIGNET_SESSIONS,
    SignetAuditService,
    SignetLogService,
    SignetSessionService,
    SignetGrantService,
  ],
})
export class SignetModule extends ConfigurableModuleClass implements OnApplicationShutdown {
  constructor(
    @Optional() @Inject(SIGNET_ENVIRONMENT_STATE) private readonly environment?: SignetEnvironment,
    @Optional() @Inject(SIGNET_CLIENT) private readonly client?: SignetClientHandle,
  ) {
    super();
  }

  /**
   * Closes the Redis connection `forEnvironment()` opened and the client's mutual-TLS connections, once the HTTP
   * server has stopped taking requests.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.environment?.close();
    await this.client?.close();
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
    const definition = SignetModule.forRootAsync({
      ...definitionExtras,
      inject: [SIGNET_ENVIRONMENT_STATE],
      useFactory: async (environment: SignetEnvironment) => {
        const options = await environment.options();
        // The secrets first, with the session's own message: nothing is opened for a configuration that fails.
        try {
          resolveSessionSettings(options);
        } catch (err) {
          await environment.close();
          throw environment.attribute(err);
        }
        return options;
      },
    });
    // Read once, when the application boots: a bad value then stops the boot naming the variable.
    const reading = {
      provide: SIGNET_ENVIRONMENT_STATE,
      useFactory: () => new SignetEnvironment(readEnvironment(env), overrides),
    };
    return { ...definition, providers: [...(definition.providers ?? []), reading] };
  }
}
