import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  matchesFilter,
  SignetClient,
  verifyChain,
  type AuditEvent,
  type AuditFilter,
  type AuditRecord,
  type ChainHead,
  type ChainProblem,
} from '@signet/core';
import { InjectSignetClient, SignetAuditService } from '@signet/nestjs';
import type { Subscription } from 'rxjs';

/** One line of the approval log: an audit event as core emitted it, numbered (and, when durable, its instance). */
export type ApprovalEntry = AuditEvent & { seq: number; instance?: string };

/** How many events the in-memory log keeps (when no durable log is configured); older ones are dropped first. */
export const APPROVAL_LOG_SIZE = 200;

/** What the approvals page says about the chain. */
export interface ChainStatus {
  /** `file`/`pg`: a durable, hash-chained log; `memory`: the last events only, nothing to verify. */
  durable: boolean;
  ok: boolean;
  /** Every record up to this seq links back to the first one without a fault. */
  verifiedThrough: number;
  records: number;
  /** The last record: keep it elsewhere as an anchor (`signet audit verify --anchor seq:hash`). */
  head?: ChainHead;
  problems: ChainProblem[];
}

/** The matching entries (newest first, at most `limit`) and the chain status. */
export interface ApprovalPage {
  entries: ApprovalEntry[];
  /** Matching entries in all, before the limit. */
  total: number;
  chain: ChainStatus;
}

/**
 * The record the seed documents ask for: who asked for what (client, scopes, authorization_details, jti, PAR or
 * by value) and what came back (verified or refused, the code, how long it took). With a durable log
 * (SIGNET_AUDIT_FILE, SIGNET_AUDIT_PG_URL) it is read back from there, verified link by link; without one, the
 * last events are kept in memory. The Passport path's client shares the same log.
 */
@Injectable()
export class ApprovalLogService implements OnModuleInit, OnModuleDestroy {
  readonly #entries: ApprovalEntry[] = [];
  #seq = 0;
  #subscription?: Subscription;

  constructor(
    private readonly audit: SignetAuditService,
    @InjectSignetClient() private readonly client: SignetClient,
  ) {}

  onModuleInit(): void {
    if (this.client.shared.auditLog) return;
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

  /** Newest first, filtered, with the chain's verification. */
  async page(filter: AuditFilter = {}, limit = APPROVAL_LOG_SIZE): Promise<ApprovalPage> {
    const matching = (await this.#all(filter)).reverse();
    return { entries: matching.slice(0, limit), total: matching.length, chain: await this.#status() };
  }

  /** Every matching record, oldest first (what the export writes). */
  async records(filter: AuditFilter = {}): Promise<AuditRecord[]> {
    const log = this.client.shared.auditLog;
    if (!log)
      return this.#entries
        .map(({ seq, ...event }) => ({ v: 1, seq, instance: 'memory', prev: '', event: event as AuditEvent }) as const)
        .filter((record) => matchesFilter(record, filter));
    const records: AuditRecord[] = [];
    for await (const line of log.lines()) {
      try {
        const record = JSON.parse(line) as AuditRecord;
        if (matchesFilter(record, filter)) records.push(record);
      } catch {
        // A line that is not a record shows up as a problem in the chain status, not as an entry.
      }
    }
    return records;
  }

  async #all(filter: AuditFilter): Promise<ApprovalEntry[]> {
    return (await this.records(filter)).map((r) => ({ ...r.event, seq: r.seq, instance: r.instance }));
  }

  async #status(): Promise<ChainStatus> {
    const log = this.client.shared.auditLog;
    if (!log) return { durable: false, ok: true, verifiedThrough: 0, records: this.#entries.length, problems: [] };
    const result = await verifyChain(log.lines(), { maxProblems: 10 });
    return {
      durable: true,
      ok: result.ok,
      verifiedThrough: result.verifiedThrough,
      records: result.records,
      head: result.head,
      problems: result.problems,
    };
  }
}
