import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { execFile, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generateRpKeys, startDevAs, toPublicJwks, type DevAs } from '@signet/dev-as';
import { completeLogin } from '@signet/dev-as/testing';
import { signIn } from '@signet/testing';
import {
  CONSUMER,
  PUBLISHED,
  buildAndPack,
  compile,
  installConsumer,
  layOutApp,
  readmeSnippetFiles,
  startApp,
  tarballFiles,
} from './pack.js';

const exec = promisify(execFile);

// Child processes (tsc, node, the apps) at low priority: on a loaded machine each step takes far more than 5 s.
jest.setTimeout(180_000);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

/**
 * A stranger's view of the packages: every package packed with `npm pack`, installed from the tarballs into an
 * app outside the workspace, the README's Nest snippet compiled as ESM (NodeNext) and as CommonJS (the classic
 * `nest new` tsconfig) on TypeScript 5.9 and 6, then each app started and signed in against dev-as.
 */
describe('published packages, consumed from their tarballs', () => {
  let tarballs: Record<string, string>;
  let snippet: Record<string, string>;
  const apps: Record<'esm' | 'cjs', string> = { esm: '', cjs: '' };

  beforeAll(async () => {
    tarballs = await buildAndPack();
    await installConsumer(tarballs);
    snippet = await readmeSnippetFiles();
    apps.esm = await layOutApp('esm', snippet);
    apps.cjs = await layOutApp('cjs', snippet);
  }, 300_000);

  it('packs every published package with its LICENSE, its compiled entry points and the sources they map to', async () => {
    expect(Object.keys(tarballs).sort()).toEqual([...PUBLISHED].sort());
    for (const files of Object.values(await tarballFiles())) {
      expect(files).toEqual(
        expect.arrayContaining([
          'package/LICENSE',
          'package/dist/index.js',
          'package/dist/index.d.ts',
          'package/src/index.ts',
        ]),
      );
      expect(files.filter((file) => file.endsWith('.spec.ts'))).toEqual([]);
    }
  });

  it('installs the tarballs alone: each @signet package once, from its tarball', async () => {
    const { stdout } = await exec('npm', ['ls', '--json'], { cwd: CONSUMER, maxBuffer: 64 * 1024 * 1024 });
    const top = (JSON.parse(stdout) as { dependencies: Record<string, { resolved?: string }> }).dependencies;
    for (const name of PUBLISHED)
      expect([name, top[name]?.resolved]).toEqual([name, expect.stringMatching(/^file:.*\.tgz$/)]);
    // No second copy nested under a dependent (npm would fetch one from the registry if a range did not match).
    const { stdout: nested } = await exec(
      'find',
      ['node_modules', '-mindepth', '3', '-path', '*/node_modules/@signet/*', '-prune'],
      {
        cwd: CONSUMER,
      },
    );
    expect(nested.trim()).toBe('');
  });

  it('has the two snippet files the README shows', () => {
    expect(Object.keys(snippet).sort()).toEqual(['src/app.module.ts', 'src/main.ts']);
  });

  it.each([
    ['esm', 'typescript'],
    ['esm', 'typescript-5.9'],
    ['cjs', 'typescript'],
    ['cjs', 'typescript-5.9'],
  ] as const)(
    'compiles the %s app with %s',
    async (kind, typescript) => {
      // TypeScript 6 deprecates the classic CommonJS tsconfig's baseUrl and node10 resolution and wants rootDir set
      // with outDir: a user of that tsconfig on 6 adds these two lines (the README says so).
      const ts6Cjs =
        kind === 'cjs' && typescript === 'typescript' ? ['--ignoreDeprecations', '6.0', '--rootDir', 'src'] : [];
      // Our declarations are checked whole once (ESM on 6, skipLibCheck off); elsewhere, as `nest new` does, not
      // the libraries' own .d.ts: resolution of every entry point and the app's own types are still checked.
      const libCheck = kind === 'esm' && typescript === 'typescript' ? [] : ['--skipLibCheck'];
      const extra = [...ts6Cjs, ...libCheck];
      expect(await compile(apps[kind], typescript, `dist-${typescript}`, extra)).toBe('');
    },
    180_000,
  );

  it.each([
    ['esm', 'typescript'],
    ['cjs', 'typescript-5.9'],
  ] as const)('loads every entry point at run time (%s, compiled by %s)', async (kind, typescript) => {
    const file = `./dist-${typescript}/entry-points.js`;
    const code =
      kind === 'esm'
        ? `import(${JSON.stringify(file)}).then((m) => console.log(JSON.stringify(m.entryPoints)))`
        : `console.log(JSON.stringify(require(${JSON.stringify(file)}).entryPoints))`;
    const { stdout } = await exec(process.execPath, ['-e', code], { cwd: apps[kind] });
    const counts = JSON.parse(stdout) as Record<string, number>;
    expect(Object.keys(counts).length).toBeGreaterThanOrEqual(PUBLISHED.length);
    for (const [entry, count] of Object.entries(counts)) expect([entry, count > 0]).toEqual([entry, true]);
  });

  it("leaves the application's global fetch alone: no entry point, no mutual-TLS client and no request Signet sends replaces its dispatcher", async () => {
    // Node's fetch sends through globalThis[Symbol.for('undici.globalDispatcher.1')], made on first use; loading the
    // `undici` package (which core uses for mutual TLS only) would put its own Agent there for the whole process.
    const code = `
      const key = Symbol.for('undici.globalDispatcher.1');
      const { entryPoints } = await import('./dist-typescript/entry-points.js');
      const afterImport = globalThis[key];
      const { leanFetch, tlsFetch } = await import('@signet/core');
      const transport = tlsFetch(fetch, undefined, []);
      const { createServer } = await import('node:http');
      const server = createServer((req, res) => res.end('ok')).listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      const answer = await leanFetch(fetch)('http://127.0.0.1:' + server.address().port + '/', { redirect: 'manual' });
      const sent = (await answer.text()) === 'ok';
      server.close();
      const afterClient = globalThis[key];
      const { createRequire } = await import('node:module');
      const { Agent } = createRequire(import.meta.resolve('@signet/core'))('undici');
      // Absent (Node's fetch makes its own on first use), or Node's own: never the undici package's.
      const untouched = (dispatcher) => dispatcher === undefined || !(dispatcher instanceof Agent);
      await transport.close();
      console.log(JSON.stringify({
        entryPoints: Object.keys(entryPoints).length,
        sent,
        afterImport: untouched(afterImport),
        builtIn: afterClient !== undefined && untouched(afterClient),
      }));`;
    const { stdout } = await exec(process.execPath, ['--input-type=module', '-e', code], { cwd: apps.esm });
    const outcome = JSON.parse(stdout) as {
      entryPoints: number;
      sent: boolean;
      afterImport: boolean;
      builtIn: boolean;
    };
    expect(outcome.entryPoints).toBeGreaterThanOrEqual(PUBLISHED.length);
    expect([outcome.sent, outcome.afterImport, outcome.builtIn]).toEqual([true, true, true]);
  });

  describe('signs in through the README app against dev-as', () => {
    let as: DevAs;
    const children: ChildProcess[] = [];
    const ports: Record<'esm' | 'cjs', number> = { esm: 0, cjs: 0 };
    let signingKey: string;

    beforeAll(async () => {
      ports.esm = await freePort();
      ports.cjs = await freePort();
      const rp = await generateRpKeys();
      signingKey = JSON.stringify(rp.keys.find((key) => key.use === 'sig'));
      as = await startDevAs({
        clients: (['esm', 'cjs'] as const).map((kind) => ({
          client_id: `readme-${kind}`,
          redirect_uris: [`http://127.0.0.1:${ports[kind]}/callback`],
          token_endpoint_auth_method: 'private_key_jwt',
          token_endpoint_auth_signing_alg: 'ES256',
          scope: 'openid profile email',
          jwks: toPublicJwks(rp) as never,
        })),
      });
    });

    afterAll(async () => {
      for (const child of children) child.kill();
      await as?.close();
    });

    it.each([
      ['esm', 'typescript'],
      ['cjs', 'typescript-5.9'],
    ] as const)(
      '%s (compiled by %s): / links to sign-in, and after it /me names the user',
      async (kind, typescript) => {
        const origin = `http://127.0.0.1:${ports[kind]}`;
        const app = await startApp(
          apps[kind],
          `dist-${typescript}/main.js`,
          {
            PORT: String(ports[kind]),
            SIGNET_ISSUER: as.issuer,
            SIGNET_CLIENT_ID: `readme-${kind}`,
            SIGNET_REDIRECT_URI: `${origin}/callback`,
            SIGNET_SIGNING_KEY: signingKey,
            SIGNET_COOKIE_SECRET: 'consumer-test-cookie-secret-0123456789abcdef',
          },
          `${origin}/`,
        );
        children.push(app.child);

        expect(await (await fetch(`${origin}/`)).text()).toContain('href="/login"');
        expect((await fetch(`${origin}/me`)).status).toBe(401);

        // The browser's part: /login, dev-as's login and consent pages, the callback (with @signet/testing's signIn).
        const { status, location, cookie } = await signIn(origin, {
          authorize: (url) => completeLogin(url, { login: 'carol.jones' }),
        });
        expect([status, location]).toEqual([303, '/me']);

        const me = await fetch(`${origin}/me`, { headers: { cookie } });
        expect(me.status).toBe(200);
        expect(await me.json()).toEqual({ sub: 'carol.jones', name: 'Carol Jones', email: 'carol.jones@example.test' });
      },
      180_000,
    );
  });

  it('signs the README app (esm) in against the test AS of the packed @signet/testing', async () => {
    // The tarball's own build, as a user's test suite would load it.
    const kit = (await import(
      join(CONSUMER, 'node_modules/@signet/testing/dist/index.js')
    )) as typeof import('@signet/testing');
    const as = await kit.startTestAuthorizationServer();
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const client = await kit.registerTestClient(as, { clientId: 'readme-testing', redirectUri: `${origin}/callback` });
    const app = await startApp(
      apps.esm,
      'dist-typescript/main.js',
      { PORT: String(port), ...client.environment },
      `${origin}/`,
    );
    try {
      const { status, location, cookie } = await kit.signIn(origin);
      expect([status, location]).toEqual([303, '/me']);
      const me = await fetch(`${origin}/me`, { headers: { cookie } });
      expect(await me.json()).toEqual({ sub: 'alice', name: 'Alice Example', email: 'alice@example.test' });
      expect(as.counts.token).toBe(1);
    } finally {
      app.child.kill();
      await as.close();
    }
  }, 180_000);
});
