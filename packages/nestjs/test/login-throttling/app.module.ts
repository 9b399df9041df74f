import { Controller, Get, Module, Redirect, UseGuards, type DynamicModule } from '@nestjs/common';
import { Throttle, ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { SignetCallback, SignetLogin, SignetModule, type SignetModuleOptions } from '../../src/index.js';
import { LOGINS_PER_MINUTE } from './limits.js';

// The recipe of the README ("Throttling logins"): @UseGuards(ThrottlerGuard) BELOW @SignetLogin(), so that the
// throttler runs first and a refused request never signs or pushes a request object.
@Controller()
class AuthController {
  @Get('login')
  @SignetLogin()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: LOGINS_PER_MINUTE, ttl: 60_000 } })
  login() {}

  @Get('callback')
  @SignetCallback()
  @Redirect('/', 303)
  callback() {}
}

@Module({})
export class LoginThrottlingModule {
  static register(options: SignetModuleOptions): DynamicModule {
    return {
      module: LoginThrottlingModule,
      imports: [
        ThrottlerModule.forRoot([{ name: 'default', limit: 1000, ttl: 60_000 }]),
        SignetModule.forRoot(options),
      ],
      controllers: [AuthController],
    };
  }
}
