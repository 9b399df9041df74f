import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { AuditEvent } from '@signet/core';
import { SignetAuditService } from '@signet/nestjs';
import type { Subscription } from 'rxjs';

/** One line of the approval log: an audit event as core emitted it, numbered. */
export type ApprovalEntry = AuditEvent & { seq: number };

/** How many events the log keeps; older ones are dropped first. */
export const APPROVAL_LOG_SIZE = 200;

/**
 * The record the seed documents ask for: who asked for what (client, scopes, authorization_details, jti, PAR or
 * by value) and what came back (verified or refused, the code, how long it took). In memory and bounded: a
 * sample, not an archive. The Passport path's client shares the same audit sink, so its events arrive here too.
 */
@Injectable()
export class ApprovalLogService implements OnModuleInit, OnModuleDestroy {
  readonly #entries: ApprovalEntry[] = [];
  #seq = 0;
  #subscription?: Subscription;

  constructor(private readonly audit: SignetAuditService) {}

  onModuleInit(): void {
    this.#subscription = this.audit.events$.subscribe((event) => this.record(event));
  }

  onModuleDestroy(): void {
    this.#subscription?.unsubscribe();
  }

  record(event: AuditEvent): void {
    this.#seq += 1;
    this.#entries.push({ ...event, seq: this.#seq });
    if (this.#entries.length > APPROVAL_LOG_SIZE) this.#entries.splice(0, this.#entries.length - APPROVAL_LOG_SIZE);
  }

  /** Newest first. */
  entries(): ApprovalEntry[] {
    return [...this.#entries].reverse();
  }
}
