import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

// The `*.type-test.ts` files are never run: they are compiled by `npm run typecheck` (the root tsconfig.json).
// A type test outside that project would pass whatever the API did, so this checks that each one is inside it.

const ROOT = resolve(import.meta.dirname, '../../../..');
const TYPE_TESTS = [
  'packages/core/test/types/public-api.type-test.ts',
  'packages/nestjs/test/types/public-api.type-test.ts',
];

/** A tsconfig `include` glob as a regular expression (`**` any folders, `*` one segment). */
function globToRegExp(glob: string): RegExp {
  const parts = glob
    .split('/')
    .map((part) =>
      part === '**' ? '(?:[^/]+/)*' : `${part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}/`,
    );
  return new RegExp(`^${parts.join('').slice(0, -1)}$`);
}

describe('the public API type tests', () => {
  const tsconfig = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')) as {
    include: string[];
    exclude?: string[];
  };
  const included = (path: string) => tsconfig.include.some((glob) => globToRegExp(glob).test(path));

  it('matches tsconfig globs as tsc does', () => {
    expect(included('packages/core/test/types/public-api.type-test.ts')).toBe(true);
    expect(included('packages/core/README.md')).toBe(false);
    expect(included('node_modules/x/test/a.ts')).toBe(false);
  });

  it.each(TYPE_TESTS)('compiles %s in the typecheck project, with assertions that fail if the API loosens', (path) => {
    expect(existsSync(join(ROOT, path))).toBe(true);
    expect(included(path)).toBe(true);
    expect(tsconfig.exclude ?? []).toEqual([]);
    const text = readFileSync(join(ROOT, path), 'utf8');
    expect(text.match(/@ts-expect-error /g)?.length ?? 0).toBeGreaterThanOrEqual(path.includes('core') ? 15 : 4);
    // Never switched off wholesale.
    expect(text).not.toMatch(/@ts-nocheck|eslint-disable/);
  });
});
