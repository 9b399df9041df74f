import { verifyChain, type ChainHead } from '@signet/core';
import { CliError } from '../lib/cli-error.js';
import type { SignetCommand } from '../lib/command.js';
import { EXIT_CODES } from '../lib/exit-codes.js';
import { auditSource, guarded } from '../lib/audit-source.js';

function anchorOf(value: unknown): ChainHead | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+):([0-9a-f]{64})$/.exec(String(value));
  if (!match) throw new CliError(EXIT_CODES.USAGE, 'ERR_CLI_USAGE', '--anchor must be SEQ:HASH (64 hex digits)');
  return { seq: Number(match[1]), hash: match[2]! };
}

/** `signet audit verify FILE | --pg URL`: the hash chain checked link by link (exit 0 clean, 1 broken). */
export const auditVerify: SignetCommand = {
  path: 'audit verify',
  summary: 'Verify a durable audit log (hash chain, rotated files included): exit 0 clean, 1 tampered',
  configure: (command) =>
    command
      .argument('[file]', 'the JSON-lines log (SIGNET_AUDIT_FILE); its rotated files are read too')
      .option('--pg <url>', 'read the chain from PostgreSQL instead (SIGNET_AUDIT_PG_URL)')
      .option('--chain <name>', 'chain name in PostgreSQL (default "default")')
      .option('--table <name>', 'table in PostgreSQL (default signet_audit_log)')
      .option('--anchor <seq:hash>', 'a head kept elsewhere: detects a cut-off tail or a rewritten chain'),
  async run({ args, options }) {
    const anchor = anchorOf(options['anchor']);
    const source = await auditSource(args[0], options);
    const result = await verifyChain(guarded(source), anchor ? { anchor } : {});
    const head = `${result.head.seq}:${result.head.hash}`;
    const text = result.ok
      ? `verified through record ${result.verifiedThrough} (${result.records} records)${anchor ? ', anchor matched' : ''}\nhead ${head} (keep it elsewhere; pass it as --anchor next time)`
      : [
          `BROKEN: verified through record ${result.verifiedThrough} only; ${result.problemCount} problem(s)`,
          ...result.problems.map((p) => `  ${p.kind} at line ${p.position}: ${p.message}`),
        ].join('\n');
    return { exitCode: result.ok ? EXIT_CODES.OK : EXIT_CODES.CHECK_FAILED, data: result, text };
  },
};
