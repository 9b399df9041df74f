import {
  CompactEncrypt,
  compactDecrypt,
  jwtVerify,
  SignJWT,
  type CompactJWEHeaderParameters,
  type CryptoKey,
} from 'jose';
import { constants, KeyObject, verify } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import * as openid from 'openid-client';
import {
  MemoryReplayRegister,
  MemoryTransactionStore,
  RemoteKeySet,
  resolveOptions,
  SignetClient,
  verifyAuthorizationResponse,
  type ClientConfig,
  type Transaction,
} from '@signet/core';
import { coreInternals } from '../lib/core-internals.js';
import { startTestAuthorizationServer } from '@signet/testing';
import { fixtures, type BenchKey } from '../lib/keys.js';
import { compare, pairedRatio, type Contender, type Measured, type MeasureOptions } from '../lib/measure.js';

const CLIENT_ID = 'bench-client';
const REDIRECT_URI = 'http://127.0.0.1:3000/callback';
const KEY_MANAGEMENT = ['ECDH-ES', 'RSA-OAEP-256'];
const CONTENT_ENCRYPTION = ['A256GCM'];

export interface JarmCase {
  case: string;
  contenders: Measured[];
  /** Paired (per-round) throughput ratios: Signet against the jose floor, oauth4webapi and openid-client. */
  ratios: Record<string, number>;
}

export interface JarmResult {
  cases: JarmCase[];
}

interface Case {
  name: string;
  signer: BenchKey;
  encryptTo?: BenchKey;
}

