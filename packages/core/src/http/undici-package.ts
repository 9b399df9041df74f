import { createRequire } from 'node:module';
import type * as Undici from 'undici';

const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');
let loaded: typeof Undici | undefined;

/**
 * The `undici` package, loaded on first use only. Loading it installs its own Agent as the process's global
 * dispatcher when none is set yet, and Node's built-in fetch (undici bundled in Node) would then send every
 * request of the application through that second HTTP stack. So it is never loaded by importing core, and Node's
 * built-in fetch is made to install its own dispatcher first (reading `Headers` loads it): the application's
 * global dispatcher stays what it was, Node's own or the one it set (a ProxyAgent, a MockAgent).
 */
export function undiciPackage(): typeof Undici {
  if (loaded) return loaded;
  if ((globalThis as Record<symbol, unknown>)[GLOBAL_DISPATCHER] === undefined) void globalThis.Headers;
  loaded = createRequire(import.meta.url)('undici') as typeof Undici;
  return loaded;
}
