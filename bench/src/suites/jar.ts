import { randomUUID } from 'node:crypto';
import { CompactEncrypt, SignJWT } from 'jose';
import * as oauth from 'oauth4webapi';
import { RemoteKeySet, resolveOptions } from '@signet/core';
import { coreInternals } from '../lib/core-internals.js';
import { startTestAuthorizationServer } from '@signet/testing';
import { fixtures, SIGNING_ALGS, type BenchKey } from '../lib/keys.js';
import { compare, pairedRatio, type Contender, type Measured, type MeasureOptions } from '../lib/measure.js';

const CLIENT_ID = 'bench-client';
const REDIRECT_URI = 'http://127.0.0.1:3000/callback';

export interface JarCase {
  case: string;
  contenders: Measured[];
  ratios: Record<string, number>;
}

/** The authorization parameters every contender signs: the same values, the same claims. */
function parameters(): Record<string, string> {
  return {
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    response_mode: 'jwt',
    scope: 'openid profile',
    state: 'Yk1pZ2h0eUJlbmNoU3RhdGVWYWx1ZTAxMjM0NTY3ODk',
    nonce: 'Yk1pZ2h0eUJlbmNoTm9uY2VWYWx1ZTAxMjM0NTY3ODk',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  };
}

export async function run(options: MeasureOptions): Promise<JarCase[]> {
  const keys = await fixtures();
  const as = await startTestAuthorizationServer({
    skipClientChecks: true,
    clientId: CLIENT_ID,
    signingKey: keys.asSigning.ES256,
    encryptionKeys: [keys.asEncryption.ecdh, keys.asEncryption.rsa],
  });
  const core = await coreInternals();
  const results: JarCase[] = [];
  try {
    const cases: Array<{ name: string; key: BenchKey; encryptTo?: BenchKey }> = [
      ...SIGNING_ALGS.map((alg) => ({ name: `signed ${alg}`, key: keys.clientSigning[alg] })),
      {
        name: 'signed ES256 + encrypted ECDH-ES/A256GCM',
        key: keys.clientSigning.ES256,
        encryptTo: keys.asEncryption.ecdh,
      },
      {
        name: 'signed ES256 + encrypted RSA-OAEP-256/A256GCM',
        key: keys.clientSigning.ES256,
        encryptTo: keys.asEncryption.rsa,
      },
    ];
    for (const c of cases) {
      const config = await resolveOptions({
        issuer: as.issuer,
        clientId: CLIENT_ID,
        redirectUri: REDIRECT_URI,
        signingKeys: [c.key.privateJwk],
      });
      const signingKey = config.signingKeys[0]!;
      const claims = parameters();
      const keySet = new RemoteKeySet(as.jwksUri, config);
      const asKeys = await keySet.keys();
      const choice = c.encryptTo ? { alg: c.encryptTo.alg, enc: 'A256GCM' } : undefined;
      const selected = choice ? await core.selectEncryptionKey(as.metadata, asKeys, choice) : undefined;

      const signet = async () => {
        const { jwt } = await core.signRequestObject({
          claims,
          clientId: CLIENT_ID,
          issuer: as.issuer,
          key: signingKey,
          lifetime: 60,
        });
        return selected ? core.encryptRequestObject(jwt, selected) : jwt;
      };
      const signetAsAuthorizeDoes = async () => {
        const { jwt } = await core.signRequestObject({
          claims,
          clientId: CLIENT_ID,
          issuer: as.issuer,
          key: signingKey,
          lifetime: 60,
        });
        return core.encryptRequestObject(
          jwt,
          await core.selectEncryptionKey(as.metadata, await keySet.keys(), choice!),
        );
      };
      const rawJose = async () => {
        const now = Math.floor(Date.now() / 1000);
        const jwt = await new SignJWT(claims)
          .setProtectedHeader({ alg: c.key.alg, kid: c.key.kid, typ: 'oauth-authz-req+jwt' })
          .setIssuer(CLIENT_ID)
          .setAudience(as.issuer)
          .setIssuedAt(now)
          .setNotBefore(now)
          .setExpirationTime(now + 60)
          .setJti(randomUUID())
          .sign(c.key.privateKey);
        if (!c.encryptTo) return jwt;
        return new CompactEncrypt(new TextEncoder().encode(jwt))
          .setProtectedHeader({ alg: c.encryptTo.alg, enc: 'A256GCM', cty: 'JWT', kid: c.encryptTo.kid })
          .encrypt(c.encryptTo.publicKey);
      };
      const oauthAs: oauth.AuthorizationServer = { issuer: as.issuer };
      const oauthClient: oauth.Client = { client_id: CLIENT_ID };
      const oauthParams = new URLSearchParams(claims);
      const o4w = async () => {
        const jwt = await oauth.issueRequestObject(oauthAs, oauthClient, oauthParams, {
          key: c.key.privateKey,
          kid: c.key.kid,
        });
        if (!c.encryptTo) return jwt;
        return new CompactEncrypt(new TextEncoder().encode(jwt))
          .setProtectedHeader({ alg: c.encryptTo.alg, enc: 'A256GCM', cty: 'JWT', kid: c.encryptTo.kid })
          .encrypt(c.encryptTo.publicKey);
      };

      const enc = c.encryptTo ? ' then CompactEncrypt to the AS key (imported once)' : '';
      const contenders: Contender[] = [
        {
          name: 'jose (floor)',
          includes: `jose SignJWT: typ, iss, aud, iat, nbf, exp, jti (randomUUID)${enc}`,
          fn: rawJose,
        },
        {
          name: 'Signet signRequestObject',
          includes: `core signRequestObject (the same header and claims)${c.encryptTo ? ' + encryptRequestObject with the AS key selected and imported once' : ''}`,
          fn: signet,
        },
        ...(c.encryptTo
          ? [
              {
                name: 'Signet as authorize() runs it',
                includes:
                  'signRequestObject + selectEncryptionKey on the cached JWKS (key choice and import) + encryptRequestObject, as SignetClient.authorize does per login',
                fn: signetAsAuthorizeDoes,
              },
            ]
          : []),
        {
          name: 'oauth4webapi issueRequestObject',
          includes: `oauth4webapi issueRequestObject from URLSearchParams (the same claims)${c.encryptTo ? '; it has no JAR encryption, so jose CompactEncrypt is added' : ''}`,
          fn: o4w,
        },
      ];
      const measured = await compare(contenders, options);
      const by = Object.fromEntries(measured.map((m) => [m.name, m]));
      results.push({
        case: c.name,
        contenders: measured,
        ratios: {
          'Signet / jose floor': pairedRatio(by['Signet signRequestObject']!, by['jose (floor)']!),
          'Signet / oauth4webapi': pairedRatio(by['Signet signRequestObject']!, by['oauth4webapi issueRequestObject']!),
          ...(c.encryptTo
            ? {
                'Signet as authorize() / jose floor': pairedRatio(
                  by['Signet as authorize() runs it']!,
                  by['jose (floor)']!,
                ),
              }
            : {}),
        },
      });
      process.stderr.write(`  jar ${c.name}: ${measured.map((m) => `${m.name} ${m.opsPerSec}/s`).join(', ')}\n`);
    }
    return results;
  } finally {
    await as.close();
  }
}
