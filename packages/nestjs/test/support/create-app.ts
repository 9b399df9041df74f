import type { INestApplication, Type } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';

export type Platform = 'express' | 'fastify';
export const PLATFORMS: Platform[] = ['express', 'fastify'];

/** A Nest application on either platform, initialised and ready for supertest. */
export async function createApp(
  module: Type<unknown> | ReturnType<typeof Object>,
  platform: Platform,
): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [module as Type<unknown>] }).compile();
  const app =
    platform === 'fastify'
      ? moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter())
      : moduleRef.createNestApplication({ logger: false });
  if (platform === 'fastify') app.useLogger(false);
  await app.init();
  if (platform === 'fastify') await (app as NestFastifyApplication).getHttpAdapter().getInstance().ready();
  return app;
}
