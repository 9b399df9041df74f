import { Controller, Get, Header, HttpCode, Inject, Post, Req, Res, UseFilters } from '@nestjs/common';
import { SignetError } from '@signet/core';
import {
  SignetAuthenticated,
  SignetExceptionFilter,
  SignetGrant,
  SignetGrantService,
  type SignetGrantHandle,
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

  constructor(
    private readonly grants: SignetGrantService,
    @Inject(SAMPLE_ENVIRONMENT) env: SampleEnvironment,
  ) {
    this.#resourceUrl = sampleSettings(env).resourceUrl;
  }

  @Get('api/profile')
  @SignetAuthenticated()
  @Header('Cache-Control', 'no-store')
  async profile(@SignetGrant() grant: SignetGrantHandle): Promise<unknown> {
    if (!this.#resourceUrl)
      throw new SignetError('ERR_CONFIG_INVALID', 'SIGNET_RESOURCE_URL: is not set', { field: 'SIGNET_RESOURCE_URL' });
    const answer = await grant.fetch(this.#resourceUrl, { headers: { accept: 'application/json' } });
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
}
