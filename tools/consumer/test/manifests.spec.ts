import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { publishedPackages, workspaceManifests } from './published.js';

// What `npm publish` would ship, checked on every package (fast; the consumer e2e proves it by installing them).
describe.each(publishedPackages().map((pkg) => [pkg.name, pkg] as const))('the %s manifest', (_name, pkg) => {
  const { manifest, dir } = pkg;

  it('ships a LICENSE and says MIT', () => {
    expect(existsSync(join(dir, 'LICENSE'))).toBe(true);
    expect(manifest.files).toEqual(expect.arrayContaining(['dist', 'LICENSE']));
  });

  it('declares the Node floor require(esm) needs', () => {
    expect(manifest.engines?.node).toBe('>=20.19');
  });

  it('has types for every entry point, also for node10 resolution (main, types, typesVersions)', () => {
    expect(manifest.main).toBe('./dist/index.js');
    expect(manifest.types).toBe('./dist/index.d.ts');
    for (const [subpath, conditions] of Object.entries(manifest.exports)) {
      const base = subpath === '.' ? 'index' : subpath.slice(2);
      expect([subpath, conditions.types, conditions.default]).toEqual([
        subpath,
        `./dist/${base}.d.ts`,
        `./dist/${base}.js`,
      ]);
      if (subpath !== '.') expect(manifest.typesVersions?.['*']?.[base]).toEqual([`./dist/${base}.d.ts`]);
    }
  });

  it('ships the sources its @signet/source condition (and its source maps) point at', () => {
    expect(manifest.files).toEqual(expect.arrayContaining(['src', '!src/**/*.spec.ts']));
    for (const conditions of Object.values(manifest.exports)) {
      const source = conditions['@signet/source'];
      if (source) expect(existsSync(join(dir, source))).toBe(true);
    }
  });

  it('is public when published', () => {
    expect(manifest.publishConfig).toEqual({ access: 'public' });
  });
});

describe('ranges between workspace packages', () => {
  it.each(workspaceManifests().map(({ file, manifest }) => [manifest.name, manifest, file] as const))(
    '%s names each @signet package by a real version range, never "*"',
    (_name, manifest) => {
      for (const section of [manifest.dependencies, manifest.devDependencies, manifest.peerDependencies]) {
        for (const [name, range] of Object.entries(section ?? {})) {
          if (name.startsWith('@signet/')) expect([name, range]).toEqual([name, '^0.1.0']);
        }
      }
    },
  );
});
