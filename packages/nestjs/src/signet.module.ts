import { Module, type DynamicModule } from '@nestjs/common';
import { SIGNET_CLIENT } from './signet.constants.js';
import { ConfigurableModuleClass, SIGNET_MODULE_OPTIONS } from './signet.module-definition.js';
import type { SignetModuleExtras, SignetModuleOptions } from './signet-module-options.interface.js';
import { SignetAuditService } from './signet-audit.service.js';
import {
  SIGNET_SESSION_SETTINGS,
  signetClientProvider,
  signetSessionSettingsProvider,
} from './signet-client.provider.js';
import { signetOptionsFromEnvironment } from './signet-env.js';
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
export class SignetModule extends ConfigurableModuleClass {
  /**
   * Reads the options from environment variables (`SIGNET_ISSUER`, `SIGNET_CLIENT_ID`, ... see the README
   * table). Nothing is read until the application boots; a bad value then stops the boot with a message that
   * names the variable and the fix.
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
      useFactory: () => {
        const options = signetOptionsFromEnvironment(env);
        // Assign (not spread) so the non-enumerable record of which variable set what survives.
        return Object.assign(options, overrides ?? {});
      },
    });
  }
}
