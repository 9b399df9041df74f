// Issue 9 item 14: each anonymous GET /login pushes one PAR request (and, with the memory store, takes a slot
// real users need). The documented recipe throttles the login route per client address with @nestjs/throttler.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { completeLogin } from '@signet/dev-as/testing';
import { PLATFORMS } from '../support/create-app.js';
import { startTestAs, type TestAs } from '../support/dev-as.js';
import { LOGINS_PER_MINUTE } from './limits.js';

const REDIRECT_URI = 'http://127.0.0.1:4998/callback';
const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const loader = new URL('../../../../tools/ts-loader/register.mjs', import.meta.url).href;

/** Starts the scenario app in a child process; resolves with its origin once it listens. */
function startApp(env: Record<string, string>): Promise<{ origin: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--conditions=@signet/source', '--import', loader, main], {
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      const port = /listening (\d+)/.exec(chunk.toString())?.[1];
      if (port) resolve({ origin: `http://127.0.0.1:${port}`, child });
    });
    child.on('exit', (code) => reject(new Error(`scenario app exited with ${code}: ${stderr}`)));
  });
}

/** The cookies a response sets, as a Cookie header for the next request of the same browser. */
function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';', 1)[0]!)
    .join('; ');
}

describe.each(PLATFORMS)('login throttling recipe on %s', (platform) => {
  let testAs: TestAs;
  let app: { origin: string; child: ChildProcess };

  beforeAll(async () => {
    testAs = await startTestAs({ redirectUri: REDIRECT_URI });
    app = await startApp({
      SCENARIO_PLATFORM: platform,
      SCENARIO_OPTIONS: JSON.stringify({
        issuer: testAs.as.issuer,
        clientId: 'test-rp',
        redirectUri: REDIRECT_URI,
        signingKeys: testAs.signingKey,
        cookieSecret: 'a-test-cookie-secret-of-at-least-32-chars',
      }),
    });
  }, 60_000); // a child process transpiling the sources on a loaded machine
  afterAll(async () => {
    if (app && app.child.exitCode === null) {
      const exited = new Promise((resolve) => app.child.once('exit', resolve));
      app.child.kill('SIGTERM');
      await exited;
    }
    await testAs?.as.close();
  });

  it('refuses a login flood with 429 before any request object is pushed, and leaves the callback alone', async () => {
    const login = () => fetch(`${app.origin}/login`, { redirect: 'manual' });
    const parBefore = testAs.as.counters.par;
    const first = await login();
    expect(first.status).toBe(302);
    for (let i = 1; i < LOGINS_PER_MINUTE; i++) expect((await login()).status).toBe(302);
    const flood = await Promise.all(Array.from({ length: 5 }, login));
    expect(flood.map((r) => r.status)).toEqual([429, 429, 429, 429, 429]);
    expect(testAs.as.counters.par).toBe(parBefore + LOGINS_PER_MINUTE);
    // A login begun before the flood still completes: the callback is not throttled.
    const outcome = await completeLogin(first.headers.get('location')!);
    if (outcome.kind !== 'redirect') throw new Error('expected a redirect');
    const back = new URL(outcome.url);
    const callback = await fetch(`${app.origin}${back.pathname}${back.search}`, {
      redirect: 'manual',
      headers: { cookie: cookiesOf(first) },
    });
    expect(callback.status).toBe(303);
  });
});
