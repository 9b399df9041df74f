import { randomBytes } from 'node:crypto';
import { open, mkdir, rename, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import type { AuditEvent } from './audit-event.js';
import type { AuditLog } from './audit-log.js';
import { canonicalJson } from './canonical-json.js';
import { chainRecord, EMPTY_HEAD, recordHash, type AuditRecord, type ChainHead } from './audit-record.js';
import { chainFiles, readChainLines, rotatedName } from './chain-files.js';

/** Options of the JSON-lines audit log. */
export interface FileAuditLogOptions {
  /** The active file (`SIGNET_AUDIT_FILE`); full files are renamed beside it with the last seq appended. */
  path: string;
  /** Written into every record. Default: host name, process id and a random suffix. */
  instance?: string;
  /** Rotate once the active file would exceed this size, bytes. Default 64 MiB. */
  maxFileBytes?: number;
}

interface Pending {
  event: AuditEvent;
  resolve: (record: AuditRecord) => void;
  reject: (error: unknown) => void;
}

const TAIL_CHUNK = 64 * 1024;

/** A default instance id: unique per process, readable in a record. */
export function defaultInstanceId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** The last complete line of a file, and the size up to its end (a torn final line is excluded). */
async function lastLine(handle: FileHandle): Promise<{ line?: string; end: number }> {
  const { size } = await handle.stat();
  let tail = Buffer.alloc(0);
  let pos = size;
  // Read backwards until two newlines are in hand (the end of the line before the last, and the last's own).
  while (pos > 0) {
    const length = Math.min(TAIL_CHUNK, pos);
    pos -= length;
    const chunk = Buffer.alloc(length);
    await handle.read(chunk, 0, length, pos);
    tail = Buffer.concat([chunk, tail]);
    const last = tail.lastIndexOf(0x0a);
    if (last > 0 && tail.lastIndexOf(0x0a, last - 1) !== -1) break;
  }
  // A final line without its newline was never acknowledged (a crash cut the write): it does not count.
  const last = tail.lastIndexOf(0x0a);
  if (last === -1) return { end: 0 };
  const before = last === 0 ? -1 : tail.lastIndexOf(0x0a, last - 1);
  const line = tail.subarray(before + 1, last).toString('utf8');
  return line.trim() === '' ? { end: pos + last + 1 } : { line, end: pos + last + 1 };
}

/**
 * The embedded durable log: one canonical JSON record per line, appended in batches (everything that
 * arrives while the previous write is on its way), each batch flushed to disk (fdatasync) before any of its
 * appends resolves. On open the chain continues from the last complete record (a torn final line, never
 * acknowledged, is cut off); a full file is renamed and the chain carries on into a new one. One writer per
 * file: several instances each need their own file, or the PostgreSQL log.
 */
export class FileAuditLog implements AuditLog {
  #handle: FileHandle;
  #size: number;
  #head: ChainHead;
  #dirty = false;
  #queue: Pending[] = [];
  #draining?: Promise<void>;
  #closed = false;

  private constructor(
    readonly path: string,
    readonly instance: string,
    readonly maxFileBytes: number,
    handle: FileHandle,
    size: number,
    head: ChainHead,
  ) {
    this.#handle = handle;
    this.#size = size;
    this.#head = head;
  }

  /** Opens (or creates) the log and recovers the chain head from its last record. */
  static async open(options: FileAuditLogOptions): Promise<FileAuditLog> {
    await mkdir(dirname(options.path), { recursive: true });
    const handle = await open(options.path, 'a+', 0o600);
    try {
      const tail = await lastLine(handle);
      let line = tail.line;
      const end = tail.end;
      const { size } = await handle.stat();
      if (end < size) await handle.truncate(end);
      if (line === undefined) {
        const files = (await chainFiles(options.path)).filter((file) => file !== options.path);
        const previous = files.at(-1);
        if (previous) {
          const old = await open(previous, 'r');
          try {
            line = (await lastLine(old)).line;
          } finally {
            await old.close();
          }
        }
      }
      const head = line === undefined ? EMPTY_HEAD : headOf(line, options.path);
      return new FileAuditLog(
        options.path,
        options.instance ?? defaultInstanceId(),
        options.maxFileBytes ?? 64 * 1024 * 1024,
        handle,
        end,
        head,
      );
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  append(event: AuditEvent): Promise<AuditRecord> {
    if (this.#closed) return Promise.reject(new Error(`the audit log ${this.path} is closed`));
    return new Promise((resolve, reject) => {
      this.#queue.push({ event, resolve, reject });
      this.#draining ??= this.#drain();
    });
  }

  async head(): Promise<ChainHead> {
    await this.#draining;
    return this.#head;
  }

  async *lines(): AsyncGenerator<string> {
    await this.#draining;
    yield* readChainLines(this.path);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#draining;
    await this.#handle.close();
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) await this.#write(this.#queue.splice(0));
    this.#draining = undefined;
  }

  async #write(batch: Pending[]): Promise<void> {
    let head = this.#head;
    const records: AuditRecord[] = [];
    let text = '';
    try {
      for (const { event } of batch) {
        const next = chainRecord(head, this.instance, event);
        records.push(next.record);
        head = next.head;
        text += `${canonicalJson(next.record)}\n`;
      }
      const bytes = Buffer.from(text, 'utf8');
      // A failed write may have left part of a batch behind: cut it off before the chain goes on.
      if (this.#dirty) await this.#handle.truncate(this.#size);
      this.#dirty = false;
      if (this.#size > 0 && this.#size + bytes.length > this.maxFileBytes) await this.#rotate();
      this.#dirty = true;
      await this.#handle.write(bytes, 0, bytes.length, null);
      await this.#handle.datasync();
      this.#dirty = false;
      this.#size += bytes.length;
      this.#head = head;
    } catch (err) {
      for (const pending of batch) pending.reject(err);
      return;
    }
    batch.forEach((pending, i) => pending.resolve(records[i]!));
  }

  async #rotate(): Promise<void> {
    await this.#handle.close();
    await rename(this.path, rotatedName(this.path, this.#head.seq));
    this.#handle = await open(this.path, 'a+', 0o600);
    this.#size = 0;
    const dir = await open(dirname(this.path), 'r');
    try {
      await dir.sync(); // the rename and the new file survive a power cut
    } finally {
      await dir.close();
    }
  }
}

function headOf(line: string, path: string): ChainHead {
  let record: AuditRecord;
  try {
    record = JSON.parse(line) as AuditRecord;
  } catch (cause) {
    throw new Error(`the last line of ${path} is not an audit record; verify the chain (signet audit verify)`, {
      cause,
    });
  }
  if (!Number.isSafeInteger(record.seq))
    throw new Error(`the last line of ${path} is not an audit record; verify the chain (signet audit verify)`);
  return { seq: record.seq, hash: recordHash(record) };
}
