import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { NO_GRANT } from './signet-grant.handle.js';
import { signetState } from './signet-request.js';

/**
 * Injects the signed-in session's grant (`SignetGrantHandle`: `accessToken()`, `fetch(url, init)`) on routes with
 * `@SignetAuthenticated()`. With stateless cookie sessions it refuses every call with `ERR_GRANT_NOT_KEPT`.
 *
 * @example
 * @Get('api/profile') @SignetAuthenticated()
 * async profile(@SignetGrant() grant: SignetGrantHandle) { return (await grant.fetch(resourceUrl)).json(); }
 */
export const SignetGrant = createParamDecorator(
  (_data: unknown, context: ExecutionContext) =>
    signetState(context.switchToHttp().getRequest<object>()).grant ?? NO_GRANT,
);
