import { Controller, Get, Header } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { SignetHealthIndicator } from './signet.health-indicator.js';

/**
 * `GET /health`: 200 `{"status":"ok",...}` when the shared store, the AS metadata and JWKS answer and no sign-in
 * met a failing AS endpoint since; 503 `{"status":"error","error":{"store":{"status":"down","code":...}}}` otherwise.
 */
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly signet: SignetHealthIndicator,
  ) {}

  @Get('health')
  @Header('Cache-Control', 'no-store')
  @HealthCheck()
  async check() {
    const results = await this.signet.check();
    return this.health.check(results.map((result) => () => result));
  }
}
