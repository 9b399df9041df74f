import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { signetState } from './signet-request.js';

/**
 * Injects the verified `LoginResult` (subject, ID token claims, tokens) into a `@SignetCallback()` handler.
 * Tokens live only as long as this request unless the handler keeps them (server-side, never in a cookie).
 */
export const SignetResult = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => signetState(context.switchToHttp().getRequest<object>()).result,
);

/**
 * Injects the signed-in `SignetSession` (sub, iss, scope, claims) left by `@SignetAuthenticated()` or
 * `@SignetCallback()`; undefined on routes without either.
 */
export const SignetUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => signetState(context.switchToHttp().getRequest<object>()).session,
);
