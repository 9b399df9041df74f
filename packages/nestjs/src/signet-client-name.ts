import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { SIGNET_CLIENT_NAME_METADATA } from './signet.constants.js';

/** Which client a route uses: a name, or the route parameter that carries it (`/login/:client`). */
export type SignetClientSelector = string | SignetClientParam;

/**
 * A route parameter naming the client, for one route serving every partner (`@Get('login/:client')`).
 *
 * @example
 * @Get('login/:client') @SignetLogin(new SignetClientParam('client')) login() {}
 */
export class SignetClientParam {
  constructor(readonly param: string) {}
}

/** The client name a route's metadata selects for this request, or undefined when it names none. */
export function selectedClientName(context: ExecutionContext, reflector: Reflector): string | undefined {
  const selector = reflector.getAllAndOverride<SignetClientSelector | undefined>(SIGNET_CLIENT_NAME_METADATA, [
    context.getHandler(),
    context.getClass(),
  ]);
  if (selector === undefined || typeof selector === 'string') return selector;
  const params = context.switchToHttp().getRequest<{ params?: Record<string, unknown> }>().params ?? {};
  const value = params[selector.param];
  // An absent or repeated parameter names no registered client: the registry refuses it (ERR_CLIENT_UNKNOWN).
  return typeof value === 'string' ? value : '';
}
