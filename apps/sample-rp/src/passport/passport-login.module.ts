import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { passportClientProvider } from './passport-client.provider.js';
import {
  FASTIFY_AUTHENTICATOR,
  fastifyAuthenticatorProvider,
  setUpFastifyPassport,
  type FastifyAuthenticator,
} from './passport-fastify.setup.js';
import { PassportLoginController } from './passport-login.controller.js';
import { PassportSignetGuard } from './passport-signet.guard.js';
import { PassportSignetStrategy } from './passport-signet.strategy.js';

/**
 * GET /passport/login and GET|POST /passport/callback: sign-in through @signet/passport's strategy, under
 * @nestjs/passport on Express and @fastify/passport on Fastify. Needs SignetModule imported globally (it injects
 * SIGNET_CLIENT, SIGNET_MODULE_OPTIONS and SignetSessionService).
 */
@Module({
  controllers: [PassportLoginController],
  providers: [passportClientProvider, PassportSignetStrategy, fastifyAuthenticatorProvider, PassportSignetGuard],
})
export class PassportLoginModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly strategy: PassportSignetStrategy,
    @Inject(FASTIFY_AUTHENTICATOR) private readonly authenticator: FastifyAuthenticator,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (adapter.getType() === 'fastify')
      setUpFastifyPassport(adapter.getInstance<FastifyInstance>(), this.authenticator, this.strategy);
  }
}
