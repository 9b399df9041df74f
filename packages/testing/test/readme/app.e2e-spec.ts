// test/app.e2e-spec.ts
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Post, Redirect, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { SignetAuthenticated, SignetCallback, SignetLogin, SignetUser, type SignetSession } from '@signet/nestjs';
import { attemptSignIn, signIn, startTestAuthorizationServer, type TestAuthorizationServer } from '@signet/testing';
import { SignetTestingModule } from '@signet/testing/nestjs';
import request from 'supertest';

@Controller()
class AuthController {
  @Get('login') @SignetLogin({ scope: 'openid profile email' }) login() {}
  @Get('callback') @SignetCallback() @Redirect('/me', 303) callback() {}
  @Post('callback') @SignetCallback() @Redirect('/me', 303) posted() {}

  @Get('me')
  @SignetAuthenticated()
  me(@SignetUser() session: SignetSession) {
    return { sub: session.sub, name: session.claims.name };
  }
}

describe('sign-in', () => {
  let as: TestAuthorizationServer;
  let app: INestApplication;

  beforeAll(async () => {
    as = await startTestAuthorizationServer();
    const moduleRef = await Test.createTestingModule({
      imports: [SignetTestingModule.forRoot({ as })],
      controllers: [AuthController],
    }).compile();
    app = moduleRef.createNestApplication({ rawBody: true });
    await app.init();
  });

  afterAll(async () => {
    await app.close();
    await as.close();
  });

  it('signs alice in', async () => {
    const { status, location, cookie } = await signIn(app);
    expect([status, location]).toEqual([303, '/me']);

    const me = await request(app.getHttpServer()).get('/me').set('Cookie', cookie);
    expect(me.body).toEqual({ sub: 'alice', name: 'Alice Example' });
  });

  it('refuses a response signed by a key the AS never published, before any token request', async () => {
    as.reset();
    const result = await attemptSignIn(app, { attack: 'unknown-kid' });
    expect([result.status, result.code]).toEqual([400, 'ERR_JWKS_NO_MATCHING_KEY']);
    expect(as.counts.token).toBe(0);

    await request(app.getHttpServer()).get('/me').set('Cookie', result.cookie).expect(401);
  });
});
