import { undiciPackage } from '../http/undici-package.js';
import type { ClientCertificate } from './client-certificate.js';

/** A fetch that presents the client certificate and trusts the configured CAs, and a way to close its sockets. */
export interface TlsFetch {
  fetch: typeof fetch;
  close(): Promise<void>;
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
  const { Agent } = undiciPackage();
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
