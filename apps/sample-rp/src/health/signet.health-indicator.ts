import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { SignetClient, type HealthCheck, type SignetHealth } from '@signet/core';
import { InjectSignetClient } from '@signet/nestjs';

/** The terminus view of `SignetClient.health()`: one indicator per dependency, `down` with the refusal's code. */
@Injectable()
export class SignetHealthIndicator {
  constructor(
    @InjectSignetClient() private readonly client: SignetClient,
    private readonly indicators: HealthIndicatorService,
  ) {}

  /** Probes once and answers the four indicators: store, metadata, jwks, and the AS endpoints sign-ins last met. */
  async check(): Promise<HealthIndicatorResult[]> {
    const health = await this.client.health();
    return [
      this.#result('store', health.checks.store),
      this.#result('metadata', health.checks.metadata),
      this.#result('jwks', health.checks.jwks),
      this.#endpoints(health),
    ];
  }

  #result(key: string, check: HealthCheck): HealthIndicatorResult {
    const session = this.indicators.check(key);
    return check.status === 'up' ? session.up() : session.down({ code: check.code });
  }

  /** PAR and token endpoint outages are seen by real sign-ins only (probing them would need a login). */
  #endpoints(health: SignetHealth): HealthIndicatorResult {
    const session = this.indicators.check('endpoints');
    const { par, token } = health.outages;
    if (!par && !token) return session.up();
    return session.down({
      ...(par ? { par: par.code, parSince: par.since } : {}),
      ...(token ? { token: token.code, tokenSince: token.since } : {}),
    });
  }
}
