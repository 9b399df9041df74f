import { Global, Module, type DynamicModule } from '@nestjs/common';

/** Injection token of the environment the app was started with (for sign-in paths that build their own client). */
export const SAMPLE_ENVIRONMENT = Symbol.for('SAMPLE:ENVIRONMENT');
export type SampleEnvironment = Record<string, string | undefined>;

@Global()
@Module({})
export class SampleEnvironmentModule {
  static register(env: SampleEnvironment): DynamicModule {
    return {
      module: SampleEnvironmentModule,
      providers: [{ provide: SAMPLE_ENVIRONMENT, useValue: env }],
      exports: [SAMPLE_ENVIRONMENT],
    };
  }
}
