import {
  Controller,
  Get,
  Injectable,
  Module,
  Post,
  Redirect,
  Req,
  Res,
  UseFilters,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
  type INestApplication,
  type LoggerService,
  type Type,
} from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { SignetError } from '@signet/core';
import {
  SignetAuthenticated,
  SignetCallback,
  SignetExceptionFilter,
  SignetLogin,
  SignetModule,
  SignetSameOriginGuard,
  SignetSessionService,
  SignetUser,
  type SignetModuleOptions,
  type SignetSession,
} from '../../src/index.js';
import { rawRequest, type RawAnswer } from '../../../../tools/test-kit/raw-http.js';
import type { Platform } from '../support/create-app.js';
import { startTestAs, type TestAs } from '../support/dev-as.js';

// The hardening scenario: one app with a login, a callback (GET and POST), a session route, a same-origin
// sign-out and a handler that fails after it began its answer. Its specs take an attacker's and a maintainer's
// view: bad input gets a 4xx with a code, never a 500; relay pages never post off-origin; state-changing session
// routes refuse other sites.

export const REDIRECT_URI = 'http://127.0.0.1:4998/callback';
export const SECRET = 'hardening-cookie-secret-of-at-least-32-characters';

@Controller()
export class HardeningController {
  constructor(private readonly sessions: SignetSessionService) {}

  @Get('login')
  @SignetLogin()
  login() {}

  @Get('login/fragment')
  @SignetLogin({ responseMode: 'fragment.jwt' })
  loginFragment() {}

  @Get('callback')
  @SignetCallback()
  @Redirect('/', 303)
  callback() {}

  @Post('callback')
  @SignetCallback()
  @Redirect('/', 303)
  callbackPost() {}

  @Get('me')
  @SignetAuthenticated()
  me(@SignetUser() session: SignetSession) {
    return { sub: session.sub };
  }

  @Post('logout')
  @UseGuards(SignetSameOriginGuard)
  @Redirect('/', 303)
  logout(@Req() req: object, @Res({ passthrough: true }) res: object) {
    this.sessions.signOut(req, res);
  }

  /** A handler that has started its answer when a Signet refusal is thrown. */
  @Get('late')
  @UseFilters(SignetExceptionFilter)
  late(@Res() res: { raw?: { write(chunk: string): void }; write(chunk: string): void }) {
    (res.raw ?? res).write('partial');
    throw new SignetError('ERR_JARM_MALFORMED');
  }
}

/** An application's own global guard that looks at the session, as many apps do, without a response object. */
@Injectable()
export class PeekSessionGuard implements CanActivate {
  constructor(private readonly sessions: SignetSessionService) {}
  canActivate(context: ExecutionContext): boolean {
    this.sessions.get(context.switchToHttp().getRequest<object>());
    return true;
  }
}

/** Keeps what Nest logs at error level, so a test can tell that nothing threw behind the answer. */
export class CapturingLogger implements LoggerService {
  readonly errors: unknown[] = [];
  log() {}
  warn() {}
  debug() {}
  verbose() {}
  error(message: unknown) {
    this.errors.push(message);
  }
}

export async function createApp(
  options: SignetModuleOptions,
  platform: Platform,
  extra: { providers?: unknown[]; fastify?: Record<string, unknown>; logger?: LoggerService } = {},
): Promise<INestApplication> {
  @Module({
    imports: [SignetModule.forRoot({ ...options, isGlobal: true })],
    controllers: [HardeningController],
    providers: (extra.providers ?? []) as Type[],
  })
  class HardeningModule {}
  const moduleRef = await Test.createTestingModule({ imports: [HardeningModule] }).compile();
  const app =
    platform === 'fastify'
      ? moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(extra.fastify))
      : moduleRef.createNestApplication();
  app.useLogger(extra.logger ?? false);
  await app.init();
  if (platform === 'fastify') await (app as NestFastifyApplication).getHttpAdapter().getInstance().ready();
  return app;
}

/** The scenario app on `platform` against a fresh dev-as, with the module options it was built from. */
export async function startHardeningApp(
  platform: Platform,
  logger: LoggerService,
): Promise<{ testAs: TestAs; app: INestApplication; options: SignetModuleOptions; close(): Promise<void> }> {
  const testAs = await startTestAs({ redirectUri: REDIRECT_URI });
  const options: SignetModuleOptions = {
    issuer: testAs.as.issuer,
    clientId: 'test-rp',
    redirectUri: REDIRECT_URI,
    signingKeys: testAs.signingKey,
    cookieSecret: SECRET,
  };
  const app = await createApp(options, platform, { logger });
  return {
    testAs,
    app,
    options,
    close: async () => {
      await app.close();
      await testAs.as.close();
    },
  };
}

/** Sends one request line as written (absolute-form targets included), through the test kit's raw socket. */
export function raw(app: INestApplication, head: string, body = ''): Promise<RawAnswer> {
  return rawRequest(app.getHttpServer(), head, body);
}
