import { Controller, Get, Header, Req, Res } from '@nestjs/common';
import { SignetClient } from '@signet/core';
import { InjectSignetClient, SignetSessionService } from '@signet/nestjs';
import { ApprovalLogService, type ApprovalEntry } from '../approval-log/approval-log.service.js';
import { HOME_CSP, renderHome } from './home.page.js';

@Controller()
export class HomeController {
  constructor(
    @InjectSignetClient() private readonly client: SignetClient,
    private readonly sessions: SignetSessionService,
    private readonly log: ApprovalLogService,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', HOME_CSP)
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  home(@Req() request: object, @Res({ passthrough: true }) response: object): string {
    const config = this.client.config;
    return renderHome({
      session: this.sessions.get(request, response),
      entries: this.log.entries(),
      client: {
        issuer: config.issuer,
        clientId: config.clientId,
        responseMode: config.responseMode,
        profile: config.profile,
        usePar: String(config.usePar),
        scope: config.scope,
        encryptedResponses: config.requireEncryptedResponses,
      },
    });
  }

  /** The approval log as JSON, newest first, for tools and tests. */
  @Get('approvals')
  @Header('Cache-Control', 'no-store')
  approvals(): { entries: ApprovalEntry[] } {
    return { entries: this.log.entries() };
  }
}
