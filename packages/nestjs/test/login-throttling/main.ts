// The scenario app as its own process (real Node): @nestjs/throttler is CommonJS requiring the ESM-only
// @nestjs/common 12, which Node 20.19+ loads (require(esm)) but Jest's module system cannot.
// Reads SCENARIO_OPTIONS (JSON SignetModuleOptions) and SCENARIO_PLATFORM; prints "listening <port>".
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { LoginThrottlingModule } from './app.module.js';

const options = JSON.parse(process.env['SCENARIO_OPTIONS'] ?? '{}');
const module = LoginThrottlingModule.register(options);
const app =
  process.env['SCENARIO_PLATFORM'] === 'fastify'
    ? await NestFactory.create(module, new FastifyAdapter(), { logger: false })
    : await NestFactory.create(module, { logger: false });
await app.listen(0, '127.0.0.1');
const address = app.getHttpServer().address() as { port: number };
process.stdout.write(`listening ${address.port}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
