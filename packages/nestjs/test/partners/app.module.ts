import { Controller, Get, Module, Post, Redirect, type DynamicModule } from '@nestjs/common';
import type { SignetClient } from '@signet/core';
import {
  InjectSignetClient,
  SignetAuthenticated,
  SignetCallback,
  SignetClientParam,
  SignetClientsService,
  SignetLogin,
  SignetModule,
  SignetUser,
  type SignetClientsModuleOptions,
  type SignetSession,
} from '../../src/index.js';

const CLIENT = new SignetClientParam('client');

/** One app, several partners: a fixed-name login and callback for bankB, `:client` routes for every partner. */
@Controller()
class PartnersController {
  constructor(private readonly clients: SignetClientsService) {}

  @Get('login/bank-b') @SignetLogin('bankB', { scope: 'openid email' }) loginB() {}
  @Get('login/:client') @SignetLogin(CLIENT) login() {}
  // A route that names no partner in an app with named partners only: refused, never a guess.
  @Get('unnamed-login') @SignetLogin() unnamed() {}

  @Get('partner-b/callback') @SignetCallback('bankB') @Redirect('/me', 303) callbackB() {}
  @Get('callback/:client') @SignetCallback(CLIENT) @Redirect('/me', 303) callback() {}
  @Post('callback/:client') @SignetCallback(CLIENT) @Redirect('/me', 303) posted() {}

  @Get('me')
  @SignetAuthenticated()
  me(@SignetUser() session: SignetSession) {
    return { sub: session.sub, iss: session.iss, client: session.client };
  }

  @Get('partners') partners() {
    return this.clients.names();
  }
}

/** Named clients injected by name (forRoot only: their names are known when the module is imported). */
@Controller('injected')
class InjectedController {
  constructor(@InjectSignetClient('bankA') private readonly bankA: SignetClient) {}

  @Get('bank-a') issuer() {
    return { issuer: this.bankA.settings.issuer };
  }
}

@Module({})
export class PartnersModule {
  static forRoot(options: SignetClientsModuleOptions): DynamicModule {
    return {
      module: PartnersModule,
      imports: [SignetModule.forRoot({ ...options, jwksRoute: true, httpRefusals: true })],
      controllers: [PartnersController, InjectedController],
    };
  }

  static forEnvironment(env: Record<string, string | undefined>): DynamicModule {
    return {
      module: PartnersModule,
      imports: [SignetModule.forEnvironment(env, { overrides: { logger: false } })],
      controllers: [PartnersController],
    };
  }

  static forRootAsync(options: SignetClientsModuleOptions): DynamicModule {
    return {
      module: PartnersModule,
      imports: [SignetModule.forRootAsync({ useFactory: async () => options, jwksRoute: true, httpRefusals: true })],
      controllers: [PartnersController],
    };
  }
}
