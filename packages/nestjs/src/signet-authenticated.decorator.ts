import { applyDecorators, SetMetadata, UseFilters, UseGuards, type Type } from '@nestjs/common';
import { SignetExceptionFilter } from './signet-exception.filter.js';
import { SIGNET_AUTHORIZE_METADATA } from './signet.constants.js';
import { SignetSessionGuard, type SignetSessionRequirements } from './signet-session.guard.js';

/**
 * Requires a signed-in session on a route or a whole controller (a handler's requirements override its
 * class's): 401 `ERR_SESSION_REQUIRED` without one, 403 `ERR_SESSION_SCOPE_INSUFFICIENT` when scopes are missing.
 * Signet's coded errors thrown in the handler (a grant that ends, a store outage) are answered with their code.
 *
 * @example
 * @Get('me') @SignetAuthenticated({ scopes: ['profile'] }) me(@SignetUser() session: SignetSession) { ... }
 */
export function SignetAuthenticated(
  requirements: SignetSessionRequirements = {},
  guard: Type<SignetSessionGuard> = SignetSessionGuard,
): ClassDecorator & MethodDecorator {
  // The filter maps the coded refusals of the session store and the grant (503, 401 ERR_GRANT_REVOKED, ...).
  return applyDecorators(
    SetMetadata(SIGNET_AUTHORIZE_METADATA, requirements),
    UseGuards(guard),
    UseFilters(SignetExceptionFilter),
  );
}
