// Test helper (like @signet/dev-as/testing): a private redis-server child process on a free loopback port.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** True when Debian's redis-server is on the PATH (CI installs it; see .ci/run). */
export const HAS_REDIS_SERVER = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

if (!HAS_REDIS_SERVER) {
  console.warn(
    '\n!!! redis-server is not installed: the Redis tests are SKIPPED. Install it: apt-get install -y redis-server\n',
  );
}

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released for redis-server to take). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A private redis-server child process: no persistence, loopback only, stopped and started at will. */
export class RedisServer {
  #child?: ChildProcess;

  /**
   * `extraArgs` are passed to redis-server as they are (e.g. cluster mode); `dir` is its working directory. A
   * Sentinel takes its (writable) `configFile` first and is ready once it prints `readyLine`.
   */
  constructor(
    readonly port: number,
    readonly extraArgs: string[] = [],
    readonly dir: string = tmpdir(),
    readonly sentinel?: { configFile: string },
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freePort());
    await server.start();
    return server;
  }

  /** Starts redis-server and resolves once it accepts connections. */
  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      [
        ...(this.sentinel ? [this.sentinel.configFile, '--sentinel'] : []),
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        this.dir,
        '--loglevel',
        'notice',
        ...this.extraArgs,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.#child = child;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`redis-server did not start on port ${this.port}: ${output}`)),
        10_000,
      );
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes(this.sentinel ? '+monitor master' : 'Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${String(code)}: ${output}`));
      });
    });
    child.removeAllListeners('exit');
    child.stdout!.resume();
    child.stderr!.resume();
  }

  /** Freezes redis-server (SIGSTOP): connections stay open, nothing answers, as with a hung host. */
  pause(): void {
    this.#child?.kill('SIGSTOP');
  }

  /** Thaws a paused redis-server (SIGCONT). */
  resume(): void {
    this.#child?.kill('SIGCONT');
  }

  /** Kills redis-server outright (an outage, not a shutdown) and waits for it to be gone. */
  async stop(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}

const run = promisify(execFile);

/** `redis-cli -p <port> <args>`, its output. */
async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 10_000 });
  return stdout;
}

/**
 * A private Redis Cluster of masters only (three by default), on free loopback ports: redis-server in cluster
 * mode, joined by `redis-cli --cluster create`. Each master can be killed and started again (same port, same
 * nodes.conf: it rejoins with its slots, empty). Short node timeout, so failures are noticed within a second.
 */
export class RedisCluster {
  private constructor(
    readonly masters: RedisServer[],
    private readonly dir: string,
  ) {}

  /** SIGNET_REDIS_CLUSTER_NODES for this cluster. */
  get nodes(): string {
    return this.masters.map((m) => m.url).join(',');
  }

  static async start(count = 3): Promise<RedisCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'signet-redis-cluster-'));
    const masters: RedisServer[] = [];
    for (let i = 0; i < count; i += 1) {
      const port = await freePort();
      const args = [
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        `nodes-${port}.conf`,
        '--cluster-node-timeout',
        '1000',
      ];
      masters.push(new RedisServer(port, args, dir));
    }
    const cluster = new RedisCluster(masters, dir);
    try {
      await Promise.all(masters.map((m) => m.start()));
      await run(
        'redis-cli',
        [
          '--cluster',
          'create',
          ...masters.map((m) => `127.0.0.1:${m.port}`),
          '--cluster-replicas',
          '0',
          '--cluster-yes',
        ],
        { timeout: 20_000 },
      );
      await cluster.untilHealthy();
    } catch (err) {
      await cluster.stop();
      throw err;
    }
    return cluster;
  }

  /** Resolves once every running master reports `cluster_state:ok` (all slots served). */
  async untilHealthy(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const states = await Promise.all(
        this.masters.map((m) => cli(m.port, 'cluster', 'info').catch(() => 'unreachable')),
      );
      if (states.every((s) => s.includes('cluster_state:ok'))) return;
      if (Date.now() > deadline) throw new Error(`the Redis cluster did not become healthy: ${states.join(' | ')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Stops every master and removes the cluster's directory. */
  async stop(): Promise<void> {
    await Promise.all(this.masters.map((m) => m.stop()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A private Sentinel deployment: a master, one replica and one Sentinel (quorum 1, one second to declare the
 * master down), on free loopback ports. Killing the master makes the Sentinel promote the replica.
 */
export class RedisSentinelGroup {
  static readonly NAME = 'signet';

  private constructor(
    readonly master: RedisServer,
    readonly replica: RedisServer,
    readonly sentinel: RedisServer,
    private readonly dir: string,
  ) {}

  /** SIGNET_REDIS_SENTINELS for this group (SIGNET_REDIS_SENTINEL_NAME is `RedisSentinelGroup.NAME`). */
  get sentinels(): string {
    return this.sentinel.url;
  }

  static async start(): Promise<RedisSentinelGroup> {
    const dir = mkdtempSync(join(tmpdir(), 'signet-redis-sentinel-'));
    const master = new RedisServer(await freePort(), [], dir);
    await master.start();
    const replica = new RedisServer(await freePort(), ['--replicaof', '127.0.0.1', String(master.port)], dir);
    await replica.start();
    const configFile = join(dir, 'sentinel.conf');
    writeFileSync(
      configFile,
      [
        `sentinel monitor ${RedisSentinelGroup.NAME} 127.0.0.1 ${master.port} 1`,
        `sentinel down-after-milliseconds ${RedisSentinelGroup.NAME} 1000`,
        `sentinel failover-timeout ${RedisSentinelGroup.NAME} 2000`,
        '',
      ].join('\n'),
    );
    const sentinel = new RedisServer(await freePort(), [], dir, { configFile });
    await sentinel.start();
    return new RedisSentinelGroup(master, replica, sentinel, dir);
  }

  /** The port of the master the Sentinel names now. */
  async masterPort(): Promise<number> {
    const answer = await cli(this.sentinel.port, 'sentinel', 'get-master-addr-by-name', RedisSentinelGroup.NAME);
    return Number(answer.trim().split('\n')[1]);
  }

  async stop(): Promise<void> {
    await Promise.all([this.sentinel.stop(), this.replica.stop(), this.master.stop()]);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
