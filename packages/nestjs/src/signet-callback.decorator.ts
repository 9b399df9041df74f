import { applyDecorators, Header, SetMetadata, UseFilters, UseGuards, type Type } from '@nestjs/common';
import { SIGNET_CALLBACK_METADATA, SIGNET_CLIENT_NAME_METADATA } from './signet.constants.js';
import { SignetClientParam, type SignetClientSelector } from './signet-client-name.js';
import { SignetCallbackGuard, type SignetCallbackOptions } from './signet-callback.guard.js';
import { SignetExceptionFilter } from './signet-exception.filter.js';

/**
 * Makes a route the redirect URI: the response is verified (JARM) and the code exchanged before the handler
 * runs; the handler then decides where to go (`@Redirect('/', 303)`). Decorate a GET route, and a POST route
 * of the same path for `form_post.jwt` and the `fragment.jwt` relay. With named clients, the first argument says
 * whose callback this is (a name, or `new SignetClientParam('client')`): a response to another client's login
 * is refused there (`ERR_TRANSACTION_MISMATCH`) before any key lookup or token request.
 *
 * @example
 * @Get('callback') @SignetCallback() @Redirect('/', 303) callback() {}
 * @Post('callback') @SignetCallback() @Redirect('/', 303) callbackPost() {}
 * @Get('callback/bank-a') @SignetCallback('bankA') @Redirect('/', 303) callbackA() {}
 */
export function SignetCallback(options?: SignetCallbackOptions, guard?: Type<SignetCallbackGuard>): MethodDecorator;
export function SignetCallback(
  client: SignetClientSelector,
  options?: SignetCallbackOptions,
  guard?: Type<SignetCallbackGuard>,
): MethodDecorator;
export function SignetCallback(
  first: SignetClientSelector | SignetCallbackOptions = {},
  second?: SignetCallbackOptions | Type<SignetCallbackGuard>,
  third?: Type<SignetCallbackGuard>,
): MethodDecorator {
  const named = typeof first === 'string' || first instanceof SignetClientParam;
  const options = (named ? second : first) as SignetCallbackOptions | undefined;
  const guard = ((named ? third : second) as Type<SignetCallbackGuard> | undefined) ?? SignetCallbackGuard;
  return applyDecorators(
    ...(named ? [SetMetadata(SIGNET_CLIENT_NAME_METADATA, first)] : []),
    SetMetadata(SIGNET_CALLBACK_METADATA, options ?? {}),
    UseGuards(guard),
    UseFilters(SignetExceptionFilter),
    Header('Cache-Control', 'no-store'),
  );
}
