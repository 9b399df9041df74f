import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import { exchangeOf } from './http/create-exchange.js';
import { signetState } from './signet-request.js';

/**
 * Turns a login route's outcome into `{ url, statusCode: 302 }` for a route of your own that combines
 * `SignetLoginGuard` with `@Redirect()`. `@SignetLogin()` no longer needs it: its guard sets the redirect itself.
 * The handler still runs first, so it can log or count.
 */
@Injectable()
export class SignetLoginInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<object>();
    return next.handle().pipe(
      map((value) => {
        const authorization = signetState(request).authorization;
        if (!authorization) return value;
        // The URL carries a one-time request_uri (or a signed request object): never cache it.
        exchangeOf(context).setHeader('cache-control', 'no-store');
        return { url: authorization.url, statusCode: 302 };
      }),
    );
  }
}
