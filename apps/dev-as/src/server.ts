import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Provider } from 'oidc-provider';
import { DEFAULT_ACCOUNTS, accountDirectory } from './accounts.js';
import { ROUTES, buildConfiguration } from './configuration.js';
import { interactionHandler } from './interactions.js';
import { memoryAdapter } from './memory-adapter.js';
import { RESOURCE_PATH, resourceHandler } from './resource.js';
import { generateAsKeys, toPublicJwks } from './keys.js';
import { ensureRealmLocalStructuredClone } from './realm.js';
import { installResponseQuirks } from './quirks.js';
import type { DevAs, DevAsCounters, DevAsLogger, DevAsMtlsOptions, DevAsOptions } from './types.js';

const SILENT: DevAsLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * An HTTPS server that asks every client for a certificate and lets oidc-provider decide: an absent, expired or
 * untrusted one still completes the handshake (rejectUnauthorized false), so the AS answers `invalid_client`
 * with a reason instead of a bare TLS alert.
 */
function mtlsServer(mtls: DevAsMtlsOptions): Server {
  return createHttpsServer({
    cert: mtls.certificate,
    key: mtls.key,
    ca: mtls.clientCa,
    requestCert: true,
    rejectUnauthorized: false,
  });
}

function origin(scheme: 'http' | 'https', host: string, port: number): string {
  return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Counts endpoint hits before oidc-provider handles them, so even rejected requests are visible to tests. */
function countRequests(provider: Provider, counters: DevAsCounters): void {
  provider.use(async (ctx, next) => {
    if (ctx.method === 'POST' && ctx.path === ROUTES.token) counters.token += 1;
    if (ctx.method === 'POST' && ctx.path === ROUTES.pushed_authorization_request) counters.par += 1;
    if (ctx.method === 'POST' && ctx.path === ROUTES.revocation) counters.revocation += 1;
    // Exact path only: resumes after login/consent go to `/auth/<uid>` and are not new requests.
    if (ctx.path === ROUTES.authorization) counters.authorization += 1;
    try {
      await next();
    } finally {
      // The grant type is known once oidc-provider has parsed the body, whatever the outcome.
      if (ctx.method === 'POST' && ctx.path === ROUTES.token && ctx.oidc?.params?.['grant_type'] === 'refresh_token')
        counters.refresh += 1;
    }
  });
}

/** Surfaces oidc-provider's error events, which otherwise only show up as opaque HTTP errors. */
function wireLogging(provider: Provider, logger: DevAsLogger): void {
  // Plain EventEmitter view: @types/oidc-provider lacks some of these event names (e.g. PAR errors).
  const events: NodeJS.EventEmitter = provider;
  events.on('server_error', (_ctx: unknown, error: Error) =>
    logger.error(`server_error: ${error.stack ?? error.message}`),
  );
  for (const event of [
    'authorization.error',
    'pushed_authorization_request.error',
    'grant.error',
    'userinfo.error',
    'jwks.error',
    'discovery.error',
    'revocation.error',
    'end_session.error',
    'backchannel.error',
  ]) {
    events.on(event, (_ctx: unknown, error: { error?: string; error_description?: string; message?: string }) =>
      logger.warn(`${event}: ${error.error ?? error.message} ${error.error_description ?? ''}`.trim()),
    );
  }
}

/**
 * Starts an in-process FAPI 2.0 / FAPI 1.0 Advanced authorization server on plain HTTP loopback.
 * Development and tests only: keys are throwaway, users are fake, everything lives in memory.
 */
export async function startDevAs(options: DevAsOptions): Promise<DevAs> {
  ensureRealmLocalStructuredClone();
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? SILENT;
  const jwks = options.keys ?? (await generateAsKeys());
  const accounts = accountDirectory(options.accounts ?? DEFAULT_ACCOUNTS, options.acceptAnyUser ?? true);

  // The issuer must name the real port, so bind first (port 0 = ephemeral) and attach the handler after.
  const issuerOverTls = options.mtls?.mode === 'issuer';
  const server = issuerOverTls ? mtlsServer(options.mtls!) : createServer();
  const port = await listen(server, options.port ?? 0, host);
  const issuer = origin(issuerOverTls ? 'https' : 'http', host, port);
  const aliasServer = options.mtls && !issuerOverTls ? mtlsServer(options.mtls) : undefined;
  const mtlsOrigin = aliasServer
    ? origin('https', host, await listen(aliasServer, options.mtls!.port ?? 0, host))
    : undefined;
  const servers = [server, ...(aliasServer ? [aliasServer] : [])];

  let provider: Provider;
  const adapter = memoryAdapter();
  const lifetimes = { AccessToken: options.ttl?.AccessToken ?? 600 };
  try {
    provider = new Provider(
      issuer,
      buildConfiguration({ options, jwks, accounts, lifetimes, adapter, ...(mtlsOrigin ? { mtlsOrigin } : {}) }),
    );
    // oidc-provider validates static clients lazily, on first use; load them now so bad metadata fails here
    // (with its invalid_client_metadata description) instead of as an opaque error mid-test.
    await Promise.all(options.clients.map((client) => provider.Client.find(client.client_id)));
  } catch (error) {
    for (const s of servers) s.close();
    const err = error as { message?: string; error_description?: string };
    throw new Error(`dev-as: invalid configuration: ${err.error_description ?? err.message}`, { cause: error });
  }
  const counters: DevAsCounters = {
    token: 0,
    par: 0,
    authorization: 0,
    refresh: 0,
    revocation: 0,
    resource: 0,
    backchannelLogout: 0,
  };
  countRequests(provider, counters);
  wireLogging(provider, logger);
  if (options.quirks) installResponseQuirks(provider, options.quirks, jwks);
  const events: NodeJS.EventEmitter = provider;
  for (const event of ['backchannel.success', 'backchannel.error'])
    events.on(event, () => (counters.backchannelLogout += 1));

  const interactions = interactionHandler(provider, accounts);
  const resource = resourceHandler(provider, issuer, counters, options.resource);
  const callback = provider.callback();
  let jwksFailure: number | false = false;
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    if (jwksFailure !== false && (req.url ?? '').split('?', 1)[0] === ROUTES.jwks) {
      res.writeHead(jwksFailure, { 'cache-control': 'no-store' });
      res.end();
      return;
    }
    interactions(req, res)
      .then(async (handled) => handled || (await resource(req, res)))
      .then((handled) => (handled ? undefined : callback(req, res)))
      .catch((error: unknown) => {
        logger.error(`dev-as request failed: ${String(error)}`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('internal error');
      });
  };
  for (const s of servers) s.on('request', handle);

  const publicJwks = toPublicJwks(jwks);
  return {
    issuer,
    port,
    provider,
    counters,
    get tokenRequests() {
      return counters.token;
    },
    publicJwks,
    resourceUrl: issuer + RESOURCE_PATH,
    lifetimes,
    revokeRefreshTokens: async (sub) => {
      const grants = new Set<string>();
      for (const { payload } of adapter.control.list('RefreshToken')) {
        if (sub === undefined || payload.accountId === sub) grants.add(String(payload.grantId));
      }
      for (const grantId of grants) adapter.control.revokeByGrantId(grantId);
      return grants.size;
    },
    storedTokens: () =>
      ['AccessToken', 'RefreshToken'].flatMap((model) => adapter.control.list(model).map((entry) => entry.id)),
    backchannelLogout: async (clientId, sub, sid) => {
      const client = await provider.Client.find(clientId);
      if (!client) throw new Error(`dev-as: no client ${clientId}`);
      // Untyped in @types/oidc-provider: the method end_session itself calls for each client of the session.
      const sender = client as unknown as { backchannelLogout(sub: string, sid: string): Promise<void> };
      // Without a sid: one logout token per AS session of `sub` that signed in to this client, as end_session does.
      const sids =
        sid !== undefined
          ? [sid]
          : adapter.control.list('Session').flatMap(({ payload }) => {
              const authorizations = payload['authorizations'] as Record<string, { sid?: string }> | undefined;
              const found = payload.accountId === sub ? authorizations?.[clientId]?.sid : undefined;
              return found ? [found] : [];
            });
      for (const one of sids) {
        counters.backchannelLogout += 1;
        await sender.backchannelLogout(sub, one);
      }
      return sids.length;
    },
    failJwks: (status) => {
      if (status !== false && (!Number.isInteger(status) || status < 400 || status > 599))
        throw new Error('dev-as: failJwks takes an HTTP error status (400 to 599) or false');
      jwksFailure = status;
    },
    ...(mtlsOrigin ? { mtlsOrigin } : {}),
    close: async () => {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve, reject) => {
              s.close((error) => (error ? reject(error) : resolve()));
              // fetch keeps connections alive; without this close() waits for them to time out.
              s.closeAllConnections();
            }),
        ),
      );
    },
  };
}
