import { AUDIT_RECORD_VERSION, EMPTY_HEAD, recordHash, type AuditRecord, type ChainHead } from './audit-record.js';

/** What a verification found wrong, by kind. */
export type ChainProblemKind =
  /** A line that is not a record (not JSON, a field missing or of the wrong type). */
  | 'malformed'
  /** `seq` jumps forward: records were deleted (or a rotated file is missing). */
  | 'gap'
  /** `seq` goes back or repeats: records were reordered, duplicated or inserted. */
  | 'out-of-order'
  /** `prev` is not the hash of the record before: that record was edited, or this one inserted or forged. */
  | 'broken-link'
  /** The chain ends before the anchor: its tail was cut off. */
  | 'truncated'
  /** The record at the anchor's seq does not hash to the anchor: the chain was rewritten up to there. */
  | 'anchor-mismatch';

export interface ChainProblem {
  kind: ChainProblemKind;
  /** 1-based position in the input (line number across files). */
  position: number;
  /** The seq the record claims, when it has one. */
  seq?: number;
  message: string;
}

export interface VerifyChainOptions {
  /** The head to start from when the input does not begin at seq 1 (a verified earlier part, kept elsewhere). */
  from?: ChainHead;
  /** A head recorded earlier and kept outside the log (`AuditLog.head()`); without it a cut tail is undetectable. */
  anchor?: ChainHead;
  /** Stop collecting problems after this many (the count keeps going). Default 100. */
  maxProblems?: number;
}

export interface ChainVerification {
  ok: boolean;
  /** Records read. */
  records: number;
  /** Every record up to this seq links back to the start without a fault (0: none). */
  verifiedThrough: number;
  /** The last record read: compare it with an anchor kept elsewhere, or keep it as the next anchor. */
  head: ChainHead;
  problems: ChainProblem[];
  problemCount: number;
}

function parseRecord(line: string): AuditRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const record = value as Partial<AuditRecord> | null;
  if (
    typeof record !== 'object' ||
    record === null ||
    record.v !== AUDIT_RECORD_VERSION ||
    !Number.isSafeInteger(record.seq) ||
    (record.seq as number) < 1 ||
    typeof record.instance !== 'string' ||
    typeof record.prev !== 'string' ||
    !/^[0-9a-f]{64}$/.test(record.prev) ||
    typeof record.event !== 'object' ||
    record.event === null
  )
    return undefined;
  return record as AuditRecord;
}

/**
 * Verifies a hash chain read in order (one JSON record per item, as the file and PostgreSQL logs give them):
 * every `seq` follows the last, every `prev` is the SHA-256 of the canonical form of the record before. Any
 * edit, deletion, insertion or reordering breaks a link and is reported where it happened. A cut-off tail
 * leaves a valid shorter chain: only an `anchor` kept outside the log (a head from `AuditLog.head()`) reveals
 * it, and an attacker who can rewrite the whole log can recompute every hash: the anchor is what they cannot
 * change.
 */
export async function verifyChain(
  lines: Iterable<string> | AsyncIterable<string>,
  options: VerifyChainOptions = {},
): Promise<ChainVerification> {
  const maxProblems = options.maxProblems ?? 100;
  const problems: ChainProblem[] = [];
  let problemCount = 0;
  const report = (problem: ChainProblem) => {
    problemCount++;
    if (problems.length < maxProblems) problems.push(problem);
  };
  let head: ChainHead = options.from ?? EMPTY_HEAD;
  let verifiedThrough = problemCount === 0 ? head.seq : 0;
  let records = 0;
  let position = 0;
  let anchorSeen = false;

  for await (const raw of lines) {
    position++;
    const line = raw.trim();
    if (line === '') continue;
    const record = parseRecord(line);
    if (!record) {
      report({ kind: 'malformed', position, message: `line ${position} is not an audit record` });
      continue;
    }
    records++;
    const expected = head.seq + 1;
    if (record.seq > expected)
      report({
        kind: 'gap',
        position,
        seq: record.seq,
        message: `records ${expected}..${record.seq - 1} are missing before line ${position}`,
      });
    else if (record.seq < expected)
      report({
        kind: 'out-of-order',
        position,
        seq: record.seq,
        message: `record ${record.seq} at line ${position} comes after record ${head.seq}`,
      });
    else if (record.prev !== head.hash)
      report({
        kind: 'broken-link',
        position,
        seq: record.seq,
        message: `record ${record.seq} does not link to the record before it (edited, inserted or forged)`,
      });
    const hash = recordHash(record);
    if (options.anchor && record.seq === options.anchor.seq) {
      anchorSeen = true;
      if (hash !== options.anchor.hash)
        report({
          kind: 'anchor-mismatch',
          position,
          seq: record.seq,
          message: `record ${record.seq} does not match the anchor: the chain was rewritten`,
        });
    }
    head = { seq: record.seq, hash };
    if (problemCount === 0) verifiedThrough = record.seq;
  }
  if (options.anchor && !anchorSeen && head.seq < options.anchor.seq)
    report({
      kind: 'truncated',
      position: position + 1,
      message: `the chain ends at record ${head.seq}, before the anchor's record ${options.anchor.seq}`,
    });
  return { ok: problemCount === 0, records, verifiedThrough, head, problems, problemCount };
}
