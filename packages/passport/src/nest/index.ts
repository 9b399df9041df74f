// @signet/passport/nest: the @nestjs/passport guard for SignetStrategy (needs @nestjs/common and @nestjs/passport).
export { SignetAuthGuard } from './signet-auth.guard.js';
