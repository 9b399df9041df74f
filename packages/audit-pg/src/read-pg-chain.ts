import pg from 'pg';
import { tableName } from './schema.js';

/** Options for reading a chain back. */
export interface ReadPgChainOptions {
  chain?: string;
  table?: string;
  /** Rows per query. Default 1000. */
  pageSize?: number;
}

/**
 * The lines of a PostgreSQL chain in `seq` order, page by page (what `verifyChain` reads, and what
 * `signet audit verify --pg URL` checks).
 */
export async function* readPgChainLines(
  connection: string | pg.Pool,
  options: ReadPgChainOptions = {},
): AsyncGenerator<string> {
  const pool = typeof connection === 'string' ? new pg.Pool({ connectionString: connection, max: 1 }) : connection;
  if (typeof connection === 'string') pool.on('error', () => undefined);
  const table = tableName(options.table);
  const chain = options.chain ?? 'default';
  const pageSize = options.pageSize ?? 1000;
  try {
    let after = 0;
    for (;;) {
      const { rows } = await pool.query<{ seq: string; line: string }>(
        `SELECT seq, line FROM ${table} WHERE chain = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
        [chain, after, pageSize],
      );
      for (const row of rows) yield row.line;
      if (rows.length < pageSize) return;
      after = Number(rows.at(-1)!.seq);
    }
  } finally {
    if (typeof connection === 'string') await pool.end();
  }
}
