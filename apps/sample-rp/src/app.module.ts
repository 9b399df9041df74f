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
import { SignOutModule } from './sign-out/sign-out.module.js';

/**
 * Further sign-in paths, each a module with its own routes. The Passport path (/passport/login,
 * /passport/callback) runs on both platforms (@nestjs/passport on Express, @fastify/passport on Fastify). Its
 * client shares the app client's audit sink, store and replay register: one approval log, and a response is
 * accepted once.
 */
const SIGN_IN_PATHS: Array<Type | DynamicModule> = [PassportLoginModule];

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
          callbackPaths: [PASSPORT_CALLBACK_PATH],
        }),
        ApprovalLogModule,
        HealthModule,
        SignOutModule,
        ...SIGN_IN_PATHS,
      ],
      controllers: [HomeController, AuthController, GrantController],
    };
  }
}
