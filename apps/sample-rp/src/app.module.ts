import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { SignetModule } from '@signet/nestjs';
import { ApprovalLogModule } from './approval-log/approval-log.module.js';
import { AuthController } from './auth/auth.controller.js';
import { HealthModule } from './health/health.module.js';
import { HomeController } from './home/home.controller.js';
import { GrantController } from './grant/grant.controller.js';
import { SampleEnvironmentModule, type SampleEnvironment } from './sample-environment.module.js';
import { PassportLoginModule } from './passport/passport-login.module.js';
import { PASSPORT_CALLBACK_PATH } from './passport/passport-client.provider.js';
import { sampleSettings } from './sample-env.js';

/**
 * Further sign-in paths, each a module with its own routes. The Passport path (/passport/login,
 * /passport/callback) needs Node's own response object, so it exists on Express only. Its client shares the
 * app client's audit sink, store and replay register: one approval log, and a response is accepted once.
 */
function signInPaths(env: SampleEnvironment): Array<Type | DynamicModule> {
  return sampleSettings(env).platform === 'express' ? [PassportLoginModule] : [];
}

@Module({})
export class AppModule {
  /** The whole app, configured from environment variables (see README.md). */
  static forEnvironment(env: SampleEnvironment): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SampleEnvironmentModule.register(env),
        SignetModule.forEnvironment(env, {
          isGlobal: true,
          jwksRoute: true,
          // Every refusal on a callback carries a Signet code, the platform's own (405, 413, 415, 400) included.
          httpRefusals: true,
          callbackPaths: sampleSettings(env).platform === 'express' ? [PASSPORT_CALLBACK_PATH] : [],
        }),
        ApprovalLogModule,
        HealthModule,
        ...signInPaths(env),
      ],
      controllers: [HomeController, AuthController, GrantController],
    };
  }
}
