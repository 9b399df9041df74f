import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** The repository root, from bench/dist/lib/machine.js. */
export const ROOT = new URL('../../../', import.meta.url);

function version(name: string): string | null {
  // npm workspaces hoist every package (and link the @signet ones) into the root node_modules.
  try {
    return (JSON.parse(readFileSync(new URL(`node_modules/${name}/package.json`, ROOT), 'utf8')) as { version: string })
      .version;
  } catch {
    return null;
  }
}

export interface Machine {
  os: string;
  kernel: string;
  arch: string;
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  v8: string;
  commit: string | null;
  packages: Record<string, string | null>;
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  let commit: string | null = null;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    commit = null;
  }
  let pretty = `${os.type()} ${os.release()}`;
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    pretty = /PRETTY_NAME="([^"]+)"/.exec(release)?.[1] ?? pretty;
  } catch {
    // not Linux: keep os.type()
  }
  return {
    os: pretty,
    kernel: `${os.type()} ${os.release()}`,
    arch: os.arch(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    v8: process.versions.v8,
    commit,
    packages: Object.fromEntries(
      [
        '@signet/core',
        '@signet/nestjs',
        'jose',
        'oauth4webapi',
        'openid-client',
        'tinybench',
        'autocannon',
        '@nestjs/core',
        '@nestjs/platform-express',
        '@nestjs/platform-fastify',
      ].map((name) => [name, version(name)]),
    ),
  };
}
