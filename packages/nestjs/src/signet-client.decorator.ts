import { Inject } from '@nestjs/common';
import { SIGNET_CLIENT } from './signet.constants.js';

/**
 * Injects the module's `SignetClient` (type the parameter as `SignetClient` from `@signet/core`).
 *
 * @example
 * constructor(@InjectSignetClient() private readonly client: SignetClient) {}
 */
export const InjectSignetClient = (): ParameterDecorator & PropertyDecorator => Inject(SIGNET_CLIENT);
