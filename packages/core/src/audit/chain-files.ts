import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

const ROTATED = /^\.(\d{12})$/;

/** The name a full log file is renamed to: the active name plus the seq of its last record, zero-padded. */
export function rotatedName(path: string, lastSeq: number): string {
  return `${path}.${String(lastSeq).padStart(12, '0')}`;
}

/** Every file of a file log's chain, oldest first: the rotated ones (`audit.jsonl.000000001234`), then the active one. */
export async function chainFiles(path: string): Promise<string[]> {
  const dir = dirname(path);
  const base = basename(path);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw cause;
  }
  const rotated = names
    .filter((name) => name.startsWith(base) && ROTATED.test(name.slice(base.length)))
    .sort()
    .map((name) => join(dir, name));
  return names.includes(base) ? [...rotated, path] : rotated;
}

/** The lines of a file log's chain across its rotated files, in order (what `verifyChain` reads). */
export async function* readChainLines(path: string): AsyncGenerator<string> {
  for (const file of await chainFiles(path)) {
    const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
    for await (const line of lines) yield line;
  }
}
