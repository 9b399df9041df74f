import { Controller, Get, Header, Query, Res, UseGuards } from '@nestjs/common';
import { recordsToCsv, recordsToJsonLines } from '@signet/core';
import { AdminGuard } from './admin.guard.js';
import { parseApprovalQuery, type ApprovalQuery } from './approval-filter.js';
import { ApprovalLogService, type ApprovalPage } from './approval-log.service.js';

/**
 * The approval log for signed-in administrators: `GET /approvals` (JSON, newest first, filtered by subject,
 * client, outcome, code, type and time, with the chain's verification) and `GET /approvals/export` (JSON lines
 * or CSV of the matching records, oldest first).
 */
@Controller('approvals')
@UseGuards(AdminGuard)
export class ApprovalsController {
  constructor(private readonly log: ApprovalLogService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  approvals(@Query() query: ApprovalQuery): Promise<ApprovalPage> {
    const { filter, limit } = parseApprovalQuery(query);
    return this.log.page(filter, limit);
  }

  @Get('export')
  @Header('Cache-Control', 'no-store')
  async export(
    @Query() query: ApprovalQuery,
    @Res({ passthrough: true }) response: { header(name: string, value: string): unknown },
  ): Promise<string> {
    const { filter, format } = parseApprovalQuery(query);
    const records = await this.log.records(filter);
    // Express's res.header and Fastify's reply.header: the one call both platforms share.
    response.header(
      'content-type',
      format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
    );
    response.header('content-disposition', `attachment; filename="approvals.${format}"`);
    return format === 'csv' ? recordsToCsv(records) : recordsToJsonLines(records);
  }
}
