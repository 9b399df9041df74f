import { Inject, Module, Optional, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { SIGNET_CLIENT, signetClientToken } from './signet.constants.js';
import { ConfigurableModuleClass, OPTIONS_TYPE, SIGNET_MODULE_OPTIONS } from './signet.module-definition.js';
import {
  hasNamedClients,
  type SignetModuleExtras,
  type SignetModuleOptions,
} from './signet-module-options.interface.js';
import { SignetAuditService } from './signet-audit.service.js';
import { SignetLogService } from './signet-log.service.js';
import {
  SIGNET_SESSION_SETTINGS,
  signetClientProvider,
  signetClientSetProvider,
  signetSessionSettingsProvider,
} from './signet-client.provider.js';
import { SignetClientsService } from './signet-clients.service.js';
import { readEnvironment } from '@signet/core';
import { SIGNET_ENVIRONMENT_STATE, SignetEnvironment } from './signet-environment.js';
import { resolveSessionSettings } from './signet-session.js';
import { SignetSessionService } from './signet-session.service.js';
import { SIGNET_SESSIONS, signetSessionsByClientProvider, signetSessionsProvider } from './signet-sessions.provider.js';
import { SignetGrantService } from './signet-grant.service.js';

/** What the module needs of the clients at shutdown (typed through a wrapper: no class import cycle). */
interface SignetClientsHandle {
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
    signetClientSetProvider,
    signetClientProvider,
    SignetClientsService,
    signetSessionSettingsProvider,
    signetSessionsByClientProvider,
    signetSessionsProvider,
    SignetSessionService,
    SignetGrantService,
  ],
  exports: [
    SIGNET_CLIENT,
    SignetClientsService,
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
    @Optional() @Inject(SignetClientsService) private readonly clients?: SignetClientsHandle,
  ) {
    super();
  }

  /**
   * Closes the Redis connection `forEnvironment()` opened and the clients' mutual-TLS connections, once the HTTP
   * server has stopped taking requests.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.environment?.close();
    await this.clients?.close();
  }

  /**
   * One client (`issuer`, `clientId`, ... as ever), or named clients (`clients: { bankA: {...}, bankB: {...} }`),
   * each then injectable by name (`@InjectSignetClient('bankA')`) besides `SignetClientsService`.
   */
  static override forRoot(options: typeof OPTIONS_TYPE): DynamicModule {
    const definition = super.forRoot(options);
    if (!hasNamedClients(options) || typeof options.clients !== 'object' || options.clients === null) return definition;
    const named = Object.keys(options.clients).map((name) => ({
      provide: signetClientToken(name),
      inject: [SignetClientsService],
      useFactory: (clients: SignetClientsService) => clients.get(name),
    }));
    return {
      ...definition,
      providers: [...(definition.providers ?? []), ...named],
      exports: [...(definition.exports ?? []), ...named.map((provider) => provider.provide)],
    };
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
