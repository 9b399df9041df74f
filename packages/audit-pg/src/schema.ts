import type pg from 'pg';

/** The default table. */
export const DEFAULT_TABLE = 'signet_audit_log';

/** A table name safe to put in SQL text (identifiers cannot be bound as parameters). */
export function tableName(name: string = DEFAULT_TABLE): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name))
    throw new Error(`table "${name}": use lower-case letters, digits and underscores (at most 63)`);
  return name;
}

/**
 * One row per record. `line` is the record's canonical JSON exactly as hashed; `hash` is its SHA-256, kept so
 * the head is one index lookup. Rows are only ever inserted: grant the application INSERT and SELECT alone.
 */
export async function createTable(pool: pg.Pool, table: string): Promise<void> {
  // Two instances booting at once would race inside CREATE TABLE IF NOT EXISTS (a duplicate pg_type row):
  // the creation is serialized by a transaction-scoped advisory lock.
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`signet-audit-schema:${table}`]);
    await client.query(CREATE(table));
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

const CREATE = (table: string) => `CREATE TABLE IF NOT EXISTS ${table} (
    chain text NOT NULL,
    seq bigint NOT NULL,
    hash char(64) NOT NULL,
    instance text NOT NULL,
    line text NOT NULL,
    written_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (chain, seq)
  )`;
