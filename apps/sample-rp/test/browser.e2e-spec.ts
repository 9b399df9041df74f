import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { generateRpKeys, startDevAs, toPublicJwks, type DevAs } from '@signet/dev-as';
import { chromium, type Browser } from 'playwright-core';
import { createSampleApp } from '../src/bootstrap.js';
import { COOKIE_SECRET } from './support/dev-as.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = resolve(import.meta.dirname, '../../../docs/sample-rp-home.png');
const HOST = '127.0.0.1';

/** A free loopback port: the redirect URI must name it before the AS and the app start. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, HOST, () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

const present = existsSync(CHROMIUM);
if (!present)
  console.warn(`browser.e2e-spec: SKIPPED, ${CHROMIUM} is absent (install it with: apt-get install -y chromium)`);

(present ? describe : describe.skip)('sample-rp in a real browser (Debian chromium, playwright-core)', () => {
  jest.setTimeout(60_000);
  let as: DevAs;
  let browser: Browser;
  let port: number;
  let env: Record<string, string>;

  beforeAll(async () => {
    port = await freePort();
    const rp = await generateRpKeys();
    const redirectUri = `http://${HOST}:${port}/callback`;
    as = await startDevAs({
      clients: [
        {
          client_id: 'sample-rp',
          redirect_uris: [redirectUri],
          response_types: ['code'],
          grant_types: ['authorization_code'],
          token_endpoint_auth_method: 'private_key_jwt',
          token_endpoint_auth_signing_alg: 'ES256',
          scope: 'openid profile email',
          jwks: toPublicJwks(rp) as never,
          id_token_signed_response_alg: 'ES256',
          authorization_signed_response_alg: 'ES256',
          authorization_encrypted_response_alg: 'ECDH-ES',
          authorization_encrypted_response_enc: 'A256GCM',
        },
      ],
    });
    env = {
      SIGNET_ISSUER: as.issuer,
      SIGNET_CLIENT_ID: 'sample-rp',
      SIGNET_REDIRECT_URI: redirectUri,
      SIGNET_SIGNING_KEY: JSON.stringify(rp.keys.find((k) => k.use === 'sig')),
      SIGNET_DECRYPTION_KEY: JSON.stringify(rp.keys.find((k) => k.use === 'enc')),
      SIGNET_COOKIE_SECRET: COOKIE_SECRET,
      SIGNET_SCOPE: 'openid profile email',
      SIGNET_ADMIN_SUBJECTS: 'alice',
    };
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await as?.close();
  });

  async function withApp(extra: Record<string, string>, run: (app: INestApplication) => Promise<void>): Promise<void> {
    const app = await createSampleApp({ ...env, ...extra }, { logger: false });
    await app.listen(port, HOST);
    try {
      await run(app);
    } finally {
      await app.close();
    }
  }

  it.each([
    ['jwt', 'express'],
    ['form_post.jwt', 'fastify'],
    ['fragment.jwt', 'express'],
  ])(
    'signs in through the pages with %s on %s and shows the subject and a verified approval',
    async (mode, platform) => {
      await withApp({ SIGNET_RESPONSE_MODE: mode, SIGNET_PLATFORM: platform }, async () => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        try {
          await page.goto(`http://${HOST}:${port}/`);
          await expect(page.locator('#approval-log-restricted').count()).resolves.toBe(1);
          await page.click('#login');
          await page.waitForURL((url) => url.origin === as.issuer);
          await page.fill('input[name="login"]', 'alice');
          await page.click('#login button[type="submit"]');
          await page.click('#approve button[type="submit"]');
          await page.waitForURL(`http://${HOST}:${port}/`);
          await expect(page.locator('#subject').textContent()).resolves.toBe('alice');
          await expect(page.locator('tr[data-outcome="verified"]').count()).resolves.toBe(1);
          await expect(page.locator('tr[data-type="request"]').first().textContent()).resolves.toContain('PAR');
          if (mode === 'jwt' && process.env['SIGNET_SCREENSHOT'] === '1') {
            mkdirSync(resolve(SCREENSHOT, '..'), { recursive: true });
            await page.screenshot({ path: SCREENSHOT, fullPage: true });
          }
          await page.click('#logout');
          await page.waitForSelector('#login');
        } finally {
          await context.close();
        }
      });
    },
  );
});
