import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { CLIENTS, startSampleAs, type SampleAs } from './support/dev-as.js';
import {
  beginLogin,
  deliver,
  PLATFORMS,
  sampleEnv,
  sessionCookie,
  startSample,
  type Platform,
} from './support/sample-app.js';

let testAs: SampleAs;
beforeAll(async () => {
  testAs = await startSampleAs();
});
afterAll(async () => {
  await testAs?.as.close();
});

describe.each(PLATFORMS)('sample-rp encrypted responses on %s', (platform: Platform) => {
  it.each(['jwt', 'form_post.jwt', 'fragment.jwt'])(
    'decrypts and verifies a nested JWE response (%s)',
    async (mode) => {
      const app = await startSample(
        sampleEnv(testAs, platform, {
          SIGNET_CLIENT_ID: CLIENTS.encrypted,
          SIGNET_DECRYPTION_KEY: JSON.stringify(testAs.decryptionKey),
          SIGNET_RESPONSE_MODE: mode,
        }),
      );
      try {
        const agent = request.agent(app.getHttpServer());
        const outcome = await beginLogin(agent);
        const jwe =
          outcome.kind === 'form_post'
            ? outcome.fields['response']!
            : new URLSearchParams(new URL(outcome.url).search || new URL(outcome.url).hash.slice(1)).get('response')!;
        expect(jwe.split('.')).toHaveLength(5);
        const callback = await deliver(agent, outcome);
        expect(callback.status).toBe(303);
        expect((await agent.get('/me').expect(200)).body.sub).toBe('alice');
        const home = await agent.get('/').expect(200);
        expect(home.text).toContain('encrypted responses required');
      } finally {
        await app.close();
      }
    },
  );

  it('refuses a signed but unencrypted response once a decryption key is configured', async () => {
    const app = await startSample(
      sampleEnv(testAs, platform, {
        SIGNET_CLIENT_ID: CLIENTS.plain,
        SIGNET_DECRYPTION_KEY: JSON.stringify(testAs.decryptionKey),
      }),
    );
    try {
      const agent = request.agent(app.getHttpServer());
      const tokens = testAs.as.tokenRequests;
      const callback = await deliver(agent, await beginLogin(agent));
      expect(callback.status).toBe(400);
      expect(callback.body.error).toBe('ERR_JARM_ENCRYPTION_REQUIRED');
      expect(sessionCookie(callback)).toBeUndefined();
      expect(testAs.as.tokenRequests).toBe(tokens);
    } finally {
      await app.close();
    }
  });
});
