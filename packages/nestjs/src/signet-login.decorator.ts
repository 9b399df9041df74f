import { applyDecorators, HttpCode, SetMetadata, UseFilters, UseGuards, type Type } from '@nestjs/common';
import type { AuthorizationParameters } from '@signet/core';
import { SIGNET_CLIENT_NAME_METADATA, SIGNET_LOGIN_METADATA } from './signet.constants.js';
import { SignetClientParam, type SignetClientSelector } from './signet-client-name.js';
import { SignetExceptionFilter } from './signet-exception.filter.js';
import { SignetLoginGuard } from './signet-login.guard.js';

/**
 * Makes a route start a signed login and answer with a 302 to the authorization server (via PAR when the
 * server advertises it). Per-route parameters are signed into the request object. With named clients, the first
 * argument says which partner: a name, or `new SignetClientParam('client')` for a `/login/:client` route (an
 * unknown name is `ERR_CLIENT_UNKNOWN`, 404).
 *
 * @param params scope, authorizationDetails, acrValues, prompt, loginHint, maxAge, claims, resource,
 *   responseMode, extra, appState (see `AuthorizationParameters`).
 * @param guard a subclass of `SignetLoginGuard` with overridden hooks.
 * @example
 * @Get('login/payment')
 * @SignetLogin({ scope: 'openid payments', authorizationDetails: [{ type: 'payment_initiation', amount: '12.00' }] })
 * login() {}
 *
 * @Get('login/bank-a') @SignetLogin('bankA', { scope: 'openid accounts' }) loginA() {}
 */
export function SignetLogin(params?: AuthorizationParameters, guard?: Type<SignetLoginGuard>): MethodDecorator;
export function SignetLogin(
  client: SignetClientSelector,
  params?: AuthorizationParameters,
  guard?: Type<SignetLoginGuard>,
): MethodDecorator;
export function SignetLogin(
  first: SignetClientSelector | AuthorizationParameters = {},
  second?: AuthorizationParameters | Type<SignetLoginGuard>,
  third?: Type<SignetLoginGuard>,
): MethodDecorator {
  const named = typeof first === 'string' || first instanceof SignetClientParam;
  const params = (named ? second : first) as AuthorizationParameters | undefined;
  const guard = ((named ? third : second) as Type<SignetLoginGuard> | undefined) ?? SignetLoginGuard;
  return applyDecorators(
    ...(named ? [SetMetadata(SIGNET_CLIENT_NAME_METADATA, first)] : []),
    SetMetadata(SIGNET_LOGIN_METADATA, params ?? {}),
    UseGuards(guard),
    UseFilters(SignetExceptionFilter),
    // The guard sets Location and Cache-Control; the handler's return value, if any, is the 302's body.
    HttpCode(302),
  );
}
