// signIn / attemptSignIn against a Nest app over real HTTP: every JARM response mode (the fragment relayed by the
// app's own page, the form posted), the user named, a denial, and the same helper driving dev-as (oidc-provider).
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Post, Redirect, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { generateRpKeys, startDevAs, toPublicJwks, type DevAs } from '@signet/dev-as';
import { completeLogin } from '@signet/dev-as/testing';
import {
  SignetAuthenticated,
  SignetCallback,
  SignetLogin,
  SignetModule,
  SignetUser,
  type SignetSession,
} from '@signet/nestjs';
import type { ResponseMode } from '@signet/core';
import request from 'supertest';
import {
  attemptSignIn,
  signIn,
  SignInFailedError,
  startTestAuthorizationServer,
  type TestAuthorizationServer,
} from '../src/index.js';
import { SignetTestingModule } from '../src/nestjs.js';

@Controller()
class AuthController {
  @Get('login') @SignetLogin({ scope: 'openid profile email' }) login() {}
  @Get('callback') @SignetCallback() @Redirect('/me', 303) callback() {}
  @Post('callback') @SignetCallback() @Redirect('/me', 303) posted() {}

  @Get('me')
  @SignetAuthenticated()
  me(@SignetUser() session: SignetSession) {
    return { sub: session.sub, name: session.claims.name, email: session.claims.email };
  }
}

async function appWith(imports: unknown[]): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: imports as never[],
    controllers: [AuthController],
  }).compile();
  const app = moduleRef.createNestApplication({ rawBody: true });
  await app.init();
  return app;
}

const me = (app: INestApplication, cookie: string) => request(app.getHttpServer()).get('/me').set('Cookie', cookie);

describe('signIn against the test AS', () => {
  let as: TestAuthorizationServer;
  let app: INestApplication | undefined;
  beforeAll(async () => {
    as = await startTestAuthorizationServer();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  afterAll(() => as.close());

  it.each(['jwt', 'query.jwt', 'fragment.jwt', 'form_post.jwt'] as ResponseMode[])(
    'signs bob in with response_mode=%s',
    async (responseMode) => {
      app = await appWith([SignetTestingModule.forRoot({ as, signet: { responseMode } })]);
      const { status, location, cookie } = await signIn(app, { login: 'bob' });
      expect([status, location]).toEqual([303, '/me']);
      expect((await me(app, cookie)).body).toEqual({ sub: 'bob', name: 'Bob Example', email: 'bob@example.test' });
    },
  );

  it('reports a denial as the refusal the app answers (403 ERR_AUTHORIZATION_ERROR), without a session', async () => {
    app = await appWith([SignetTestingModule.forRoot({ as })]);
    const result = await attemptSignIn(app, { deny: true });
    expect([result.status, result.code]).toEqual([403, 'ERR_AUTHORIZATION_ERROR']);
    await me(app, result.cookie).expect(401);
  });

  it('throws SignInFailedError naming the code when the app refuses', async () => {
    app = await appWith([SignetTestingModule.forRoot({ as })]);
    const failure = await signIn(app, { attack: 'wrong-issuer' }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(SignInFailedError);
    expect((failure as SignInFailedError).result).toMatchObject({ status: 400, code: 'ERR_JARM_ISSUER_INVALID' });
  });
});

describe('signIn against dev-as (oidc-provider), the AS part driven by completeLogin', () => {
  let devAs: DevAs;
  let app: INestApplication;
  const redirectUri = 'http://127.0.0.1/callback';

  beforeAll(async () => {
    const rp = await generateRpKeys();
    devAs = await startDevAs({
      clients: [
        {
          client_id: 'testing-kit',
          redirect_uris: [redirectUri],
          token_endpoint_auth_method: 'private_key_jwt',
          token_endpoint_auth_signing_alg: 'ES256',
          scope: 'openid profile email',
          jwks: toPublicJwks(rp) as never,
        },
      ],
    });
    const signingKeys = rp.keys.filter((key) => key.use === 'sig');
    app = await appWith([
      SignetModule.forRoot({
        issuer: devAs.issuer,
        clientId: 'testing-kit',
        redirectUri,
        signingKeys,
        cookieSecret: 'testing-kit-cookie-secret-0123456789abcdef',
        logger: false,
      }),
    ]);
  });
  afterAll(async () => {
    await app?.close();
    await devAs?.close();
  });

  it('signs carol.jones in through the login and consent pages', async () => {
    const { cookie } = await signIn(app, { authorize: (url) => completeLogin(url, { login: 'carol.jones' }) });
    expect((await me(app, cookie)).body).toEqual({
      sub: 'carol.jones',
      name: 'Carol Jones',
      email: 'carol.jones@example.test',
    });
  });
});
