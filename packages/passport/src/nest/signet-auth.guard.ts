import { Injectable, mixin, UnauthorizedException, type ExecutionContext, type Type } from '@nestjs/common';
import { AuthGuard, type IAuthGuard } from '@nestjs/passport';
import { errorFromFailure } from '../strategy/outcome.js';

/**
 * `AuthGuard(name)` of @nestjs/passport that keeps core's verdict: a SignetStrategy refusal is rethrown as the
 * original `SignetError` (its code, message, `cause` and evidence), so `SignetExceptionFilter` answers it as the
 * Signet guards do, instead of the blanket 401 of the default `handleRequest`.
 *
 * @example
 * @Get('callback') @UseGuards(SignetAuthGuard()) @UseFilters(SignetExceptionFilter) callback() {}
 */
export function SignetAuthGuard(name = 'signet'): Type<IAuthGuard> {
  @Injectable()
  class SignetPassportGuard extends AuthGuard(name) {
    override handleRequest<TUser>(
      err: unknown,
      user: TUser,
      info: unknown,
      _context: ExecutionContext,
      status?: number,
    ): TUser {
      if (err) throw err;
      if (!user) throw errorFromFailure(info, status) ?? new UnauthorizedException();
      return user;
    }
  }
  return mixin(SignetPassportGuard);
}
