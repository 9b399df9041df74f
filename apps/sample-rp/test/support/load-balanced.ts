import type { AddressInfo } from 'node:net';
import type { INestApplication, LoggerService } from '@nestjs/common';
import type { CookieJar, CookieOptions } from '@signet/core';
import { generateAsKeys, generateRpKeys, startDevAs, toPublicJwks } from '@signet/dev-as';
import { completeLogin, type LoginOutcome } from '@signet/dev-as/testing';
import type { ClientMetadata } from 'oidc-provider';
import { createSampleApp } from '../../src/bootstrap.js';
import { CLIENTS, PASSPORT_REDIRECT_URI, REDIRECT_URI, type SampleAs } from './dev-as.js';

// Several instances of the sample behind one (imaginary) load balancer: each a real Nest app listening on its
// own loopback port, all configured from the same SIGNET_* environment, driven by one browser whose cookies
// every instance sees (cookies are scoped to the host, not the port, as they would be behind the balancer).

export { PASSPORT_REDIRECT_URI };

/** dev-as that can be stopped and started again on the same port with the same keys and client (an AS outage). */
export interface RestartableAs extends SampleAs {
  /** Stops the AS (connections refused) until `start()`. */
  stop(): Promise<void>;
  /** Starts it again on the same issuer; `as` then names the new server (its counters start at zero). */
  start(): Promise<void>;
}

/** dev-as with the `sample-rp` client registered for both sign-in paths (the other suites need only /callback). */
export async function startLoadBalancedAs(): Promise<RestartableAs> {
  const rp = await generateRpKeys();
  const keys = await generateAsKeys();
  const client: ClientMetadata = {
    client_id: CLIENTS.plain,
    redirect_uris: [REDIRECT_URI, PASSPORT_REDIRECT_URI],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'ES256',
    scope: 'openid profile email',
    jwks: toPublicJwks(rp) as ClientMetadata['jwks'],
    id_token_signed_response_alg: 'ES256',
    authorization_signed_response_alg: 'ES256',
  };
  const as = await startDevAs({ clients: [client], keys });
  const running: RestartableAs = {
    as,
    signingKey: rp.keys.find((k) => k.use === 'sig')!,
    decryptionKey: rp.keys.find((k) => k.use === 'enc')!,
    stop: () => running.as.close(),
    start: async () => {
      running.as = await startDevAs({ clients: [client], keys, port: as.port });
    },
  };
  return running;
}

/** One instance: the sample through its real bootstrap, listening on 127.0.0.1 on a port of its own. */
export interface Instance {
  app: INestApplication;
  origin: string;
  close(): Promise<void>;
}

export async function startInstance(
  env: Record<string, string | undefined>,
  logger: LoggerService | false = false,
): Promise<Instance> {
  const app = await createSampleApp(env, { logger });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, origin: `http://127.0.0.1:${port}`, close: () => app.close() };
}

/** What the tests read of a response. */
export interface Answer {
  status: number;
  location: string | undefined;
  /** Parsed JSON, or undefined when the body is not JSON. */
  body: { error?: string; message?: string; sub?: string; [key: string]: unknown } | undefined;
  text: string;
  setCookies: string[];
}

/**
 * A browser's cookie jar for 127.0.0.1, shared by every instance; no automatic redirects. Also core's
 * `CookieJar`, so a test can reseal a transaction cookie with `CookieTransactionStore` directly.
 */
export class Browser implements CookieJar {
  readonly cookies = new Map<string, string>();

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
  set(name: string, value: string, _options: CookieOptions): void {
    this.cookies.set(name, value);
  }
  clear(name: string): void {
    this.cookies.delete(name);
  }
  names(): string[] {
    return [...this.cookies.keys()];
  }

  /** Names of Signet's per-login cookies: `signet.tx.*` (cookie store) or `signet.b.*` (browser binding). */
  loginCookies(): string[] {
    return this.names().filter((n) => n.startsWith('signet.tx.') || n.startsWith('signet.b.'));
  }

  /** What someone who copied this browser's cookies would hold. */
  copy(): Browser {
    const other = new Browser();
    for (const [name, value] of this.cookies) other.cookies.set(name, value);
    return other;
  }

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Answer> {
    const headers = new Headers({ accept: 'application/json' });
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    let body: string | undefined;
    if (init.form) {
      headers.set('content-type', 'application/x-www-form-urlencoded');
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(url, { method: init.method ?? 'GET', headers, body, redirect: 'manual' });
    const setCookies = res.headers.getSetCookie();
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a))) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    let parsed: Answer['body'];
    try {
      parsed = JSON.parse(text) as Answer['body'];
    } catch {
      parsed = undefined;
    }
    return { status: res.status, location: res.headers.get('location') ?? undefined, body: parsed, text, setCookies };
  }
}

/** GET <path> on an instance (302/303 to the AS), then dev-as's login and consent pages. */
export async function beginLoginOn(
  browser: Browser,
  instance: Instance,
  path = '/login',
): Promise<LoginOutcome & { kind: 'redirect' }> {
  const start = await browser.request(instance.origin + path);
  if (start.status !== 302 && start.status !== 303)
    throw new Error(`${path} answered ${start.status}: ${start.text.slice(0, 200)}`);
  const outcome = await completeLogin(start.location!);
  if (outcome.kind !== 'redirect') throw new Error('expected a redirect back (query.jwt)');
  return outcome;
}

/** The AS's redirect back, delivered to `instance` instead of the origin the AS knows (the balancer's). */
export function callbackUrl(outcome: LoginOutcome & { kind: 'redirect' }, instance: Instance): string {
  const back = new URL(outcome.url);
  return instance.origin + back.pathname + back.search;
}

/** The `state` inside the signed response (its payload is readable; nothing here trusts it). */
export function stateOf(outcome: LoginOutcome & { kind: 'redirect' }): string {
  const response = new URL(outcome.url).searchParams.get('response')!;
  const payload = JSON.parse(Buffer.from(response.split('.')[1]!, 'base64url').toString('utf8')) as {
    state: string;
  };
  return payload.state;
}
