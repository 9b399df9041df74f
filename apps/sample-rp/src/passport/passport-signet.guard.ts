import { Injectable, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { errorFromFailure } from '@signet/passport';

/**
 * AuthGuard('signet') that keeps core's verdict: a refusal becomes core's coded error again (so
 * SignetExceptionFilter answers it like the Signet guards do: the status core chose, the code in the body),
 * instead of the blanket 401 of the default `handleRequest`.
 */
@Injectable()
export class PassportSignetGuard extends AuthGuard('signet') {
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
