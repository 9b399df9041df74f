import {
  canonicalJson,
  chainRecord,
  defaultInstanceId,
  EMPTY_HEAD,
  type AuditEvent,
  type AuditLog,
  type AuditRecord,
  type ChainHead,
} from '@signet/core';
import pg from 'pg';
import { readPgChainLines } from './read-pg-chain.js';
import { createTable, tableName } from './schema.js';

/** Options of the PostgreSQL audit log. */
export interface PgAuditLogOptions {
  /** A `postgres://` URL, or a pool you own (then `close()` leaves it open). */
  connection: string | pg.Pool;
  /** The chain's name: instances writing one chain share it. Default `default`. */
  chain?: string;
  /** Table name (letters, digits, underscores). Default `signet_audit_log`. */
  table?: string;
  /** Written into every record. Default: host name, process id and a random suffix. */
  instance?: string;
  /** Milliseconds before a query or a connection attempt gives up (then the login gets a 503). Default 5000. */
  timeout?: number;
}

/** Locked writes of one batch before its failure is reported (each retry follows a guarded write's race). */
const LOCKED_ATTEMPTS = 3;

interface Pending {
  event: AuditEvent;
  resolve: (record: AuditRecord) => void;
  reject: (error: unknown) => void;
}

/**
 * The durable log for several instances: one chain in one table, every record committed before its append
 * resolves. Appends are batched (all that arrive while a batch is in flight). A batch after a head this process
 * committed itself is one statement, inserted only if no row follows that head; the primary key (chain, seq)
 * refuses it if another writer raced in between. Otherwise (the first batch, another instance wrote since, a
 * failure) the batch is one transaction that takes a transaction-scoped advisory lock on the chain
 * (`pg_advisory_xact_lock`), reads the head and inserts the next records. Either way `seq` and `prev` never
 * fork. Each row holds the record's canonical line, so reading the lines back in `seq` order gives exactly what
 * `verifyChain` checks.
 */
export class PgAuditLog implements AuditLog {
  readonly #pool: pg.Pool;
  readonly #ownsPool: boolean;
  readonly #table: string;
  #queue: Pending[] = [];
  #draining?: Promise<void>;
  #closed = false;
  /** The head this process last committed: its next batch can follow it in one statement. */
  #head?: ChainHead;

  private constructor(
    pool: pg.Pool,
    ownsPool: boolean,
    table: string,
    readonly chain: string,
    readonly instance: string,
  ) {
    this.#pool = pool;
    this.#ownsPool = ownsPool;
    this.#table = table;
  }

  /** Connects, creates the table if needed, and returns the log. */
  static async open(options: PgAuditLogOptions): Promise<PgAuditLog> {
    const timeout = options.timeout ?? 5000;
    const owns = typeof options.connection === 'string';
    const pool =
      typeof options.connection === 'string'
        ? new pg.Pool({
            connectionString: options.connection,
            max: 4,
            connectionTimeoutMillis: timeout,
            query_timeout: timeout,
          })
        : options.connection;
    // An idle connection dropped by the server emits here; without a listener Node would crash the process.
    if (owns) pool.on('error', () => undefined);
    const table = tableName(options.table);
    try {
      await createTable(pool, table);
    } catch (err) {
      if (owns) await pool.end();
      throw err;
    }
    return new PgAuditLog(pool, owns, table, options.chain ?? 'default', options.instance ?? defaultInstanceId());
  }

  append(event: AuditEvent): Promise<AuditRecord> {
    if (this.#closed) return Promise.reject(new Error('the audit log is closed'));
    return new Promise((resolve, reject) => {
      this.#queue.push({ event, resolve, reject });
      this.#draining ??= this.#drain();
    });
  }

  async head(): Promise<ChainHead> {
    await this.#draining;
    const { rows } = await this.#pool.query<{ seq: string; hash: string }>(
      `SELECT seq, hash FROM ${this.#table} WHERE chain = $1 ORDER BY seq DESC LIMIT 1`,
      [this.chain],
    );
    return rows[0] ? { seq: Number(rows[0].seq), hash: rows[0].hash } : EMPTY_HEAD;
  }

  async *lines(): AsyncGenerator<string> {
    await this.#draining;
    yield* readPgChainLines(this.#pool, { chain: this.chain, table: this.#table });
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#draining;
    if (this.#ownsPool) await this.#pool.end();
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) await this.#write(this.#queue.splice(0));
    this.#draining = undefined;
  }

  async #write(batch: Pending[]): Promise<void> {
    let records: AuditRecord[];
    try {
      records = await this.#append(batch.map((pending) => pending.event));
    } catch (err) {
      for (const pending of batch) pending.reject(err);
      return;
    }
    batch.forEach((pending, i) => pending.resolve(records[i]!));
  }

