import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { AuditEvent } from '@signet/core';
import { Subject, type Observable } from 'rxjs';

/**
 * Every audit event of the module's client (authorization requests, verified and refused responses), as a
 * stream any provider can subscribe to: an approval log, metrics, a SIEM forwarder. The `audit` option, when
 * given, receives the same events first.
 *
 * @example
 * constructor(audit: SignetAuditService) { audit.events$.subscribe((event) => this.log.push(event)); }
 */
@Injectable()
export class SignetAuditService implements OnModuleDestroy {
  readonly #events = new Subject<AuditEvent>();

  /** Hot stream: subscribers see the events that happen after they subscribe. */
  get events$(): Observable<AuditEvent> {
    return this.#events.asObservable();
  }

  /** Called by the client's audit sink. A throwing subscriber cannot change a login's outcome (core catches). */
  publish(event: AuditEvent): void {
    this.#events.next(event);
  }

  onModuleDestroy(): void {
    this.#events.complete();
  }
}
