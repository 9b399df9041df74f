// @signet/passport/nest: the @nestjs/passport guard for SignetStrategy (needs @nestjs/common and @nestjs/passport).
export { SignetAuthGuard } from './nest/signet-auth.guard.js';