  /**
   * Where this process knows the head (it wrote it), the batch is one guarded statement after it; where another
   * writer moved the head since, or it is unknown, the batch takes the chain's lock and reads the head first.
   */
  async #append(events: AuditEvent[]): Promise<AuditRecord[]> {
    const known = this.#head;
    this.#head = undefined; // known again only once a write is committed
    if (known) {
      const rows = this.#rows(known, events);
      try {
        // One statement, one transaction: inserted only if nothing follows the known head. A writer that
        // raced it in between makes the primary key refuse the batch (23505), never fork the chain.
        const { rowCount } = await this.#pool.query(
          `INSERT INTO ${this.#table} (chain, seq, hash, instance, line) SELECT * FROM (VALUES ${rows.tuples}) AS v ` +
            `WHERE NOT EXISTS (SELECT 1 FROM ${this.#table} WHERE chain = $${rows.values.length + 1} AND seq > $${rows.values.length + 2}::bigint)`,
          [...rows.values, this.chain, known.seq],
        );
        if (rowCount === events.length) {
          this.#head = rows.head;
          return rows.records;
        }
        // All or none (the condition does not depend on the row): anything else is not a chain to build on.
        if (rowCount !== 0)
          throw new Error(`the audit batch was written in part (${rowCount} of ${events.length} rows)`);
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
      }
    }
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#appendLocked(events);
      } catch (err) {
        // Only a guarded write of another instance can race a locked one: take the lock again, a few times.
        if (!isUniqueViolation(err) || attempt === LOCKED_ATTEMPTS) throw err;
      }
    }
  }

  /** The rows of a batch written after `head`, as VALUES tuples and their parameters. */
  #rows(
    head: ChainHead,
    events: AuditEvent[],
  ): { tuples: string; values: unknown[]; records: AuditRecord[]; head: ChainHead } {
    const records: AuditRecord[] = [];
    const values: unknown[] = [];
    const tuples: string[] = [];
    for (const event of events) {
      const next = chainRecord(head, this.instance, event);
      records.push(next.record);
      head = next.head;
      const n = values.length;
      tuples.push(`($${n + 1}::text, $${n + 2}::bigint, $${n + 3}::char(64), $${n + 4}::text, $${n + 5}::text)`);
      values.push(this.chain, next.record.seq, next.head.hash, this.instance, canonicalJson(next.record));
    }
    return { tuples: tuples.join(', '), values, records, head };
  }

  async #appendLocked(events: AuditEvent[]): Promise<AuditRecord[]> {
    let client: pg.PoolClient | undefined;
    // A checked-out client whose server goes away between two queries emits 'error' on itself (the pool listens
    // only to idle clients): unheard, that would crash the app. The failure still reaches the batch, through
    // the query that fails next.
    const onConnectionError = (): void => undefined;
    try {
      client = await this.#pool.connect();
      client.on('error', onConnectionError);
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `signet-audit:${this.#table}:${this.chain}`,
      ]);
      const { rows } = await client.query<{ seq: string; hash: string }>(
        `SELECT seq, hash FROM ${this.#table} WHERE chain = $1 ORDER BY seq DESC LIMIT 1`,
        [this.chain],
      );
      const head: ChainHead = rows[0] ? { seq: Number(rows[0].seq), hash: rows[0].hash } : EMPTY_HEAD;
      const batch = this.#rows(head, events);
      await client.query(
        `INSERT INTO ${this.#table} (chain, seq, hash, instance, line) VALUES ${batch.tuples}`,
        batch.values,
      );
      await client.query('COMMIT');
      client.off('error', onConnectionError);
      client.release();
      this.#head = batch.head;
      return batch.records;
    } catch (err) {
      if (client) {
        await client.query('ROLLBACK').catch(() => undefined);
        client.off('error', onConnectionError);
        // A connection that failed mid-transaction is not put back for reuse.
        client.release(err instanceof Error ? err : true);
      }
      throw err;
    }
  }
}

/** SQLSTATE unique_violation: another writer took one of the batch's `seq` first. */
function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}

/** Opens the PostgreSQL audit log at a URL (what `SIGNET_AUDIT_PG_URL` does through core's `auditFromEnv`). */
export function createPgAuditLog(url: string): Promise<PgAuditLog> {
  return PgAuditLog.open({ connection: url });
}
