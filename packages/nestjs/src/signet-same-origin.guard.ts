import { ForbiddenException, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { exchangeOf } from './http/create-exchange.js';
import type { HttpExchange } from './http/http-exchange.js';

/**
 * Whether the browser says this request came from a page of this origin. Fetch metadata first (every current
 * browser sends `Sec-Fetch-Site`); else `Origin`, compared with `Host`; a request with neither is not a
 * browser's cross-site form or fetch, so there is nothing to forge.
 */
export function isSameOriginRequest(exchange: Pick<HttpExchange, 'header'>): boolean {
  const site = exchange.header('sec-fetch-site');
  // `none`: the user started it (address bar, bookmark); no other site was involved.
  if (site !== undefined) return site === 'same-origin' || site === 'none';
  const origin = exchange.header('origin');
  if (origin === undefined) return true;
  if (origin === 'null') return false; // an opaque origin: sandboxed frame, data: URL, some redirects
  try {
    return new URL(origin).host === exchange.header('host');
  } catch {
    return false;
  }
}

/**
 * Refuses a state-changing request that another site's page made the browser send: 403 `ERR_SESSION_CROSS_SITE`.
 * Put it on sign-out and other session-changing POST routes. A SameSite=Lax session cookie does not stop these:
 * clearing a cookie needs no cookie, and a cross-site top-level POST still receives the response's Set-Cookie.
 *
 * @example
 * @Post('logout') @UseGuards(SignetSameOriginGuard) @Redirect('/', 303)
 * logout(@Req() req: object, @Res({ passthrough: true }) res: object) { this.sessions.signOut(req, res); }
 */
@Injectable()
export class SignetSameOriginGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (isSameOriginRequest(exchangeOf(context))) return true;
    throw new ForbiddenException({
      error: 'ERR_SESSION_CROSS_SITE',
      message: 'this request came from another site; send it from a page of this application',
    });
  }
}
