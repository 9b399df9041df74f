import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { completeLogin, type LoginOutcome } from '@signet/dev-as/testing';
import { expect } from '@jest/globals';
import request from 'supertest';
import { createSampleApp } from '../../src/bootstrap.js';
import { CLIENTS, COOKIE_SECRET, REDIRECT_URI, type SampleAs } from './dev-as.js';

export type Platform = 'express' | 'fastify';
export const PLATFORMS: Platform[] = ['express', 'fastify'];
export type Agent = ReturnType<typeof request.agent>;

/** The sample's environment for a client of the test AS; `extra` adds or overrides variables. */
export function sampleEnv(
  testAs: SampleAs,
  platform: Platform,
  extra: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return {
    SIGNET_PLATFORM: platform,
    SIGNET_ISSUER: testAs.as.issuer,
    SIGNET_CLIENT_ID: CLIENTS.plain,
    SIGNET_REDIRECT_URI: REDIRECT_URI,
    SIGNET_SIGNING_KEY: JSON.stringify(testAs.signingKey),
    SIGNET_COOKIE_SECRET: COOKIE_SECRET,
    SIGNET_SCOPE: 'openid profile email',
    // The approval log is for administrators; dev-as signs in whoever types a name, and the suites use "alice".
    SIGNET_ADMIN_SUBJECTS: 'alice',
    ...extra,
  };
}

/** The sample app through its real bootstrap (platform from SIGNET_PLATFORM), initialised, not listening. */
export async function startSample(env: Record<string, string | undefined>): Promise<INestApplication> {
  const app = await createSampleApp(env, { logger: false });
  await app.init();
  if (env['SIGNET_PLATFORM'] === 'fastify')
    await (app as NestFastifyApplication).getHttpAdapter().getInstance().ready();
  return app;
}

/** GET /login, then through dev-as's login and consent pages; returns where the AS sends the browser. */
export async function beginLogin(agent: Agent, options: { path?: string; deny?: boolean } = {}): Promise<LoginOutcome> {
  const login = await agent.get(options.path ?? '/login').expect(302);
  return completeLogin(login.headers.location!, options.deny ? { deny: true } : {});
}

/** Hands the AS's answer to the app as a browser would (query, form_post, or fragment via the relay page). */
export async function deliver(agent: Agent, outcome: LoginOutcome): Promise<request.Response> {
  if (outcome.kind === 'form_post') {
    return agent.post(new URL(outcome.action).pathname).type('form').send(outcome.fields);
  }
  const back = new URL(outcome.url);
  if (back.search) return agent.get(back.pathname + back.search);
  const relay = await agent.get(back.pathname).expect(200);
  expect(relay.text).toContain('signet_relay');
  return agent
    .post(back.pathname)
    .type('form')
    .send({ ...Object.fromEntries(new URLSearchParams(back.hash.slice(1))), signet_relay: 'fragment' });
}

/** The session cookie set by a response, if any. */
export function sessionCookie(response: request.Response): string | undefined {
  const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  return cookies.find((c) => c.startsWith('signet.session=') && !c.startsWith('signet.session=;'));
}

/** An agent signed in as an administrator ("alice", listed in SIGNET_ADMIN_SUBJECTS by `sampleEnv`). */
export async function adminAgent(server: Parameters<typeof request.agent>[0]): Promise<Agent> {
  const agent = request.agent(server);
  const callback = await deliver(agent, await beginLogin(agent));
  expect(callback.status).toBe(303);
  return agent;
}
