import { Inject } from '@nestjs/common';
import { SIGNET_CLIENT, signetClientToken } from './signet.constants.js';

/**
 * Injects the module's `SignetClient` (type the parameter as `SignetClient` from `@signet/core`), or with a name
 * one named client of `forRoot({ clients })`. Named clients of `forRootAsync` (names known only at boot) and
 * partners registered at runtime come from `SignetClientsService.get(name)`.
 *
 * @example
 * constructor(@InjectSignetClient() private readonly client: SignetClient) {}
 * constructor(@InjectSignetClient('bankA') private readonly bankA: SignetClient) {}
 */
export const InjectSignetClient = (name?: string): ParameterDecorator & PropertyDecorator =>
  Inject(name === undefined ? SIGNET_CLIENT : signetClientToken(name));
