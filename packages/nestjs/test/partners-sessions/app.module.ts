import {
  Controller,
  Get,
  HttpCode,
  Module,
  Param,
  Post,
  Redirect,
  Req,
  Res,
  UseFilters,
  type DynamicModule,
} from '@nestjs/common';
import {
  SignetAuthenticated,
  SignetCallback,
  SignetClientParam,
  SignetExceptionFilter,
  SignetGrantService,
  SignetLogin,
  SignetModule,
  SignetUser,
  type SignetClientsModuleOptions,
  type SignetSession,
} from '../../src/index.js';

const CLIENT = new SignetClientParam('client');

/** Partners with server-side sessions: `:client` login and callback, `/me`, and each partner's back-channel logout. */
@Controller()
@UseFilters(SignetExceptionFilter)
class PartnerSessionsController {
  constructor(private readonly grants: SignetGrantService) {}

  @Get('login/:client') @SignetLogin(CLIENT) login() {}
  @Get('callback/:client') @SignetCallback(CLIENT) @Redirect('/me', 303) callback() {}

  @Get('me')
  @SignetAuthenticated()
  me(@SignetUser() session: SignetSession) {
    return { sub: session.sub, iss: session.iss, client: session.client };
  }

  @Post('backchannel-logout/:client')
  @HttpCode(200)
  logout(@Req() request: object, @Res({ passthrough: true }) response: object, @Param('client') client: string) {
    return this.grants.backchannelLogout(request, response, client);
  }
}

@Module({})
export class PartnerSessionsModule {
  static forRoot(options: SignetClientsModuleOptions): DynamicModule {
    return {
      module: PartnerSessionsModule,
      imports: [SignetModule.forRoot({ ...options, httpRefusals: true })],
      controllers: [PartnerSessionsController],
    };
  }
}
