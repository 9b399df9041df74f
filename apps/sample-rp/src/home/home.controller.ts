import { Controller, Get, Header, Req, Res } from '@nestjs/common';
import { SignetClient } from '@signet/core';
import { InjectSignetClient, SIGNET_DEFAULT_CLIENT, SignetClientsService, SignetSessionService } from '@signet/nestjs';
import { AdminGuard } from '../approval-log/admin.guard.js';
import { ApprovalLogService } from '../approval-log/approval-log.service.js';
import { SignedOutMarker } from '../sign-out/signed-out.marker.js';
import { HOME_CSP, renderHome } from './home.page.js';

@Controller()
export class HomeController {
  constructor(
    @InjectSignetClient() private readonly client: SignetClient,
    private readonly sessions: SignetSessionService,
    private readonly log: ApprovalLogService,
    private readonly admin: AdminGuard,
    private readonly clients: SignetClientsService,
    private readonly signedOut: SignedOutMarker,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', HOME_CSP)
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  async home(@Req() request: object, @Res({ passthrough: true }) response: object): Promise<string> {
    const config = this.client.settings;
    const session = await this.sessions.resolve(request, response);
    // The log is for administrators: others see that it exists, not what it holds.
    const approvals = this.admin.isAdmin(session) ? await this.log.page() : undefined;
    // The partner picker: every named client beside this app's own (SIGNET_CLIENTS).
    const partners = this.clients
      .names()
      .filter((name) => name !== SIGNET_DEFAULT_CLIENT)
      .map((name) => {
        const { issuer, clientId } = this.clients.get(name).settings;
        return { name, issuer, clientId };
      });
    return renderHome({
      ...(session ? { session } : {}),
      ...(partners.length > 0 ? { partners } : {}),
      ...(approvals ? { approvals } : {}),
      signedOut: this.signedOut.isMarked(request),
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
}
