import { Global, Module } from '@nestjs/common';
import { ApprovalLogService } from './approval-log.service.js';

/** Global so every sign-in path of the app writes to the one log. */
@Global()
@Module({ providers: [ApprovalLogService], exports: [ApprovalLogService] })
export class ApprovalLogModule {}
