import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { FileAuditLog, MemorySessionStore } from '@signet/core';
import { completeLogin } from '@signet/dev-as/testing';
import { importJWK, SignJWT } from 'jose';
import request from 'supertest';
import { createApp, PLATFORMS } from '../support/create-app.js';
import { startPartner, type Partner } from '../partners/partners.js';
import { PartnerSessionsModule } from './app.module.js';

// Two partners registered at ONE real dev-as issuer (two client_ids), server-side sessions in one shared store, the
// same user signed in with both. Issuer and subject are the same for both sessions: only the client_id (the logout
// token's `aud`) and the partner name tell them apart, so a logout for one partner must leave the other's alone.
const SECRET = 'a-test-cookie-secret-of-at-least-32-chars';
const EVENT = 'http://schemas.openid.net/event/backchannel-logout';
let as: Partner;

beforeAll(async () => {
  as = await startPartner([
    ['bank-a-client', '/callback/bankA'],
    ['bank-c-client', '/callback/bankC'],
  ]);
});

afterAll(async () => {
  await as?.as.close();
});

/** A logout token the issuer signs with its real key (what dev-as sends, here naming `sub` only). */
async function logoutToken(aud: string, claims: Record<string, unknown>): Promise<string> {
  const jwk = as.keys.keys.find((k) => k.alg === 'ES256')!;
  return new SignJWT({ events: { [EVENT]: {} }, ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid!, typ: 'logout+jwt' })
    .setIssuer(as.as.issuer)
    .setAudience(aud)
    .setIssuedAt()
    .setJti(randomUUID())
    .sign(await importJWK(jwk, 'ES256'));
}

describe.each(PLATFORMS)('partners at one issuer with server-side sessions on %s', (platform) => {
  let app: INestApplication;
  let dir: string;
  let auditLog: FileAuditLog;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signet-partner-audit-'));
    auditLog = await FileAuditLog.open({ path: join(dir, 'audit.jsonl') });
    const [bankA, bankC] = as.clients;
    app = await createApp(
      PartnerSessionsModule.forRoot({
        clients: {
          bankA: { issuer: as.as.issuer, ...bankA!, signingKeys: bankA!.signingKey },
          bankC: { issuer: as.as.issuer, ...bankC!, signingKeys: bankC!.signingKey },
        },
        cookieSecret: SECRET,
        session: { store: new MemorySessionStore() },
        auditLog,
        logger: false,
      }),
      platform,
    );
  });

  afterAll(async () => {
    await app?.close();
    await auditLog?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function records(): Promise<Array<Record<string, unknown>>> {
    const lines: Array<Record<string, unknown>> = [];
    for await (const line of auditLog.lines())
      lines.push((JSON.parse(line) as { event: Record<string, unknown> }).event);
    return lines;
  }

  async function signIn(name: string) {
    const agent = request.agent(app.getHttpServer());
    const started = await agent.get(`/login/${name}`).expect(302);
    const outcome = await completeLogin(started.headers.location!);
    if (outcome.kind !== 'redirect') throw new Error('expected a redirect to the callback');
    const back = new URL(outcome.url);
    const done = await agent.get(back.pathname + back.search).expect(303);
    const me = await agent.get('/me').expect(200);
    expect(me.body).toEqual({ sub: 'alice', iss: as.as.issuer, client: name });
    const cookies = ([] as string[]).concat(done.headers['set-cookie'] ?? []);
    const session = cookies.map((c) => c.split(';', 1)[0]!).find((c) => c.includes(`=${name}.`))!;
    return Object.assign(agent, { session });
  }

  it("ends only partner A's sessions on A's sub-only back-channel logout, B's at the same issuer stay", async () => {
    const [a, c] = [await signIn('bankA'), await signIn('bankC')];
    const ended = await request(app.getHttpServer())
      .post('/backchannel-logout/bankA')
      .type('form')
      .send({ logout_token: await logoutToken('bank-a-client', { sub: 'alice' }) })
      .expect(200);
    expect(ended.body).toEqual({ sessions: 1 });
    await a.get('/me').expect(401);
    await c.get('/me').expect(200);
  });

  it('names the partner in every durable audit record of its flows, beside issuer and client_id', async () => {
    const before = (await records()).length;
    await signIn('bankC');
    const written = (await records()).slice(before);
    expect(written.map((r) => r['type'])).toEqual(
      expect.arrayContaining(['authorization.request', 'authorization.response', 'session.started']),
    );
    for (const record of written)
      expect(record).toMatchObject({ issuer: as.as.issuer, clientId: 'bank-c-client', client: 'bankC' });
  });

  it("refuses at A's endpoint a logout token addressed to the other partner (ERR_LOGOUT_TOKEN_AUDIENCE_INVALID), ending nothing", async () => {
    const c = await signIn('bankC');
    const refused = await request(app.getHttpServer())
      .post('/backchannel-logout/bankA')
      .type('form')
      .send({ logout_token: await logoutToken('bank-c-client', { sub: 'alice' }) })
      .expect(400);
    expect(refused.body.error).toBe('ERR_LOGOUT_TOKEN_AUDIENCE_INVALID');
    await c.get('/me').expect(200);
  });

  it("opens no session for a partner's cookie renamed to the other partner at the same issuer", async () => {
    const c = await signIn('bankC');
    const renamed = c.session.replace('=bankC.', '=bankA.');
    expect(renamed).not.toBe(c.session);
    await request(app.getHttpServer()).get('/me').set('Cookie', renamed).expect(401);
    await request(app.getHttpServer()).get('/me').set('Cookie', c.session).expect(200);
  });
});
