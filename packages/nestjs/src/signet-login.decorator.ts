import {
  applyDecorators,
  Redirect,
  SetMetadata,
  UseFilters,
  UseGuards,
  UseInterceptors,
  type Type,
} from '@nestjs/common';
import type { AuthorizationParameters } from '@signet/core';
import { SIGNET_LOGIN_METADATA } from './signet.constants.js';
import { SignetExceptionFilter } from './signet-exception.filter.js';
import { SignetLoginGuard } from './signet-login.guard.js';
import { SignetLoginInterceptor } from './signet-login.interceptor.js';

/**
 * Makes a route start a signed login and answer with a 302 to the authorization server (via PAR when the
 * server advertises it). Per-route parameters are signed into the request object.
 *
 * @param params scope, authorizationDetails, acrValues, prompt, loginHint, maxAge, claims, resource,
 *   responseMode, extra, appState (see `AuthorizationParameters`).
 * @param guard a subclass of `SignetLoginGuard` with overridden hooks.
 * @example
 * @Get('login/payment')
 * @SignetLogin({ scope: 'openid payments', authorizationDetails: [{ type: 'payment_initiation', amount: '12.00' }] })
 * login() {}
 */
export function SignetLogin(
  params: AuthorizationParameters = {},
  guard: Type<SignetLoginGuard> = SignetLoginGuard,
): MethodDecorator {
  return applyDecorators(
    SetMetadata(SIGNET_LOGIN_METADATA, params),
    UseGuards(guard),
    UseInterceptors(SignetLoginInterceptor),
    UseFilters(SignetExceptionFilter),
    Redirect('', 302),
  );
}
