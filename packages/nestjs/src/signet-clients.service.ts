import { Inject, Injectable } from '@nestjs/common';
import { SignetError, type SignetClient, type SignetClientOptions } from '@signet/core';
import { SIGNET_CLIENT_SET, type SignetClientSet } from './signet-client-set.js';

/**
 * The module's clients by name (core's `SignetClients`): the partners of `forRoot({ clients })`, the
 * single-client form's client as `default`, and partners registered at runtime, e.g. from the application's own
 * table of partners. A client registered here gets the module's shared options, logger and audit stream, and the
 * named guards (`@SignetLogin('bankA')`, `/login/:client` routes) find it at once.
 *
 * @example
 * constructor(private readonly clients: SignetClientsService) {}
 * await this.clients.register('bankC', { issuer, clientId, redirectUri: 'https://app.example/callback/bankC', signingKeys });
 */
@Injectable()
export class SignetClientsService {
  constructor(@Inject(SIGNET_CLIENT_SET) private readonly set: SignetClientSet) {}

  /**
   * Registers a partner at runtime. Validated as at boot: `ERR_CONFIG_INVALID` with a message starting
   * `clients.<name>` names the option (and a name taken twice, a redirect URI another client uses).
   */
  register(name: string, options: SignetClientOptions): Promise<SignetClient> {
    return this.set.registry.register(name, this.set.wire(options));
  }

  /** The client registered under `name`; `ERR_CLIENT_UNKNOWN` (404) for any other name. */
  get(name: string): SignetClient {
    return this.set.registry.get(name);
  }

  /** Whether a client is registered under `name`. */
  has(name: string): boolean {
    return this.set.registry.has(name);
  }

  /** The registered names, in registration order. */
  names(): string[] {
    return this.set.registry.names();
  }

  /**
   * The client of routes that name none: the single-client form's, or the named client `default`. With named
   * clients only, such a route is refused with `ERR_CLIENT_UNKNOWN`: it must say which partner it is for.
   */
  unnamed(): SignetClient {
    if (this.set.unnamed) return this.set.unnamed;
    throw new SignetError(
      'ERR_CLIENT_UNKNOWN',
      "this route names no client and the module has only named clients: name one, e.g. @SignetLogin('bankA')",
    );
  }

  /** The name a client is registered under (the unnamed one is `default`), or undefined. */
  nameOf(client: SignetClient): string | undefined {
    return this.names().find((name) => this.set.registry.get(name) === client);
  }

  /** Closes every client (their mutual-TLS connections); the module calls it on shutdown. */
  close(): Promise<void> {
    return this.set.registry.close();
  }
}
