import {
  Controller,
  Get,
  Injectable,
  Module,
  Post,
  Redirect,
  type DynamicModule,
  type ExecutionContext,
} from '@nestjs/common';
import type { AuthorizationParameters, LoginResult } from '@signet/core';
import {
  SignetAuthenticated,
  SignetCallback,
  SignetLogin,
  SignetLoginGuard,
  SignetModule,
  SignetResult,
  SignetUser,
  type SignetModuleOptions,
  type SignetSession,
} from '../../src/index.js';

export const results: LoginResult[] = [];

/** A hook override, as an application would write one: carry a return path through the login. */
@Injectable()
class ReturnToLoginGuard extends SignetLoginGuard {
  protected override async getAuthorizationParameters(context: ExecutionContext): Promise<AuthorizationParameters> {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
    return {
      ...(await super.getAuthorizationParameters(context)),
      appState: { returnTo: request.headers['x-return-to'] ?? '/' },
    };
  }
}

@Controller()
class AuthController {
  @Get('login')
  @SignetLogin()
  login() {}

  @Get('login/profile')
  @SignetLogin({
    scope: 'openid profile',
    prompt: 'consent',
    acrValues: 'urn:signet:loa:1',
    extra: { ui_locales: 'en' },
  })
  loginProfile() {}

  @Get('login/fragment')
  @SignetLogin({ responseMode: 'fragment.jwt' })
  loginFragment() {}

  @Get('login/return')
  @SignetLogin({}, ReturnToLoginGuard)
  loginReturn() {}

  @Get('callback')
  @SignetCallback()
  @Redirect('/', 303)
  callback(@SignetResult() result: LoginResult) {
    results.push(result);
    return { url: result.appState?.['returnTo'] ?? '/' };
  }

  @Post('callback')
  @SignetCallback()
  @Redirect('/', 303)
  callbackPost(@SignetResult() result: LoginResult) {
    results.push(result);
  }

  @Get('me')
  @SignetAuthenticated()
  me(@SignetUser() session: SignetSession) {
    return { sub: session.sub, ...session.claims, scope: session.scope };
  }

  @Get('profile')
  @SignetAuthenticated({ scopes: ['profile'] })
  profile(@SignetUser() session: SignetSession) {
    return { sub: session.sub };
  }
}

@Module({})
export class LoginFlowModule {
  static register(options: SignetModuleOptions): DynamicModule {
    return {
      module: LoginFlowModule,
      imports: [SignetModule.forRoot({ ...options, jwksRoute: true })],
      controllers: [AuthController],
    };
  }
}
