import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createSampleApp } from '../src/bootstrap.js';
import { startSampleAs, type SampleAs } from './support/dev-as.js';
import { sampleEnv } from './support/sample-app.js';

let testAs: SampleAs;
beforeAll(async () => {
  testAs = await startSampleAs();
});
afterAll(async () => {
  await testAs?.as.close();
});

async function bootError(env: Record<string, string | undefined>): Promise<Error> {
  try {
    const app = await createSampleApp(env, { logger: false });
    await app.close();
  } catch (err) {
    return err as Error;
  }
  throw new Error('the app booted');
}

describe('sample-rp refuses to boot on bad configuration, naming the variable', () => {
  it.each([
    ['SIGNET_ISSUER', { SIGNET_ISSUER: undefined }, /^SIGNET_ISSUER is not set\. Fix:/],
    ['SIGNET_CLIENT_ID', { SIGNET_CLIENT_ID: '' }, /^SIGNET_CLIENT_ID is not set\. Fix:/],
    ['SIGNET_SIGNING_KEY', { SIGNET_SIGNING_KEY: undefined }, /^SIGNET_SIGNING_KEY is not set\. Fix:/],
    ['SIGNET_COOKIE_SECRET', { SIGNET_COOKIE_SECRET: undefined }, /^SIGNET_COOKIE_SECRET is not set\. Fix:/],
    ['SIGNET_RESPONSE_MODE', { SIGNET_RESPONSE_MODE: 'fragment' }, /^SIGNET_RESPONSE_MODE is "fragment"\. Fix:/],
    [
      'SIGNET_DECRYPTION_KEY',
      { SIGNET_DECRYPTION_KEY: '{"kty":"oct","k":"AAAA"}' },
      /^SIGNET_DECRYPTION_KEY: symmetric keys are refused/,
    ],
    ['SIGNET_PLATFORM', { SIGNET_PLATFORM: 'koa' }, /^SIGNET_PLATFORM is "koa"\. Fix: use express or fastify/],
    [
      'SIGNET_REDIRECT_URI',
      { SIGNET_REDIRECT_URI: 'http://127.0.0.1:3000/cb' },
      /^SIGNET_REDIRECT_URI path is "\/cb"\. Fix:/,
    ],
    ['PORT', { PORT: 'eighty' }, /^PORT is "eighty"\. Fix:/],
  ])('%s', async (_variable, overrides, message) => {
    const err = await bootError(sampleEnv(testAs, 'express', overrides));
    expect(err.message).toMatch(message);
  });
});
