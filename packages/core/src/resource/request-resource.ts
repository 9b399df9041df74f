import * as oauth from 'oauth4webapi';
import type { ClientConfig } from '../config/resolve-options.js';
import { httpOptions } from '../http/http-options.js';
import { withDpopNonceRetry } from '../dpop/with-nonce-retry.js';
import { checkCertificateBinding } from '../mtls/check-certificate-binding.js';

/** What a resource request carries besides the token and the URL. */
export interface ResourceRequestInit {
  method?: string;
  headers?: Headers;
  body?: oauth.ProtectedResourceRequestBody | null;
}

/**
 * One request to a resource server with an access token (RFC 6750, RFC 9449 §7): a Bearer header, or a fresh
 * DPoP proof (`htm`, `htu`, `ath`) with the one nonce retry every DPoP caller shares. With a client certificate
 * the token's binding is checked against it first (RFC 8705 §3): a token bound to another certificate is never
 * sent. oauth4webapi's errors (a challenge, a second `use_dpop_nonce`) go up as they are, for the caller to map.
 */
export async function requestResource(
  config: ClientConfig,
  accessToken: string,
  dpop: oauth.DPoPHandle | undefined,
  url: URL,
  init: ResourceRequestInit = {},
): Promise<Response> {
  const certificate = config.tls?.certificate;
  if (certificate) checkCertificateBinding(accessToken, certificate.thumbprint, config.requireCertificateBinding);
  return withDpopNonceRetry(dpop, () =>
    oauth.protectedResourceRequest(
      accessToken,
      init.method ?? 'GET',
      url,
      init.headers ?? new Headers(),
      init.body ?? null,
      // The resource is the application's choice of URL, not the AS's: http only on loopback, as for the AS.
      { ...httpOptions(config), ...(dpop ? { DPoP: dpop } : {}) },
    ),
  );
}
