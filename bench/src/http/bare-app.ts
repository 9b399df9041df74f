import 'reflect-metadata';
import { Controller, Get, Inject, Module, Query, Req, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BareRp } from './bare-rp.js';

/**
 * The bare Nest app the benchmark compares the sample app with: the same platform (Express), the same two
 * routes, the relying-party work done by hand (bare-rp.ts). Configured by the same SIGNET_* variables.
 * Run: node bench/dist/http/bare-app.js (prints "listening <port>").
 */
const BARE_RP = 'BARE_RP';

function cookies(header: string | undefined): Record<string, string> {
  const jar: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) jar[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim());
  }
  return jar;
}

@Controller()
class BareController {
  constructor(@Inject(BARE_RP) private readonly rp: BareRp) {}

  @Get('login')
  async login(@Res() res: ServerResponse): Promise<void> {
    const { url, cookie } = await this.rp.login();
    res.writeHead(302, { location: url, 'set-cookie': cookie, 'cache-control': 'no-store' }).end();
  }

  @Get('callback')
  async callback(
    @Query('response') response: unknown,
    @Req() req: IncomingMessage,
    @Res() res: ServerResponse,
  ): Promise<void> {
    try {
      const session = await this.rp.callback(response, cookies(req.headers.cookie));
      res.writeHead(303, { location: '/', 'set-cookie': session }).end();
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_response"}');
    }
  }
}

async function main(): Promise<void> {
  const env = process.env;
  const rp = await BareRp.create({
    issuer: env.SIGNET_ISSUER!,
    clientId: env.SIGNET_CLIENT_ID!,
    redirectUri: env.SIGNET_REDIRECT_URI!,
    signingKey: JSON.parse(env.SIGNET_SIGNING_KEY!),
    cookieSecret: env.SIGNET_COOKIE_SECRET!,
  });
  @Module({ controllers: [BareController], providers: [{ provide: BARE_RP, useValue: rp }] })
  class BareModule {}
  const app = await NestFactory.create<NestExpressApplication>(BareModule, { logger: ['error', 'warn'] });
  await app.listen(Number(env.PORT ?? 0), env.HOST ?? '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  console.log(`listening ${address.port}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
