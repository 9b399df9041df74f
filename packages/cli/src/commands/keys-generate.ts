import { writeFile } from 'node:fs/promises';
import { Option } from 'commander';
import { exportJWK, exportPKCS8, generateKeyPair, type JWK } from 'jose';
import { importDecryptionKey, importSigningKey } from '@signet/core';
import { CliError } from '../lib/cli-error.js';
import type { SignetCommand } from '../lib/command.js';
import { EXIT_CODES } from '../lib/exit-codes.js';

type Family = 'ES256' | 'PS256' | 'EdDSA';

/**
 * `--alg` names the key family by its FAPI signing algorithm; with `--use enc` the same family's encryption
 * algorithm is used (EC P-256 → ECDH-ES, RSA → RSA-OAEP-256, Ed25519's sibling X25519 → ECDH-ES).
 */
const GENERATE = {
  sig: { ES256: ['ES256', {}], PS256: ['PS256', { modulusLength: 2048 }], EdDSA: ['EdDSA', { crv: 'Ed25519' }] },
  enc: {
    ES256: ['ECDH-ES', { crv: 'P-256' }],
    PS256: ['RSA-OAEP-256', { modulusLength: 2048 }],
    EdDSA: ['ECDH-ES', { crv: 'X25519' }],
  },
} as const satisfies Record<'sig' | 'enc', Record<Family, readonly [string, { crv?: string; modulusLength?: number }]>>;

/** `signet keys generate`: a fresh private key as a JWK or a PKCS#8 PEM, checked by core's key import. */
export const keysGenerate: SignetCommand = {
  path: 'keys generate',
  summary: 'Generate a private key for signing (default) or for encrypted responses (--use enc)',
  configure: (command) =>
    command
      .addOption(
        new Option('--alg <alg>', 'key family, by its signing algorithm')
          .choices(['ES256', 'PS256', 'EdDSA'])
          .makeOptionMandatory(),
      )
      .addOption(new Option('--use <use>', 'what the key is for').choices(['sig', 'enc']).default('sig'))
      .option('--kid <kid>', 'key ID (default: the RFC 7638 thumbprint of the public key)')
      .addOption(new Option('--format <format>', 'output format').choices(['jwk', 'pem']).default('jwk'))
      .option('--out <file>', 'write the private key to this new file (mode 0600) instead of stdout')
      .addHelpText(
        'after',
        '\nA PEM carries no kid or alg: pass the same --kid and --alg to `signet jwks` and to your configuration.',
      ),
  async run({ options }) {
    const use = options.use as 'sig' | 'enc';
    const family = options.alg as Family;
    const [alg, generateOptions] = GENERATE[use][family];
    const { privateKey } = await generateKeyPair(alg, { ...generateOptions, extractable: true });
    // WebCrypto's export adds key_ops and ext, which describe this process's handle, not the key.
    const { key_ops: _ops, ext: _ext, ...jwk }: JWK = await exportJWK(privateKey);
    const kidOption = options.kid as string | undefined;
    // Core's import is the check: a generated key is one Signet accepts, with the kid it will use.
    const imported =
      use === 'sig'
        ? await importSigningKey({ key: jwk, alg, ...(kidOption ? { kid: kidOption } : {}) }, '--alg')
        : await importDecryptionKey({ key: jwk, alg, ...(kidOption ? { kid: kidOption } : {}) }, '--alg');
    const privateJwk: JWK = { ...jwk, kid: imported.kid, alg, use };
    const key = options.format === 'pem' ? await exportPKCS8(privateKey) : `${JSON.stringify(privateJwk, null, 2)}\n`;
    const summary = { kid: imported.kid, alg, use, format: options.format, publicJwk: imported.publicJwk };
    const out = options.out as string | undefined;
    if (out !== undefined) {
      try {
        await writeFile(out, key, { mode: 0o600, flag: 'wx' });
      } catch (cause) {
        const exists = (cause as NodeJS.ErrnoException).code === 'EEXIST';
        throw new CliError(
          EXIT_CODES.INPUT,
          exists ? 'ERR_CLI_FILE_EXISTS' : 'ERR_CLI_FILE_UNREADABLE',
          exists ? `"${out}" exists already; choose a new file name` : `cannot write "${out}"`,
          { cause },
        );
      }
      return {
        exitCode: EXIT_CODES.OK,
        data: { ...summary, file: out },
        text: `wrote ${alg} key "${imported.kid}" to ${out}`,
      };
    }
    return {
      exitCode: EXIT_CODES.OK,
      data: { ...summary, key: options.format === 'pem' ? key : privateJwk },
      text: key,
    };
  },
};
