import { applyDecorators, Header, SetMetadata, UseFilters, UseGuards, type Type } from '@nestjs/common';
import { SIGNET_CALLBACK_METADATA } from './signet.constants.js';
import { SignetCallbackGuard, type SignetCallbackOptions } from './signet-callback.guard.js';
import { SignetExceptionFilter } from './signet-exception.filter.js';

/**
 * Makes a route the redirect URI: the response is verified (JARM) and the code exchanged before the handler
 * runs; the handler then decides where to go (`@Redirect('/', 303)`). Decorate a GET route, and a POST route
 * of the same path for `form_post.jwt` and the `fragment.jwt` relay.
 *
 * @example
 * @Get('callback') @SignetCallback() @Redirect('/', 303) callback() {}
 * @Post('callback') @SignetCallback() @Redirect('/', 303) callbackPost() {}
 */
export function SignetCallback(
  options: SignetCallbackOptions = {},
  guard: Type<SignetCallbackGuard> = SignetCallbackGuard,
): MethodDecorator {
  return applyDecorators(
    SetMetadata(SIGNET_CALLBACK_METADATA, options),
    UseGuards(guard),
    UseFilters(SignetExceptionFilter),
    Header('Cache-Control', 'no-store'),
  );
}
