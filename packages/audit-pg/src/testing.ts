// Test helper (like @signet/redis-store/testing): a private PostgreSQL server on a free loopback port, in a
// temporary data directory, run as an unprivileged user when the tests run as root (PostgreSQL refuses root).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * The directory holding `initdb` and `postgres`: `SIGNET_PG_BIN` if set, else the newest
 * `/usr/lib/postgresql/<version>/bin` (Debian's layout), else whatever `initdb` the PATH has.
 */
export function postgresBinDir(): string | undefined {
  const given = process.env['SIGNET_PG_BIN'];
  if (given) return existsSync(join(given, 'initdb')) ? given : undefined;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((name) => /^\d+(\.\d+)?$/.test(name) && existsSync(join(root, name, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const path = which.status === 0 ? which.stdout.trim() : '';
  return path ? path.slice(0, path.lastIndexOf('/')) : undefined;
}

const BIN = postgresBinDir();

/** True when PostgreSQL's server binaries are installed (CI installs Debian's `postgresql`; see .ci/run). */
export const HAS_POSTGRES = BIN !== undefined;

if (!HAS_POSTGRES) {
  console.warn(
    '\n!!! PostgreSQL is not installed: the PostgreSQL tests are SKIPPED. Install it: apt-get install -y postgresql\n',
  );
}

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released for the server to take). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Under root, the server runs as this account (Debian's package creates `postgres`), else as `nobody`. */
function serverUser(): { name: string; uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    const id = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (id.status === 0 && gid.status === 0) return { name, uid: Number(id.stdout), gid: Number(gid.stdout) };
  }
  throw new Error('tests run as root but neither a "postgres" nor a "nobody" account exists to run PostgreSQL');
}

/** spawn options that drop to the server account (Node sets the uid and gid itself: no su, no wrapper process). */
function asUser(user: ReturnType<typeof serverUser>): { uid?: number; gid?: number; cwd: string } {
  return user ? { uid: user.uid, gid: user.gid, cwd: tmpdir() } : { cwd: tmpdir() };
}

/**
 * A private PostgreSQL server: `trust` authentication on 127.0.0.1 only (a throwaway cluster), fsync off (its
 * durability is not under test), one database `signet` owned by user `signet`. Killed and restarted at will.
 */
export class PostgresServer {
  #child?: ChildProcess;
  readonly #user = serverUser();

  private constructor(
    readonly port: number,
    readonly dataDir: string,
  ) {}

  /** `postgres://signet@127.0.0.1:<port>/signet`. */
  get url(): string {
    return `postgres://signet@127.0.0.1:${this.port}/signet`;
  }

  /** Creates the cluster in a new temporary directory and starts it. */
  static async start(): Promise<PostgresServer> {
    if (!BIN) throw new Error('PostgreSQL is not installed (apt-get install -y postgresql)');
    const root = mkdtempSync(join(tmpdir(), 'signet-pg-'));
    const server = new PostgresServer(await freePort(), join(root, 'data'));
    const user = server.#user;
    if (user) chownSync(root, user.uid, user.gid);
    const init = spawnSync(
      join(BIN, 'initdb'),
      ['-D', server.dataDir, '-U', 'signet', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale', 'C'],
      { encoding: 'utf8', ...asUser(user) },
    );
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
    await server.start();
    const created = spawnSync(
      join(BIN, 'createdb'),
      ['-h', '127.0.0.1', '-p', String(server.port), '-U', 'signet', 'signet'],
      { encoding: 'utf8', ...asUser(user) },
    );
    if (created.status !== 0) throw new Error(`CREATE DATABASE failed: ${created.stderr}`);
    return server;
  }

  /** Starts (or restarts) the server and resolves once it accepts connections. */
  async start(): Promise<void> {
    const args = [
      '-D',
      this.dataDir,
      '-p',
      String(this.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${this.dataDir}`,
      '-c',
      'fsync=off',
      '-c',
      'max_connections=40',
      '-c',
      'shared_buffers=16MB',
    ];
    const child = spawn(join(BIN!, 'postgres'), args, { stdio: ['ignore', 'pipe', 'pipe'], ...asUser(this.#user) });
    this.#child = child;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`postgres did not start on ${this.port}: ${output}`)), 30_000);
      const seen = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('database system is ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', seen);
      child.stderr!.on('data', seen);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`postgres exited with ${String(code)}: ${output}`));
      });
    });
    child.removeAllListeners('exit');
  }

  /** Stops the server at once, as an outage would (immediate shutdown: no checkpoint, clients cut off). */
  async stop(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      // SIGQUIT: immediate shutdown, children told to exit at once, no checkpoint (as a crash would leave it).
      child.kill('SIGQUIT');
    });
  }

  /** Stops the server and removes its data directory. */
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(join(this.dataDir, '..'), { recursive: true, force: true });
  }
}
