import { readChainLines } from '@signet/core';
import { CliError } from './cli-error.js';
import { EXIT_CODES } from './exit-codes.js';
import { access } from 'node:fs/promises';

/** Where `audit verify` and `audit export` read a chain: a JSON-lines file (and its rotated files) or PostgreSQL. */
export interface AuditSource {
  lines: AsyncIterable<string>;
  /** Names the source in messages (never a password). */
  label: string;
}

/** The chain named on the command line: FILE, or `--pg URL` (with `--chain`, `--table`). */
export async function auditSource(file: unknown, options: Record<string, unknown>): Promise<AuditSource> {
  const pg = options['pg'] as string | undefined;
  if ((file === undefined) === (pg === undefined))
    throw new CliError(EXIT_CODES.USAGE, 'ERR_CLI_USAGE', 'give either FILE or --pg URL');
  if (typeof file === 'string') {
    try {
      await access(file);
    } catch (cause) {
      throw new CliError(EXIT_CODES.INPUT, 'ERR_CLI_FILE_UNREADABLE', `cannot read "${file}"`, { cause });
    }
    return { lines: readChainLines(file), label: file };
  }
  // A variable specifier: the PostgreSQL package is loaded only for --pg.
  const specifier = '@signet/audit-pg';
  let module: { readPgChainLines: (url: string, o: { chain?: string; table?: string }) => AsyncIterable<string> };
  try {
    module = (await import(specifier)) as typeof module;
  } catch (cause) {
    throw new CliError(EXIT_CODES.USAGE, 'ERR_CLI_USAGE', '--pg needs @signet/audit-pg installed', { cause });
  }
  const label = new URL(pg!).host;
  return {
    lines: module.readPgChainLines(pg!, {
      ...(options['chain'] ? { chain: options['chain'] as string } : {}),
      ...(options['table'] ? { table: options['table'] as string } : {}),
    }),
    label,
  };
}

/** Drains a source, turning a database failure into exit code 4 (the message without the URL). */
export async function* guarded(source: AuditSource): AsyncGenerator<string> {
  try {
    yield* source.lines;
  } catch (cause) {
    if (cause instanceof CliError) throw cause;
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES')
      throw new CliError(EXIT_CODES.INPUT, 'ERR_CLI_FILE_UNREADABLE', `cannot read ${source.label} (${code})`, {
        cause,
      });
    throw new CliError(
      EXIT_CODES.UNAVAILABLE,
      'ERR_CLI_AUDIT_UNAVAILABLE',
      `cannot read the audit log at ${source.label}`,
      {
        cause,
      },
    );
  }
}
