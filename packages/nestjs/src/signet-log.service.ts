import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { SignetLogRecord } from '@signet/core';

/**
 * Where the module's client writes its structured records (one per refusal, one per compatibility option in
 * effect): Nest's `Logger` under the `Signet` context, one JSON line per record, so `app.useLogger()` decides
 * where they go. Records written while the application boots (the compatibility warnings, written when the
 * client is created) are held until `onApplicationBootstrap`, once the application's own logger is in place.
 *
 * @example
 * // {"event":"signet.refusal","code":"ERR_PAR_FAILED","endpoint":"pushed_authorization_request_endpoint","status":401,"body":"empty",...}
 */
@Injectable()
export class SignetLogService implements OnApplicationBootstrap {
  readonly #logger = new Logger('Signet');
  #pending: SignetLogRecord[] | undefined = [];

  /** Writes one record (or holds it until the application has booted). */
  write(record: SignetLogRecord): void {
    if (this.#pending) {
      this.#pending.push(record);
      return;
    }
    const line = JSON.stringify(record);
    if (record.level === 'error') this.#logger.error(line);
    else this.#logger.warn(line);
  }

  onApplicationBootstrap(): void {
    const pending = this.#pending ?? [];
    this.#pending = undefined;
    for (const record of pending) this.write(record);
  }
}
