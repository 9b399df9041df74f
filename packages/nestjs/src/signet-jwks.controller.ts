import { Controller, Get, Header } from '@nestjs/common';
import { SignetClient } from '@signet/core';
import { InjectSignetClient } from './signet-client.decorator.js';

/** `GET /.well-known/jwks.json`: this client's public signing and encryption keys (opt-in: `jwksRoute: true`). */
@Controller('.well-known')
export class SignetJwksController {
  constructor(@InjectSignetClient() private readonly client: SignetClient) {}

  @Get('jwks.json')
  @Header('Content-Type', 'application/jwk-set+json')
  @Header('Cache-Control', 'public, max-age=300')
  jwks(): ReturnType<SignetClient['publicJwks']> {
    return this.client.publicJwks();
  }
}
