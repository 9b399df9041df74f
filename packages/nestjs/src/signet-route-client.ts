import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { SignetError, type SignetClient } from '@signet/core';
import { selectedClientName } from './signet-client-name.js';
import type { SignetClientsService } from './signet-clients.service.js';
import { signetState } from './signet-request.js';

/**
 * The client a login or callback route is for, its name left on the request (`signetState(req).client`) when it
 * is a named one. No name: the module's unnamed client. Unknown: `ERR_CLIENT_UNKNOWN` (404).
 */
export function resolveRouteClient(
  context: ExecutionContext,
  reflector: Reflector,
  unnamed: SignetClient | null | undefined,
  clients: SignetClientsService | undefined,
): SignetClient {
  const name = selectedClientName(context, reflector);
  if (name === undefined) {
    if (unnamed) return unnamed;
    if (clients) return clients.unnamed();
  }
  if (name === undefined || !clients)
    throw new SignetError('ERR_CLIENT_UNKNOWN', 'no client of this app has that name');
  const client = clients.get(name);
  if (client !== unnamed) signetState(context.switchToHttp().getRequest<object>()).client = name;
  return client;
}
