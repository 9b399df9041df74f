import type * as oauth from 'oauth4webapi';
import type { ClientConfig } from '../config/resolve-options.js';
import { SignetError } from '../errors/signet-error.js';
import type { AuthorizationParameters } from '../jar/authorization-parameters.js';
import type { ResponseMode } from '../jarm/response-mode.js';

/**
 * The response mode of one login: the route's choice, else the configured one. A route's explicit choice the AS
 * does not list in `response_modes_supported` is refused before anything is signed (the configured mode was
 * checked at discovery).
 */
export function requestedResponseMode(
  config: Pick<ClientConfig, 'responseMode'>,
  as: oauth.AuthorizationServer,
  params: Pick<AuthorizationParameters, 'responseMode'>,
): ResponseMode {
  const responseMode = params.responseMode ?? config.responseMode;
  if (
    params.responseMode !== undefined &&
    Array.isArray(as.response_modes_supported) &&
    !as.response_modes_supported.includes(responseMode)
  ) {
    throw new SignetError(
      'ERR_PARAMETER_INVALID',
      `responseMode: the authorization server does not support "${responseMode}"`,
      { field: 'responseMode' },
    );
  }
  return responseMode;
}
