import { Controller, Get, Header } from '@nestjs/common';
import type { SignetClient } from '@signet/core';
import { SignetClientsService } from './signet-clients.service.js';

/**
 * `GET /.well-known/jwks.json`: the public signing and encryption keys of this app's clients (opt-in:
 * `jwksRoute: true`). With named clients every partner's keys are listed, each once.
 */
@Controller('.well-known')
export class SignetJwksController {
  constructor(private readonly clients: SignetClientsService) {}

  @Get('jwks.json')
  @Header('Content-Type', 'application/jwk-set+json')
  @Header('Cache-Control', 'public, max-age=300')
  jwks(): ReturnType<SignetClient['publicJwks']> {
    const keys = new Map<string, ReturnType<SignetClient['publicJwks']>['keys'][number]>();
    for (const name of this.clients.names())
      for (const key of this.clients.get(name).publicJwks().keys) keys.set(JSON.stringify(key), key);
    return { keys: [...keys.values()] };
  }
}
