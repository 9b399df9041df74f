import { Module } from '@nestjs/common';
import { passportClientProvider } from './passport-client.provider.js';
import { PassportLoginController } from './passport-login.controller.js';
import { PassportSignetStrategy } from './passport-signet.strategy.js';

/**
 * GET /passport/login and GET|POST /passport/callback: sign-in through @signet/passport's strategy under
 * @nestjs/passport. Needs SignetModule imported globally (it injects SIGNET_CLIENT, SIGNET_MODULE_OPTIONS and
 * SignetSessionService) and the Express platform (Passport writes to Node's response object).
 */
@Module({
  controllers: [PassportLoginController],
  providers: [passportClientProvider, PassportSignetStrategy],
})
export class PassportLoginModule {}
