import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

// The README's examples, type-checked as a user's file in this package would be (the repository's compiler options,
// the packages' own types): a renamed export, a changed signature or a wrong option makes this fail. The grant
// example's behaviour runs in test/grant.e2e-spec.ts, the Fastify one's in test/fastify.e2e-spec.ts.

const PACKAGE = join(import.meta.dirname, '..');
const README = readFileSync(join(PACKAGE, 'README.md'), 'utf8');

/** The first ```ts block under the heading `heading` (up to the next heading of any level). */
function example(heading: string): string {
  const start = README.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`no "${heading}" section in the README`);
  const section = README.slice(start + heading.length + 2).split(/\n#{2,3} /, 1)[0]!;
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error(`no ts example under "${heading}"`);
  return block;
}

/** What each example takes from the surrounding app without showing it (the README's prose names them). */
const CONTEXT: Record<string, string> = {
  '## Express': '',
  '### Keeping the grant: server-side sessions': `
import express from 'express';
import passport from 'passport';
import type { SignetClientOptions } from '@signet/core';
declare const clientOptions: SignetClientOptions;
declare const cookieSecret: string;
const app = express();
`,
  '## Fastify': `
import type { SignetClient } from '@signet/core';
declare const client: SignetClient;
`,
};

/** Type-checks each source as packages/passport/test/<name>.ts, in one program; answers each file's diagnostics. */
function typeCheck(sources: Record<string, string>): Record<string, string[]> {
  const root = join(PACKAGE, '..', '..');
  const config = ts.readConfigFile(join(root, 'tsconfig.base.json'), ts.sys.readFile);
  const options = { ...ts.parseJsonConfigFileContent(config.config, ts.sys, root).options, noEmit: true };
  const files = new Map(Object.entries(sources).map(([name, source]) => [join(PACKAGE, 'test', `${name}.ts`), source]));
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (file) => files.has(file) || fileExists(file);
  host.readFile = (file) => files.get(file) ?? readFile(file);
  host.getSourceFile = (file, language, ...rest) => {
    const source = files.get(file);
    return source === undefined ? getSourceFile(file, language, ...rest) : ts.createSourceFile(file, source, language);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  return Object.fromEntries(
    Object.keys(sources).map((name) => [
      name,
      ts
        .getPreEmitDiagnostics(program, program.getSourceFile(join(PACKAGE, 'test', `${name}.ts`)))
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    ]),
  );
}

const GRANT = '### Keeping the grant: server-side sessions';
/** `export {}`: a module, as a user's ESM file is (top-level await, no global scope). */
const asModule = (heading: string, code: string) => `${CONTEXT[heading]}\n${code}\nexport {};\n`;
const nameOf = (heading: string) => `readme-${heading.replace(/\W+/g, '-').replace(/^-|-$/g, '').toLowerCase()}`;

describe('the README examples', () => {
  // One program for all of them: loading the types is most of the cost.
  const diagnostics = typeCheck({
    ...Object.fromEntries(
      Object.keys(CONTEXT).map((heading) => [nameOf(heading), asModule(heading, example(heading))]),
    ),
    // The same grant example with one export misspelt: proves this test sees what a user's compiler would.
    'readme-broken': asModule(
      GRANT,
      example(GRANT).replace('startSignetSession(sessions', 'startSignetSesion(sessions'),
    ),
  });

  it.each(Object.keys(CONTEXT))('compile: %s', (heading) => {
    expect(diagnostics[nameOf(heading)]).toEqual([]);
  });

  it('would see an error: a misspelt export is reported', () => {
    expect(diagnostics['readme-broken']).toEqual([expect.stringContaining("Cannot find name 'startSignetSesion'")]);
  });
});
