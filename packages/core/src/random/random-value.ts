import { randomFillSync } from 'node:crypto';
import { startupSnapshot } from 'node:v8';

/**
 * Bytes drawn from node:crypto's CSPRNG a page at a time, handed out once each. A login takes four fresh values
 * (state, nonce, PKCE verifier, browser binding; a server-side session one more); one `randomBytes(32)` each
 * cost ~8 µs inside the running app on the 2-core benchmark machine (a native call and a Buffer per value), a
 * slice of this page well under 1 µs (issue 15, BENCHMARKS.md): the buffering Node applies to `randomUUID()`. The
 * generator and the entropy per value are unchanged; each byte is used once and zeroed when taken, so the page
 * only ever holds values nobody has seen yet.
 */
const PAGE_BYTES = 4096;
const page = Buffer.alloc(PAGE_BYTES);
let offset = PAGE_BYTES;

/** Zeroes the page and marks it used up: the next value refills it from the generator. */
function discardPage(): void {
  page.fill(0);
  offset = PAGE_BYTES;
}

// A startup snapshot (`node --build-snapshot`) would freeze unused bytes into every process started from it, and
// each would hand out the same "random" values: the page is discarded before the heap is serialized.
if (startupSnapshot?.isBuildingSnapshot?.()) startupSnapshot.addSerializeCallback(discardPage);

function take(bytes: number): Buffer {
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > PAGE_BYTES) throw new RangeError(`bytes out of range: ${bytes}`);
  if (offset + bytes > PAGE_BYTES) {
    randomFillSync(page);
    offset = 0;
  }
  const value = Buffer.from(page.subarray(offset, offset + bytes));
  page.fill(0, offset, offset + bytes);
  offset += bytes;
  return value;
}

/** `bytes` (default 32) random bytes, base64url: state, nonce, verifier, binding and session values. */
export function randomValue(bytes = 32): string {
  return take(bytes).toString('base64url');
}
