import type { ServerResponse } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { AuthorizationParameters } from '@signet/core';
import { appendSetCookie, parseCookieHeader, serializeCookie, type CookieOptions } from '@signet/core/http';
import { SAMPLE_ENVIRONMENT, type SampleEnvironment } from '../sample-environment.module.js';

/** The marker's name: the sample's own, outside Signet's `signet.` cookie namespace. */
export const SIGNED_OUT_COOKIE = 'sample-signed-out';

/** Seconds: the longest a browser keeps a cookie (RFC 6265bis caps Max-Age at 400 days). The AS may remember as long. */
const MARKER_MAX_AGE = 400 * 24 * 3600;

/**
 * "This browser signed out of the app and has not signed in since." Signing out of the app does not sign the
 * user out of the authorization server, which may keep its own session and answer the next login without asking
 * anything: the user would be back in at once, without a word. So sign-out sets this marker; every login started
 * from this browser while it is there asks the AS to authenticate the user again (OpenID Connect Core 1.0
 * §3.1.2.1, `prompt=login`, signed into the request object like every parameter), and the next completed sign-in
 * removes it (an abandoned login keeps it). It holds no secret: one planted by someone else only makes the next
 * login stricter.
 */
@Injectable()
export class SignedOutMarker {
  readonly #secure: boolean;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(SAMPLE_ENVIRONMENT) env: SampleEnvironment,
  ) {
    // Over https (the redirect URI's scheme) the marker is Secure like every other cookie of the app.
    this.#secure = (env['SIGNET_REDIRECT_URI'] ?? '').trim().startsWith('https:');
  }

  /** Sets the marker (after sign-out). */
  mark(response: object): void {
    this.#append(response, serializeCookie(SIGNED_OUT_COOKIE, '1', this.#options(MARKER_MAX_AGE)));
  }

  /** True when the request carries the marker. */
  isMarked(request: object): boolean {
    const header = (request as { headers?: Record<string, string | string[] | undefined> }).headers?.cookie;
    return parseCookieHeader(header).has(SIGNED_OUT_COOKIE);
  }

  /**
   * The login's parameters, with `prompt=login` added when the request carries the marker. A silent login
   * (`prompt=none`, which admits no other value) is left as it is.
   */
  promptFor(request: object, params: AuthorizationParameters): AuthorizationParameters {
    if (!this.isMarked(request) || promptValues(params.prompt).includes('none')) return params;
    return { ...params, prompt: withLogin(params.prompt) };
  }

  /** Removes the marker, if the request carries it (after a completed sign-in). */
  forget(request: object, response: object): void {
    if (this.isMarked(request)) this.#append(response, serializeCookie(SIGNED_OUT_COOKIE, '', this.#options(0)));
  }

  #options(maxAge: number): CookieOptions {
    return { httpOnly: true, secure: this.#secure, sameSite: 'lax', path: '/', maxAge };
  }

  /** Appends one Set-Cookie value, keeping the ones Signet sets on the same response. */
  #append(response: object, value: string): void {
    // Fastify: through the reply (which appends set-cookie values; its raw response would be overwritten).
    // (Asked per request: a testing module has no HTTP adapter yet when it creates its providers.)
    if (this.adapterHost.httpAdapter.getType() === 'fastify')
      (response as { header(name: string, value: string): unknown }).header('set-cookie', value);
    else appendSetCookie(response as ServerResponse, value);
  }
}

/** `prompt` is a space-delimited list (OIDC Core §3.1.2.1). */
const promptValues = (prompt: string | undefined) => (prompt ?? '').split(' ').filter(Boolean);

/** `login` joins whatever the route asked for (`consent`, `select_account`). */
function withLogin(prompt: string | undefined): string {
  const values = promptValues(prompt);
  return values.includes('login') ? values.join(' ') : [...values, 'login'].join(' ');
}
