import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { verifyChain, type AuditRecord } from '@signet/core';
import { HAS_POSTGRES, PostgresServer } from '@signet/audit-pg/testing';
import { completeLogin } from '@signet/dev-as/testing';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startSampleAs, type SampleAs } from './support/dev-as.js';
import {
  adminAgent,
  beginLogin,
  deliver,
  sampleEnv,
  sessionCookie,
  startSample,
  type Agent,
} from './support/sample-app.js';

// The durable approval log through the sample app: written to a file or PostgreSQL on every login, read back
// only by administrators, filtered, exported, verified; a log that cannot be written refuses sign-in with 503.

let testAs: SampleAs;
let dir: string;
beforeAll(async () => {
  testAs = await startSampleAs();
  dir = await mkdtemp(join(tmpdir(), 'sample-approvals-'));
});
afterAll(async () => {
  await testAs?.as.close();
  await rm(dir, { recursive: true, force: true });
});

async function signInAs(agent: Agent, login: string) {
  const start = await agent.get('/login').expect(302);
  const outcome = await completeLogin(start.headers.location!, { login });
  const callback = await deliver(agent, outcome);
  return { outcome, callback };
}

describe('the approval log with SIGNET_AUDIT_FILE', () => {
  let app: INestApplication;
  let admin: Agent;
  const file = () => join(dir, 'audit.jsonl');
  const secrets: string[] = [];

  beforeAll(async () => {
    app = await startSample(sampleEnv(testAs, 'express', { SIGNET_AUDIT_FILE: file() }));
    admin = await adminAgent(app.getHttpServer());
    const bob = request.agent(app.getHttpServer());
    const { outcome, callback } = await signInAs(bob, 'alice');
    expect(callback.status).toBe(303);
    if (outcome.kind === 'redirect') {
      const response = new URL(outcome.url).searchParams.get('response')!;
      const claims = JSON.parse(Buffer.from(response.split('.')[1]!, 'base64url').toString()) as Record<string, string>;
      secrets.push(response, claims['code']!, claims['state']!);
    }
    secrets.push(sessionCookie(callback)!.split(';')[0]!.split('=')[1]!);
    // One refusal: the same response again.
    if (outcome.kind === 'redirect') await bob.get(new URL(outcome.url).pathname + new URL(outcome.url).search);
  });
  afterAll(() => app?.close());

  it('refuses anonymous callers with 401 ERR_SESSION_REQUIRED and non-administrators with 403 ERR_ADMIN_REQUIRED', async () => {
    const anonymous = await request(app.getHttpServer()).get('/approvals').expect(401);
    expect(anonymous.body.error).toBe('ERR_SESSION_REQUIRED');
    // alice is signed in, but this deployment names another administrator.
    const other = await startSample(sampleEnv(testAs, 'express', { SIGNET_ADMIN_SUBJECTS: 'carol, dave' }));
    try {
      const alice = request.agent(other.getHttpServer());
      expect((await signInAs(alice, 'alice')).callback.status).toBe(303);
      const forbidden = await alice.get('/approvals').expect(403);
      expect(forbidden.body.error).toBe('ERR_ADMIN_REQUIRED');
      await alice.get('/approvals/export').expect(403);
      const home = await alice.get('/').expect(200);
      expect(home.text).toContain('id="approval-log-restricted"');
      expect(home.text).not.toContain('id="approval-log"');
    } finally {
      await other.close();
    }
  });

  it('shows administrators the durable log, newest first, with the chain verified through the last record', async () => {
    const { body } = await admin.get('/approvals').expect(200);
    expect(body.chain).toMatchObject({ durable: true, ok: true, verifiedThrough: body.total, records: body.total });
    expect(body.entries[0].seq).toBe(body.total);
    const home = await admin.get('/').expect(200);
    expect(home.text).toContain(`Chain verified through record ${body.chain.verifiedThrough}`);
  });

  it('filters by subject, client, outcome, code and time', async () => {
    const alice = (await admin.get('/approvals').query({ subject: 'alice' })).body;
    expect(alice.entries.length).toBeGreaterThan(0);
    expect(alice.entries.every((e: { subject: string }) => e.subject === 'alice')).toBe(true);
    expect((await admin.get('/approvals').query({ subject: 'mallory' })).body.total).toBe(0);
    const refused = (await admin.get('/approvals').query({ outcome: 'refused' })).body;
    expect(refused.entries[0]).toMatchObject({ outcome: 'refused' });
    const code = refused.entries[0].code;
    const byCode = (await admin.get('/approvals').query({ code })).body;
    expect(byCode.entries.every((e: { code: string }) => e.code === code)).toBe(true);
    expect((await admin.get('/approvals').query({ client: 'another-client' })).body.total).toBe(0);
    expect((await admin.get('/approvals').query({ since: '2999-01-01T00:00:00Z' })).body.total).toBe(0);
    expect((await admin.get('/approvals').query({ until: '2000-01-01T00:00:00Z' })).body.total).toBe(0);
  });

  it('refuses a malformed filter with 400 ERR_APPROVALS_FILTER_INVALID', async () => {
    const res = await admin.get('/approvals').query({ since: 'yesterday' }).expect(400);
    expect(res.body.error).toBe('ERR_APPROVALS_FILTER_INVALID');
    expect((await admin.get('/approvals').query({ outcome: 'maybe' }).expect(400)).body.error).toBe(
      'ERR_APPROVALS_FILTER_INVALID',
    );
    expect((await admin.get('/approvals/export').query({ format: 'xml' }).expect(400)).body.error).toBe(
      'ERR_APPROVALS_FILTER_INVALID',
    );
  });

  it('exports JSON lines that verify as a chain, and CSV', async () => {
    const jsonl = await admin.get('/approvals/export').query({ format: 'jsonl' }).expect(200);
    expect(jsonl.headers['content-type']).toMatch(/application\/x-ndjson/);
    const result = await verifyChain(jsonl.text.trimEnd().split('\n'));
    expect(result.ok).toBe(true);
    const csv = await admin.get('/approvals/export').query({ format: 'csv', outcome: 'refused' }).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const [header, first] = csv.text.split('\r\n');
    expect(header).toMatch(/^seq,time,instance,type,clientId,subject,outcome,code/);
    expect(first).toContain('refused');
  });

  it('keeps no token, code, cookie, key or state in any record', async () => {
    const text = await readFile(file(), 'utf8');
    const records = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditRecord);
    expect(records.length).toBeGreaterThan(3);
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toContain(testAs.signingKey.d!);
    expect(text).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/); // no JWT at all (evidence would be a sealed JWE)
    for (const { event } of records) {
      const stateHash = (event as { stateHash?: string }).stateHash;
      if (stateHash) expect(stateHash).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  it('survives a restart: a new app on the same file shows the old records and continues the chain', async () => {
    const before = (await admin.get('/approvals')).body.total;
    await app.close();
    app = await startSample(sampleEnv(testAs, 'express', { SIGNET_AUDIT_FILE: file() }));
    admin = await adminAgent(app.getHttpServer());
    const { body } = await admin.get('/approvals').expect(200);
    expect(body.total).toBe(before + 2);
    expect(body.chain).toMatchObject({ ok: true, verifiedThrough: before + 2 });
  });
});

(HAS_POSTGRES ? describe : describe.skip)('two instances sharing SIGNET_AUDIT_PG_URL', () => {
  let pg: PostgresServer;
  let a: INestApplication;
  let b: INestApplication;
  beforeAll(async () => {
    pg = await PostgresServer.start();
    const env = sampleEnv(testAs, 'express', { SIGNET_AUDIT_PG_URL: pg.url });
    [a, b] = await Promise.all([startSample(env), startSample(env)]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await pg?.destroy();
  });

  it('records logins on both instances in one chain that verifies', async () => {
    const agents = [a, b, a, b].map((app) => request.agent(app.getHttpServer()));
    const callbacks = await Promise.all(agents.map(async (agent) => deliver(agent, await beginLogin(agent))));
    expect(callbacks.map((c) => c.status)).toEqual([303, 303, 303, 303]);
    const { body } = await agents[1]!.get('/approvals').expect(200);
    expect(body.chain).toMatchObject({ durable: true, ok: true, verifiedThrough: 8, records: 8 });
    expect(new Set(body.entries.map((e: { instance: string }) => e.instance)).size).toBe(2);
  });

  it('refuses sign-in with 503 ERR_AUDIT_UNAVAILABLE while the database is down, and recovers', async () => {
    const agent = request.agent(a.getHttpServer());
    await pg.stop();
    try {
      const login = await agent.get('/login');
      expect([login.status, login.body.error]).toEqual([503, 'ERR_AUDIT_UNAVAILABLE']);
    } finally {
      await pg.start();
    }
    const callback = await deliver(agent, await beginLogin(agent));
    expect(callback.status).toBe(303);
  }, 60_000);
});

describe('the sample with SIGNET_POLICY_FILE', () => {
  const example = new URL('../policy.example.yaml', import.meta.url).pathname;

  it('signs in and approves the demo payment under the example policy, each decision recorded', async () => {
    const app = await startSample(
      sampleEnv(testAs, 'express', { SIGNET_POLICY_FILE: example, SIGNET_AUDIT_FILE: join(dir, 'policy-audit.jsonl') }),
    );
    try {
      const admin = await adminAgent(app.getHttpServer());
      const payment = await deliver(admin, await beginLogin(admin, { path: '/login/payment' }));
      expect(payment.status).toBe(303);
      const { body } = await admin.get('/approvals').expect(200);
      expect(body.entries.filter((e: { policy?: string }) => e.policy === 'allowed').length).toBeGreaterThanOrEqual(4);
      expect(body.entries.at(-1)).toMatchObject({ type: 'policy.decision', stage: 'boot', outcome: 'allowed' });
    } finally {
      await app.close();
    }
  });

  it('refuses a payment over the reviewed amount with 403 ERR_POLICY_AUTHORIZATION_DETAILS_REFUSED, before any PAR', async () => {
    const path = join(dir, 'tight-policy.json');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(
      path,
      JSON.stringify({
        version: 1,
        clients: {
          'sample-rp': {
            owner: { team: 'Test', contact: 'test@example.test' },
            purpose: 'A tight review',
            reviewedScopes: ['openid', 'profile', 'email'],
            authorizationDetails: { payment_initiation: { maxAmount: { EUR: '10.00' } } },
            reviewBy: '2099-12-31',
          },
        },
      }),
    );
    const app = await startSample(sampleEnv(testAs, 'express', { SIGNET_POLICY_FILE: path }));
    try {
      const admin = await adminAgent(app.getHttpServer());
      const par = testAs.as.counters.par;
      const refused = await admin.get('/login/payment').expect(403);
      expect(refused.body.error).toBe('ERR_POLICY_AUTHORIZATION_DETAILS_REFUSED');
      expect(testAs.as.counters.par).toBe(par);
      const { body } = await admin
        .get('/approvals')
        .query({ code: 'ERR_POLICY_AUTHORIZATION_DETAILS_REFUSED', type: 'policy.decision' });
      expect(body.entries[0]).toMatchObject({ type: 'policy.decision', stage: 'authorize', outcome: 'refused' });
    } finally {
      await app.close();
    }
  });

  it('stops the boot when the default scope was not reviewed', async () => {
    const err = await startSample(
      sampleEnv(testAs, 'express', { SIGNET_POLICY_FILE: example, SIGNET_SCOPE: 'openid payments' }),
    ).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err).toMatchObject({ code: 'ERR_POLICY_SCOPE_NOT_REVIEWED' });
  });
});
