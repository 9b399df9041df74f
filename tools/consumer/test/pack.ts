import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/**
 * The builds, installs and compiles here are heavy and not timed: run them at a lower CPU priority (`nice -n 5`: lower, not starved), so that
 * the Jest worker running the other suites beside this one keeps the CPU it needs for its own timeouts.
 */
function run(command: string, args: string[], options: Parameters<typeof execFileAsync>[2] = {}) {
  return execFileAsync('nice', ['-n', '5', command, ...args], { maxBuffer: 64 * 1024 * 1024, ...options }) as Promise<{
    stdout: string;
    stderr: string;
  }>;
}

import { ROOT, entryPointsModule, publishedPackages } from './published.js';

/** Every published package: packed, installed into the consumer, each entry point imported. */
export const PUBLISHED = publishedPackages().map((pkg) => pkg.name);

/**
 * The consumer lives under node_modules/.cache (git-ignored, outside every workspace), so its third-party
 * install survives between runs: only the @signet tarballs are reinstalled each time.
 */
export const CONSUMER = join(ROOT, 'node_modules/.cache/signet-consumer');

/** Third-party dependencies of the consumer apps, at the ranges the monorepo itself uses (so npm's cache has them). */
function consumerManifest(tarballs: Record<string, string>): Record<string, unknown> {
  const rootManifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  return {
    name: 'signet-consumer',
    private: true,
    dependencies: {
      ...Object.fromEntries(Object.entries(tarballs).map(([name, file]) => [name, `file:./packs/${file}`])),
      '@nestjs/common': '^12.5.1',
      '@nestjs/core': '^12.5.1',
      '@nestjs/platform-express': '^12.5.1',
      passport: '^0.7.0',
      'reflect-metadata': '^0.2.2',
      rxjs: '^7.8.2',
      '@types/node': rootManifest.devDependencies['@types/node'],
      typescript: rootManifest.devDependencies['typescript'],
      // The TypeScript of a classic `nest new` app; fetched from the registry once, then kept with the consumer.
      'typescript-5.9': 'npm:typescript@~5.9.3',
    },
  };
}

/** Builds the published packages (Nx, cached) and packs each into CONSUMER/packs; returns name → tarball file. */
export async function buildAndPack(): Promise<Record<string, string>> {
  const projects = PUBLISHED.flatMap((name) => ['-p', name]);
  await run('npx', ['nx', 'run-many', '-t', 'build', ...projects, '--output-style=static'], { cwd: ROOT });
  const packs = join(CONSUMER, 'packs');
  await rm(packs, { recursive: true, force: true });
  await mkdir(packs, { recursive: true });
  const workspaces = PUBLISHED.flatMap((name) => ['-w', name]);
  const { stdout } = await run('npm', ['pack', ...workspaces, '--pack-destination', packs, '--json'], { cwd: ROOT });
  const packed = JSON.parse(stdout) as Array<{ name: string; filename: string; files: Array<{ path: string }> }>;
  return Object.fromEntries(packed.map((entry) => [entry.name, entry.filename]));
}

/** What each tarball ships, by package name. */
export async function tarballFiles(): Promise<Record<string, string[]>> {
  const packs = join(CONSUMER, 'packs');
  const result: Record<string, string[]> = {};
  for (const file of await readdir(packs)) {
    const { stdout } = await run('tar', ['-tzf', join(packs, file)]);
    result[file] = stdout.split('\n').filter(Boolean);
  }
  return result;
}

/**
 * Installs the consumer: npm resolves every dependency the tarballs declare, as a user's install would.
 * `--prefer-offline` serves what the monorepo's install already cached; the old @signet copies are removed first
 * so that the fresh tarballs are the ones installed.
 */
export async function installConsumer(tarballs: Record<string, string>): Promise<void> {
  await rm(join(CONSUMER, 'node_modules/@signet'), { recursive: true, force: true });
  await rm(join(CONSUMER, 'node_modules/.package-lock.json'), { force: true });
  await rm(join(CONSUMER, 'package-lock.json'), { force: true });
  await writeFile(join(CONSUMER, 'package.json'), `${JSON.stringify(consumerManifest(tarballs), null, 2)}\n`);
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock'], {
    cwd: CONSUMER,
    env: { ...process.env, npm_config_loglevel: 'error' },
  });
}

/** Lays out one consumer app (esm or cjs): its fixture files plus the README's snippet files. */
export async function layOutApp(kind: 'esm' | 'cjs', files: Record<string, string>): Promise<string> {
  const dir = join(CONSUMER, kind);
  await rm(dir, { recursive: true, force: true });
  await cp(join(import.meta.dirname, '../fixtures', kind), dir, { recursive: true });
  await mkdir(join(dir, 'src'), { recursive: true });
  await writeFile(join(dir, 'src/entry-points.ts'), entryPointsModule(publishedPackages()));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

/** Compiles an app with one of the consumer's TypeScript installs into `outDir`; resolves to tsc's output. */
export async function compile(
  dir: string,
  typescript: 'typescript' | 'typescript-5.9',
  outDir: string,
  extra: string[] = [],
) {
  const tsc = join(CONSUMER, 'node_modules', typescript, 'bin/tsc');
  try {
    await run(process.execPath, [tsc, '-p', dir, '--outDir', join(dir, outDir), ...extra], { cwd: dir });
    return '';
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    return `${stdout ?? ''}${stderr ?? ''}` || String(error);
  }
}

/** The ```ts blocks of the README's "Add Signet to your Nest app" section that start with `// src/<file>`. */
export async function readmeSnippetFiles(): Promise<Record<string, string>> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split('## Add Signet to your Nest app')[1]?.split('\n## ')[0] ?? '';
  const files: Record<string, string> = {};
  for (const [, body] of section.matchAll(/```ts\n([\s\S]*?)```/g)) {
    const name = /^\/\/ (src\/[\w.-]+\.ts)\n/.exec(body!)?.[1];
    if (name) files[name] = body!;
  }
  return files;
}

/** Starts `node <script>` in `dir` and resolves once `url` answers; the caller kills it. */
export async function startApp(dir: string, script: string, env: Record<string, string>, url: string) {
  const child = spawn(process.execPath, [script], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  for (let attempt = 0; attempt < 150; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode}): ${output}`);
    try {
      await fetch(url);
      return { child, output: () => output };
    } catch {
      await new Promise((done) => setTimeout(done, 100));
    }
  }
  child.kill();
  throw new Error(`the app did not answer at ${url}: ${output}`);
}
