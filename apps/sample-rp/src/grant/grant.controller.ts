import { Controller, Get, Header, HttpCode, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { SignetError } from '@signet/core';
import {
  SignetAuthenticated,
  SignetClientsService,
  SignetExceptionFilter,
  SignetGrant,
  SignetGrantService,
  SignetUser,
  type SignetGrantHandle,
  type SignetSession,
} from '@signet/nestjs';
import { SAMPLE_ENVIRONMENT, type SampleEnvironment } from '../sample-environment.module.js';
import { sampleSettings } from '../sample-env.js';

/** The largest resource answer relayed to the browser. */
const MAX_RESOURCE_BODY = 64 * 1024;

/**
 * The grant at work: `GET /api/profile` calls the protected resource (dev-as's `/resource` by default) with the
 * session's grant (a DPoP proof with `ath`, the resource's nonce, a refresh when the token is about to expire) and
 * answers what the resource returned; `POST /backchannel-logout` receives the AS's logout tokens.
 */
@Controller()
@UseFilters(SignetExceptionFilter)
export class GrantController {
  readonly #resourceUrl: string | undefined;
  /** Without SIGNET_RESOURCE_URL, a partner's session calls its own issuer's resource (dev-as serves one each). */
  readonly #resourcePerIssuer: boolean;

  constructor(
    private readonly grants: SignetGrantService,
    private readonly clients: SignetClientsService,
    @Inject(SAMPLE_ENVIRONMENT) env: SampleEnvironment,
  ) {
    this.#resourceUrl = sampleSettings(env).resourceUrl;
    this.#resourcePerIssuer = !env['SIGNET_RESOURCE_URL']?.trim();
  }

  @Get('api/profile')
  @SignetAuthenticated()
  @Header('Cache-Control', 'no-store')
  async profile(@SignetGrant() grant: SignetGrantHandle, @SignetUser() session: SignetSession): Promise<unknown> {
    const resourceUrl =
      session.client !== undefined && this.#resourcePerIssuer
        ? `${this.clients.get(session.client).settings.issuer}/resource`
        : this.#resourceUrl;
    if (!resourceUrl)
      throw new SignetError('ERR_CONFIG_INVALID', 'SIGNET_RESOURCE_URL: is not set', { field: 'SIGNET_RESOURCE_URL' });
    const answer = await grant.fetch(resourceUrl, { headers: { accept: 'application/json' } });
    const text = await answer.text();
    if (!answer.ok || text.length > MAX_RESOURCE_BODY)
      throw new SignetError('ERR_RESOURCE_REFUSED', `the resource server answered ${answer.status}`);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new SignetError('ERR_RESOURCE_REFUSED', 'the resource server answered something other than JSON');
    }
  }

  /** OpenID Connect Back-Channel Logout 1.0 §2.5: 200 when the token verified, 400 with the code otherwise. */
  @Post('backchannel-logout')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async backchannelLogout(
    @Req() request: object,
    @Res({ passthrough: true }) response: object,
  ): Promise<{ sessions: number }> {
    return this.grants.backchannelLogout(request, response);
  }

  /** The same for a partner (`SIGNET_CLIENTS`): verified against that partner's issuer; ends only its sessions. */
  @Post('backchannel-logout/:client')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async partnerBackchannelLogout(
    @Req() request: object,
    @Res({ passthrough: true }) response: object,
    @Param('client') client: string,
  ): Promise<{ sessions: number }> {
    return this.grants.backchannelLogout(request, response, client);
  }
}