export async function run(options: MeasureOptions): Promise<JarmResult> {
  const keys = await fixtures();
  const as = await startTestAuthorizationServer({
    skipClientChecks: true,
    clientId: CLIENT_ID,
    signingKey: keys.asSigning.ES256,
    extraSigningKeys: [keys.asSigning.PS256, keys.asSigning.EdDSA],
  });
  const core = await coreInternals();
  try {
    const base = {
      issuer: as.issuer,
      clientId: CLIENT_ID,
      redirectUri: REDIRECT_URI,
      signingKeys: [keys.clientSigning.ES256.privateJwk],
    };
    const plainConfig = await resolveOptions(base);
    const jweConfig = await resolveOptions({
      ...base,
      decryptionKeys: [keys.clientDecryption.ecdh.privateJwk, keys.clientDecryption.rsa.privateJwk],
    });
    const keySet = new RemoteKeySet(as.jwksUri, plainConfig);
    await keySet.keys();
    const decryptionKeys = [keys.clientDecryption.ecdh, keys.clientDecryption.rsa];
    const decryptKeyFor = (header: CompactJWEHeaderParameters): CryptoKey => {
      const key = decryptionKeys.find((k) => k.kid === header.kid);
      if (!key) throw new Error('no decryption key');
      return key.privateKey;
    };

    // openid-client's JARM path is authorizationCodeGrant, which makes the token request too. To compare like
    // with like, SignetClient.callback (JARM, then the code exchange) runs beside it; both authenticate with
    // private_key_jwt (the same ES256 key) and both token requests are answered in-process, at once.
    const tokenStub = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const url = input instanceof Request ? input.url : String(input);
      if (url === as.metadata.token_endpoint) {
        // As an AS over HTTP/1.1 answers: with its content-length.
        const body = '{"access_token":"bench","token_type":"bearer","expires_in":300}';
        return new Response(body, {
          status: 200,
          headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
        });
      }
      return fetch(input, init);
    };
    const clientKey = keys.clientSigning.ES256;
    const openidConfig = (alg: string, encrypted: boolean) => {
      const config = new openid.Configuration(
        as.metadata as openid.ServerMetadata,
        CLIENT_ID,
        { authorization_signed_response_alg: alg },
        openid.PrivateKeyJwt({ key: clientKey.privateKey, kid: clientKey.kid }),
      );
      openid.allowInsecureRequests(config);
      config[openid.customFetch] = tokenStub as openid.CustomFetch;
      openid.useJwtResponseMode(config);
      if (encrypted) {
        openid.enableDecryptingResponses(
          config,
          CONTENT_ENCRYPTION,
          ...decryptionKeys.map((k) => ({ key: k.privateKey, kid: k.kid, alg: k.alg })),
        );
      }
      return config;
    };

    const cases: Case[] = [
      { name: 'ES256', signer: keys.asSigning.ES256 },
      { name: 'PS256', signer: keys.asSigning.PS256 },
      { name: 'EdDSA', signer: keys.asSigning.EdDSA },
      {
        name: 'nested JWE ECDH-ES + A256GCM (inner ES256)',
        signer: keys.asSigning.ES256,
        encryptTo: keys.clientDecryption.ecdh,
      },
      {
        name: 'nested JWE RSA-OAEP-256 + A256GCM (inner ES256)',
        signer: keys.asSigning.ES256,
        encryptTo: keys.clientDecryption.rsa,
      },
    ];

    const clientStore = new MemoryTransactionStore();
    // Each iteration delivers the same response, so the replay register is renewed before each one; the client's
    // configuration is its own, so it gets a register that delegates to the current one.
    let clientReplay = new MemoryReplayRegister();
    const signetClient = await SignetClient.create({
      replayRegister: { register: (id, expiresAt) => clientReplay.register(id, expiresAt) },
      ...base,
      decryptionKeys: [keys.clientDecryption.ecdh.privateJwk, keys.clientDecryption.rsa.privateJwk],
      allowUnencryptedResponses: true,
      store: clientStore,
      fetch: tokenStub as typeof fetch,
    });
    await signetClient.metadata();
    await (await signetClient.keySet()).keys();

    const results: JarmCase[] = [];
    for (const c of cases) {
      const alg = c.signer.alg;
      const state = 'bench-state-' + c.name.length;
      const now = Math.floor(Date.now() / 1000);
      const jws = await new SignJWT({ code: 'bench-code-value-0123456789', state })
        .setProtectedHeader({ alg, kid: c.signer.kid })
        .setIssuer(as.issuer)
        .setAudience(CLIENT_ID)
        .setIssuedAt(now)
        .setExpirationTime(now + 540)
        .sign(c.signer.privateKey);
      const response = c.encryptTo
        ? await new CompactEncrypt(new TextEncoder().encode(jws))
            .setProtectedHeader({ alg: c.encryptTo.alg, enc: 'A256GCM', kid: c.encryptTo.kid, cty: 'JWT' })
            .encrypt(c.encryptTo.publicKey)
        : jws;
      const config: ClientConfig = c.encryptTo ? jweConfig : plainConfig;
      const params = new URLSearchParams({ response });
      const callbackUrl = new URL(`${REDIRECT_URI}?${params}`);

      // The floor: jose alone, a local key, the same claim checks (iss, aud, exp/iat/nbf, alg allow-list, state).
      const floor = async () => {
        const inner = c.encryptTo
          ? new TextDecoder().decode(
              (
                await compactDecrypt(response, decryptKeyFor, {
                  keyManagementAlgorithms: KEY_MANAGEMENT,
                  contentEncryptionAlgorithms: CONTENT_ENCRYPTION,
                })
              ).plaintext,
            )
          : response;
        const { payload } = await jwtVerify(inner, c.signer.publicKey, {
          issuer: as.issuer,
          audience: CLIENT_ID,
          algorithms: [alg],
          clockTolerance: 5,
          requiredClaims: ['exp'],
        });
        if (payload.state !== state || typeof payload.code !== 'string') throw new Error('floor: state');
      };

      // The physical limit: the signature alone, one-shot node:crypto with a KeyObject in hand, nothing checked.
      const limitKey = KeyObject.from(c.signer.publicKey);
      const limitParams =
        alg === 'ES256'
          ? { dsaEncoding: 'ieee-p1363' as const }
          : alg === 'PS256'
            ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
            : {};
      const [limitHeader, limitPayload, limitSignature] = jws.split('.') as [string, string, string];
      const limitInput = Buffer.from(`${limitHeader}.${limitPayload}`);
      const limitBytes = Buffer.from(limitSignature, 'base64url');
      const limit = async () => {
        if (c.encryptTo)
          await compactDecrypt(response, decryptKeyFor, {
            keyManagementAlgorithms: KEY_MANAGEMENT,
            contentEncryptionAlgorithms: CONTENT_ENCRYPTION,
          });
        if (!verify(alg === 'EdDSA' ? null : 'sha256', limitInput, { key: limitKey, ...limitParams }, limitBytes))
          throw new Error('limit: signature');
      };

      const signetCore = async () => {
        const inner = c.encryptTo ? await core.unwrapResponse(config, response) : response;
        const claims = await core.verifyResponseJws(config, keySet, inner);
        if (claims.state !== state) throw new Error('signet: state');
      };

      // The whole acceptance procedure needs a pending login to consume and a response not yet seen: the
      // login is saved and the replay register renewed before each iteration, outside the timed call.
      const store = new MemoryTransactionStore();
      const fullConfig: ClientConfig = { ...config, store, replayRegister: new MemoryReplayRegister() };
      const transaction: Transaction = {
        state,
        nonce: 'n',
        codeVerifier: 'v',
        responseMode: 'jwt',
        redirectUri: REDIRECT_URI,
        issuer: config.issuer,
        clientId: config.clientId,
        jti: 'j',
        scope: 'openid',
        createdAt: now,
        expiresAt: now + 600,
      };
      const signetFull = async () => {
        const verified = await verifyAuthorizationResponse(
          fullConfig,
          async () => keySet,
          { delivery: 'query', params },
          {},
        );
        if (verified.claims.state !== state) throw new Error('signet full: state');
      };

      const oauthAs: oauth.AuthorizationServer = {
        issuer: as.issuer,
        jwks_uri: as.jwksUri,
        authorization_signing_alg_values_supported: [alg],
      };
      const oauthClient: oauth.Client = { client_id: CLIENT_ID, authorization_signed_response_alg: alg };
      const oauthOptions: oauth.ValidateSignatureOptions = {
        [oauth.allowInsecureRequests]: true,
        [oauth.jwksCache]: {},
        ...(c.encryptTo
          ? {
              [oauth.jweDecrypt]: async (jwe: string) =>
                new TextDecoder().decode(
                  (
                    await compactDecrypt(jwe, decryptKeyFor, {
                      keyManagementAlgorithms: KEY_MANAGEMENT,
                      contentEncryptionAlgorithms: CONTENT_ENCRYPTION,
                    })
                  ).plaintext,
                ),
            }
          : {}),
      };
      const o4w = async () => {
        const result = await oauth.validateJwtAuthResponse(oauthAs, oauthClient, params, state, oauthOptions);
        if (result.get('state') !== state) throw new Error('oauth4webapi: state');
      };

      const oidcConfig = openidConfig(alg, Boolean(c.encryptTo));
      const oidc = async () => {
        await openid.authorizationCodeGrant(oidcConfig, callbackUrl, {
          expectedState: state,
          pkceCodeVerifier: 'bench-code-verifier-0123456789-0123456789-abc',
        });
      };
      // No "openid" scope: neither side expects an ID token from the stub.
      const clientTransaction: Transaction = {
        ...transaction,
        scope: 'profile',
        codeVerifier: 'bench-code-verifier-0123456789-0123456789-abc',
      };
      const signetCallback = async () => {
        const result = await signetClient.callback({ delivery: 'query', params }, {});
        if (result.tokens.accessToken !== 'bench') throw new Error('signet callback: token');
      };

      const contenders: Contender[] = [
        {
          name: 'jose (floor)',
          includes:
            'jose jwtVerify with a local public key: alg allow-list, iss, aud, exp/iat/nbf; state compared' +
            (c.encryptTo ? '; jose compactDecrypt with a local private key first' : ''),
          fn: floor,
        },
        {
          name: 'node:crypto limit',
          includes:
            'the signature alone: one-shot node:crypto verify with a KeyObject in hand, no parsing, no claim checks' +
            (c.encryptTo ? '; jose compactDecrypt with a local private key first' : ''),
          fn: limit,
        },
        {
          name: 'Signet verifyResponseJws',
          includes:
            'core verifyResponseJws with a RemoteKeySet warmed on a local JWKS server: header policy, iss/aud/exp/lifetime before any key lookup, signature, claims of the verified payload' +
            (c.encryptTo
              ? '; core unwrapResponse (shape, key choice by kid/alg, decrypt, nested-JWT check) first'
              : ''),
          fn: signetCore,
        },
        {
          name: 'Signet verifyAuthorizationResponse',
          includes:
            'the whole JARM acceptance: parameter extraction and bounds, unwrap, take the pending login from a MemoryTransactionStore, verifyResponseJws, state, response mode, code/error outcome, replay register (SHA-256 of the signing input; the state of the login too)',
          fn: signetFull,
          beforeEach: async () => {
            await store.save(transaction);
            fullConfig.replayRegister = new MemoryReplayRegister();
          },
        },
        {
          name: 'oauth4webapi validateJwtAuthResponse',
          includes:
            'oauth4webapi validateJwtAuthResponse with its JWKS cache warm (jwks_uri on the same local server): alg, iss, aud, exp, signature, state, RFC 9207 iss' +
            (c.encryptTo ? '; jweDecrypt = jose compactDecrypt' : ''),
          fn: o4w,
        },
        {
          name: 'Signet client.callback',
          includes:
            'SignetClient.callback: verifyAuthorizationResponse (as above), then the code exchange (private_key_jwt ES256 assertion, PKCE verifier, token request answered in-process at once, response processing; no ID token), audit hook',
          fn: signetCallback,
          beforeEach: async () => {
            await clientStore.save(clientTransaction);
            clientReplay = new MemoryReplayRegister();
          },
        },
        {
          name: 'openid-client authorizationCodeGrant (JARM)',
          includes:
            'openid-client 6 authorizationCodeGrant with useJwtResponseMode: validateJwtAuthResponse (its JWKS cache warm), then the code exchange (private_key_jwt ES256 assertion, PKCE verifier, token request answered in-process at once, response processing; no ID token)' +
            (c.encryptTo ? '; enableDecryptingResponses' : ''),
          fn: oidc,
        },
      ];
      const measured = await compare(contenders, options);
      const by = Object.fromEntries(measured.map((m) => [m.name, m]));
      results.push({
        case: c.name,
        contenders: measured,
        ratios: {
          'Signet core / jose floor': pairedRatio(by['Signet verifyResponseJws']!, by['jose (floor)']!),
          'Signet core / node:crypto limit': pairedRatio(by['Signet verifyResponseJws']!, by['node:crypto limit']!),
          'Signet full / jose floor': pairedRatio(by['Signet verifyAuthorizationResponse']!, by['jose (floor)']!),
          'Signet core / oauth4webapi': pairedRatio(
            by['Signet verifyResponseJws']!,
            by['oauth4webapi validateJwtAuthResponse']!,
          ),
          'Signet full / oauth4webapi': pairedRatio(
            by['Signet verifyAuthorizationResponse']!,
            by['oauth4webapi validateJwtAuthResponse']!,
          ),
          'Signet callback / openid-client': pairedRatio(
            by['Signet client.callback']!,
            by['openid-client authorizationCodeGrant (JARM)']!,
          ),
        },
      });
      process.stderr.write(`  jarm ${c.name}: ${measured.map((m) => `${m.name} ${m.opsPerSec}/s`).join(', ')}\n`);
    }
    return { cases: results };
  } finally {
    await as.close();
  }
}
