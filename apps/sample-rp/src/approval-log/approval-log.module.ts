import { Global, Module } from '@nestjs/common';
import { AdminGuard } from './admin.guard.js';
import { ApprovalLogService } from './approval-log.service.js';
import { ApprovalsController } from './approvals.controller.js';

/** Global so every sign-in path of the app writes to the one log. */
@Global()
@Module({
  providers: [ApprovalLogService, AdminGuard],
  controllers: [ApprovalsController],
  exports: [ApprovalLogService, AdminGuard],
})
export class ApprovalLogModule {}
