import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller.js';
import { SignetHealthIndicator } from './signet.health-indicator.js';

/** `GET /health` through @nestjs/terminus: the store and the authorization server as Signet sees them. */
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
  controllers: [HealthController],
  providers: [SignetHealthIndicator],
})
export class HealthModule {}
