import type { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import { sampleSettings } from './sample-env.js';

export interface CreateSampleAppOptions {
  /** Nest log levels, or a logger of your own; false silences Nest (tests). Default: error, warn, log. */
  logger?: LogLevel[] | LoggerService | false;
}

/**
 * Builds the sample app on the platform SIGNET_PLATFORM names, not yet listening. Throws (never aborts the
 * process) on a configuration error, with the variable named in the message.
 */
export async function createSampleApp(
  env: Record<string, string | undefined>,
  options: CreateSampleAppOptions = {},
): Promise<INestApplication> {
  const { platform } = sampleSettings(env);
  const module = AppModule.forEnvironment(env);
  // rawBody: the callback guard then parses the exact bytes of a form_post (repeated fields stay visible).
  // Silent while booting: a configuration error is thrown to the caller, which prints its one-line message
  // (Nest would otherwise log it with a stack that buries the variable name).
  const common = { rawBody: true, abortOnError: false, logger: false as const };
  const app: INestApplication =
    platform === 'fastify'
      ? await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter({ bodyLimit: 64 * 1024 }), common)
      : await NestFactory.create<NestExpressApplication>(module, common);
  app.useLogger(options.logger ?? ['error', 'warn', 'log']);
  app.enableShutdownHooks();
  return app;
}
