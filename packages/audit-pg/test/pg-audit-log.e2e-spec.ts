import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  auditFromEnv,
  canonicalJson,
  chainRecord,
  EMPTY_HEAD,
  verifyChain,
  type AuditEvent,
  type AuditRecord,
  type ChainHead,
} from '@signet/core';
import pg from 'pg';
import { PgAuditLog, readPgChainLines } from '../src/index.js';
import { HAS_POSTGRES, PostgresServer } from '../src/testing.js';

const event = (i: number, instance: string): AuditEvent => ({
  type: 'authorization.request',
  time: new Date(1_700_000_000_000 + i).toISOString(),
  issuer: 'https://as.example',
  clientId: instance,
  scope: 'openid',
  jti: `jti-${instance}-${i}`,
  delivery: 'par',
  responseMode: 'jwt',
  stateHash: '0123456789abcdef',
  encrypted: false,
  dpop: false,
});

(HAS_POSTGRES ? describe : describe.skip)('PgAuditLog against a real PostgreSQL', () => {
  let server: PostgresServer;
  let admin: pg.Pool;
  let chain = 0;
  let name: string;
  beforeAll(async () => {
    server = await PostgresServer.start();
    admin = new pg.Pool({ connectionString: server.url, max: 2 });
    // Its idle connections die with the server in the restart tests: heard, not thrown.
    admin.on('error', () => undefined);
  }, 60_000);
  afterAll(async () => {
    await admin?.end();
    await server?.destroy();
  });
  beforeEach(() => {
    name = `chain-${++chain}`;
  });

  const verify = async (anchor?: { seq: number; hash: string }) =>
    verifyChain(readPgChainLines(server.url, { chain: name }), anchor ? { anchor } : {});

  it('keeps one unforked chain when two instances write to it concurrently', async () => {
    const a = await PgAuditLog.open({ connection: server.url, chain: name, instance: 'instance-a' });
    const b = await PgAuditLog.open({ connection: server.url, chain: name, instance: 'instance-b' });
    // Ten waves of 30 appends from each instance at once: within a wave both contend for the chain; a wave ends
    // when all its records are written, so both instances appear among the first 300 whatever the batching does.
    const records = [];
    for (let wave = 0; wave < 10; wave++) {
      const writes = [];
      for (let i = wave * 30; i < (wave + 1) * 30; i++) writes.push(a.append(event(i, 'a')), b.append(event(i, 'b')));
      records.push(...(await Promise.all(writes)));
    }
    const head = await a.head();
    await Promise.all([a.close(), b.close()]);

    expect(new Set(records.map((r) => r.seq)).size).toBe(600);
    expect(head.seq).toBe(600);
    const result = await verify(head);
    expect(result).toMatchObject({ ok: true, records: 600, verifiedThrough: 600 });
    const lines: AuditRecord[] = [];
    for await (const line of readPgChainLines(server.url, { chain: name })) lines.push(JSON.parse(line) as AuditRecord);
    const instances = lines.map((r) => r.instance);
    expect(instances.filter((i) => i === 'instance-a')).toHaveLength(300);
    expect(instances.filter((i) => i === 'instance-b')).toHaveLength(300);
    // Interleaved, not one after the other: both wrote in every wave.
    for (let wave = 0; wave < 10; wave++) {
      const slice = instances.slice(wave * 60, (wave + 1) * 60);
      expect([wave, slice.includes('instance-a'), slice.includes('instance-b')]).toEqual([wave, true, true]);
    }
  }, 60_000);

  /** Queries and checkouts a log makes on the pool it is given. */
  function countedPool(): { pool: pg.Pool; counts: { query: number; connect: number } } {
    const pool = new pg.Pool({ connectionString: server.url, max: 2 });
    pool.on('error', () => undefined);
    const counts = { query: 0, connect: 0 };
    const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
    Object.assign(pool, {
      query: (...args: unknown[]) => ((counts.query += 1), query(...args)),
      // pool.query checks out a client through connect(callback): only a checkout of the log's own counts.
      connect: (...args: unknown[]) => ((counts.connect += args.length === 0 ? 1 : 0), connect(...args)),
    });
    return { pool, counts };
  }

  /**
   * Another writer's record after `head`, inserted in a transaction left open: whoever writes the same `seq` next
   * waits on it, and fails once `commit()` runs.
   */
  async function pendingRival(head: ChainHead): Promise<{ commit(): Promise<void>; waiting(): Promise<boolean> }> {
    const client = await admin.connect();
    const { record, head: next } = chainRecord(head, 'instance-z', event(99, 'z'));
    await client.query('BEGIN');
    await client.query('INSERT INTO signet_audit_log (chain, seq, hash, instance, line) VALUES ($1, $2, $3, $4, $5)', [
      name,
      record.seq,
      next.hash,
      'instance-z',
      canonicalJson(record),
    ]);
    return {
      async commit() {
        await client.query('COMMIT');
        client.release();
      },
      async waiting() {
        const { rows } = await admin.query<{ n: string }>(
          "SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO signet_audit_log%'",
        );
        return Number(rows[0]!.n) > 0;
      },
    };
  }

  async function untilWaiting(rival: { waiting(): Promise<boolean> }): Promise<void> {
    for (let i = 0; i < 200 && !(await rival.waiting()); i++) await new Promise((r) => setTimeout(r, 25));
    expect(await rival.waiting()).toBe(true);
  }

  it('writes after its own head in one statement, and takes the lock once another instance wrote since', async () => {
    const { pool, counts } = countedPool();
    const a = await PgAuditLog.open({ connection: pool, chain: name, instance: 'instance-a' });
    const b = await PgAuditLog.open({ connection: server.url, chain: name, instance: 'instance-b' });
    expect((await a.append(event(1, 'a'))).seq).toBe(1); // the head unknown: locked
    const before = { ...counts };
    expect((await a.append(event(2, 'a'))).seq).toBe(2);
    expect((await a.append(event(3, 'a'))).seq).toBe(3);
    // Two appends, two statements, no transaction checked out.
    expect([counts.query - before.query, counts.connect - before.connect]).toEqual([2, 0]);

    expect((await b.append(event(4, 'b'))).seq).toBe(4);
    const stale = { ...counts };
    // a's known head (3) is no longer the head: its statement inserts nothing, and the locked write follows 4.
    expect((await a.append(event(5, 'a'))).seq).toBe(5);
    expect([counts.query - stale.query, counts.connect - stale.connect]).toEqual([1, 1]);
    const head = await a.head();
    await Promise.all([a.close(), b.close()]);
    await pool.end();
    expect(head.seq).toBe(5);
    expect(await verify(head)).toMatchObject({ ok: true, records: 5, verifiedThrough: 5 });
  });

  it('refuses to fork when a writer races its one-statement write: the primary key refuses it, and the locked write follows the rival', async () => {
    const log = await PgAuditLog.open({ connection: server.url, chain: name, instance: 'instance-a' });
    await log.append(event(1, 'a'));
    const mine = await log.append(event(2, 'a'));
    const rival = await pendingRival({ seq: 2, hash: (await log.head()).hash });
    const racing = log.append(event(3, 'a'));
    await untilWaiting(rival); // the one statement saw no row after 2, and waits on the rival's seq 3
    await rival.commit();
    const record = await racing;
    const head = await log.head();
    await log.close();
    expect([mine.seq, record.seq, record.prev]).toEqual([2, 4, expect.any(String)]);
    expect(head.seq).toBe(4);
    expect(await verify(head)).toMatchObject({ ok: true, records: 4, verifiedThrough: 4 });
  });

  it('retries its locked write when a one-statement writer raced it, and follows what that writer committed', async () => {
    const log = await PgAuditLog.open({ connection: server.url, chain: name, instance: 'instance-a' });
    const rival = await pendingRival(EMPTY_HEAD);
    const racing = log.append(event(1, 'a')); // the head unknown: locked, reads an empty chain, waits on seq 1
    await untilWaiting(rival);
    await rival.commit();
    const record = await racing;
    await log.close();
    expect(record.seq).toBe(2);
    expect(await verify()).toMatchObject({ ok: true, records: 2, verifiedThrough: 2 });
  });

  it('lets several instances boot at once on a database without the table (its creation is serialized)', async () => {
    const logs = await Promise.all(
      [1, 2, 3, 4].map((i) => PgAuditLog.open({ connection: server.url, table: 'fresh_audit', instance: `boot-${i}` })),
    );
    await Promise.all(logs.map((log) => log.close()));
  });

  it('survives a server restart and a process restart: the chain continues', async () => {
    let log = await PgAuditLog.open({ connection: server.url, chain: name });
    await log.append(event(1, 'x'));
    await log.close();
    await server.stop();
    await server.start();
    log = await PgAuditLog.open({ connection: server.url, chain: name });
    expect((await log.append(event(2, 'x'))).seq).toBe(2);
    await log.close();
    expect(await verify()).toMatchObject({ ok: true, verifiedThrough: 2 });
  }, 60_000);

  it('refuses appends while the server is down, and writes again once it is back', async () => {
    const log = await PgAuditLog.open({ connection: server.url, chain: name, timeout: 1000 });
    await log.append(event(1, 'x'));
    await server.stop();
    await expect(log.append(event(2, 'x'))).rejects.toThrow();
    await server.start();
    expect((await log.append(event(3, 'x'))).seq).toBe(2);
    await log.close();
    expect(await verify()).toMatchObject({ ok: true, verifiedThrough: 2 });
  }, 60_000);

  it('survives a connection error event on a checked-out client (the server dropping it between two queries)', async () => {
    // pg emits 'error' on a checked-out client whose socket fails outside a query; the pool hears only idle ones.
    const pool = new pg.Pool({ connectionString: server.url, max: 2 });
    pool.on('error', () => undefined);
    const log = await PgAuditLog.open({ connection: pool, chain: name });
    const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
    let emitted = 0;
    (pool as unknown as { connect: () => Promise<pg.PoolClient> }).connect = async () => {
      const client = await connect();
      // While the write holds it (its BEGIN in flight): an 'error' event nobody listens to throws, uncaught.
      setImmediate(() => {
        client.emit('error', new Error('Connection terminated unexpectedly'));
        emitted += 1;
      });
      return client;
    };
    expect((await log.append(event(1, 'x'))).seq).toBe(1);
    expect(emitted).toBe(1);
    await log.close();
    await pool.end();
  });

  it('detects rows edited, deleted or renumbered in the table', async () => {
    const log = await PgAuditLog.open({ connection: server.url, chain: name });
    for (let i = 1; i <= 6; i++) await log.append(event(i, 'x'));
    const head = await log.head();
    await log.close();
    await admin.query(
      `UPDATE signet_audit_log SET line = replace(line, '"jti-x-2"', '"jti-x-9"') WHERE chain = $1 AND seq = 2`,
      [name],
    );
    expect((await verify(head)).problems[0]).toMatchObject({ kind: 'broken-link', seq: 3 });
    await admin.query('DELETE FROM signet_audit_log WHERE chain = $1 AND seq = 4', [name]);
    expect((await verify(head)).problems.map((p) => p.kind)).toContain('gap');
    await admin.query('DELETE FROM signet_audit_log WHERE chain = $1 AND seq >= 5', [name]);
    expect((await verify(head)).problems.map((p) => p.kind)).toContain('truncated');
  }, 60_000);

  it('is what SIGNET_AUDIT_PG_URL opens through core (loaded on demand)', async () => {
    const log = await auditFromEnv({ SIGNET_AUDIT_PG_URL: server.url });
    expect(log).toBeInstanceOf(PgAuditLog);
    await log!.close();
  });

  it('refuses an unreachable SIGNET_AUDIT_PG_URL at boot, naming the variable and not echoing the password', async () => {
    const err = await auditFromEnv({ SIGNET_AUDIT_PG_URL: 'postgres://signet:hunter2@127.0.0.1:1/signet' }).catch(
      (e: Error) => e,
    );
    expect(err).toMatchObject({ code: 'ERR_CONFIG_INVALID', field: 'SIGNET_AUDIT_PG_URL' });
    expect(String((err as Error).message)).not.toContain('hunter2');
  });
});
