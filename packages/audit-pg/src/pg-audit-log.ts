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

interface Pending {
  event: AuditEvent;
  resolve: (record: AuditRecord) => void;
  reject: (error: unknown) => void;
}

/**
 * The durable log for several instances: one chain in one table, every record committed before its append
 * resolves. A batch is written in one transaction that first takes a transaction-scoped advisory lock on the
 * chain (`pg_advisory_xact_lock`), then reads the head and inserts the next records: writers on any number of
 * instances queue on the lock, so `seq` and `prev` never fork; the primary key (chain, seq) refuses a fork even
 * if something bypassed the lock. Each row holds the record's canonical line, so reading the lines back in `seq`
 * order gives exactly what `verifyChain` checks.
 */
export class PgAuditLog implements AuditLog {
  readonly #pool: pg.Pool;
  readonly #ownsPool: boolean;
  readonly #table: string;
  #queue: Pending[] = [];
  #draining?: Promise<void>;
  #closed = false;

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
    let client: pg.PoolClient | undefined;
    let records: AuditRecord[];
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
      let head: ChainHead = rows[0] ? { seq: Number(rows[0].seq), hash: rows[0].hash } : EMPTY_HEAD;
      records = [];
      const values: unknown[] = [];
      const tuples: string[] = [];
      for (const { event } of batch) {
        const next = chainRecord(head, this.instance, event);
        records.push(next.record);
        head = next.head;
        const n = values.length;
        tuples.push(`($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5})`);
        values.push(this.chain, next.record.seq, next.head.hash, this.instance, canonicalJson(next.record));
      }
      await client.query(
        `INSERT INTO ${this.#table} (chain, seq, hash, instance, line) VALUES ${tuples.join(', ')}`,
        values,
      );
      await client.query('COMMIT');
      client.off('error', onConnectionError);
      client.release();
    } catch (err) {
      if (client) {
        await client.query('ROLLBACK').catch(() => undefined);
        client.off('error', onConnectionError);
        // A connection that failed mid-transaction is not put back for reuse.
        client.release(err instanceof Error ? err : true);
      }
      for (const pending of batch) pending.reject(err);
      return;
    }
    batch.forEach((pending, i) => pending.resolve(records[i]!));
  }
}

/** Opens the PostgreSQL audit log at a URL (what `SIGNET_AUDIT_PG_URL` does through core's `auditFromEnv`). */
export function createPgAuditLog(url: string): Promise<PgAuditLog> {
  return PgAuditLog.open({ connection: url });
}
