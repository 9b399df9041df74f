import { createRequire } from 'node:module';
import type { Agent as UndiciAgent } from 'undici';
import type { ClientCertificate } from './client-certificate.js';

/** A fetch that presents the client certificate and trusts the configured CAs, and a way to close its sockets. */
export interface TlsFetch {
  fetch: typeof fetch;
  close(): Promise<void>;
}

const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');
let agentClass: typeof UndiciAgent | undefined;

/**
 * The `undici` package's Agent, loaded on first use only. Loading `undici` installs its own Agent as the
 * process's global dispatcher when none is set yet, and Node's built-in fetch (undici bundled in Node) then sends
 * every request of the application through that second HTTP stack. So the package is never loaded by importing
 * core, only when a client is configured with a certificate or CAs, and Node's built-in fetch is made to install
 * its own dispatcher first (reading `Headers` loads it); the application's global fetch stays as it was.
 */
function undiciAgent(): typeof UndiciAgent {
  if (agentClass) return agentClass;
  if ((globalThis as Record<symbol, unknown>)[GLOBAL_DISPATCHER] === undefined) void globalThis.Headers;
  agentClass = (createRequire(import.meta.url)('undici') as { Agent: typeof UndiciAgent }).Agent;
  return agentClass;
}

/**
 * Wraps `base` (fetch) so that every request goes through one undici Agent holding the client certificate, key and
 * trusted CAs. undici rather than node:https: Node's own fetch is undici, takes a `dispatcher`, and keeps
 * oauth4webapi's Request/Response contract (abort signals, manual redirects, streaming bodies) without a
 * second HTTP stack to adapt; Node 20 bundles undici but does not export its Agent, hence the `undici` package.
 * Server certificates are always verified (`rejectUnauthorized: true`).
 */
export function tlsFetch(
  base: typeof fetch,
  certificate: ClientCertificate | undefined,
  ca: string[] | undefined,
): TlsFetch {
  const Agent = undiciAgent();
  const agent = new Agent({
    connect: {
      rejectUnauthorized: true,
      ...(certificate ? { cert: certificate.pem, key: certificate.keyPem } : {}),
      ...(ca ? { ca } : {}),
    },
  });
  const wrapped = ((input: RequestInfo | URL, init?: RequestInit) =>
    base(input, { ...init, dispatcher: agent } as RequestInit)) as typeof fetch;
  return { fetch: wrapped, close: () => agent.close() };
}
