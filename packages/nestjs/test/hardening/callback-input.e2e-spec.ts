import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { PLATFORMS } from '../support/create-app.js';
import { CapturingLogger, startHardeningApp } from './app.module.js';

// Bad input to the callback gets a 4xx with its code, never a 500; a refusal after the answer began ends it cleanly.

describe.each(PLATFORMS)('NestJS adapter hardening on %s', (platform) => {
  let app: INestApplication;
  let close: (() => Promise<void>) | undefined;
  const logger = new CapturingLogger();

  beforeAll(async () => {
    ({ app, close } = await startHardeningApp(platform, logger));
  });

  afterAll(async () => {
    await close?.();
  });

  describe('bad input to the callback', () => {
    it('answers another method with 405, the code and an Allow header', async () => {
      const res = await request(app.getHttpServer()).head('/callback?response=a.b.c').expect(405);
      expect(res.headers['allow']).toBe('GET, POST');
    });

    it('names no attacker-chosen content type in a 415 refusal', async () => {
      const res = await request(app.getHttpServer())
        .post('/callback')
        .set('content-type', 'text/<script>x</script>')
        .send('response=a.b.c')
        .expect(415);
      // Fastify refuses a media type it has no parser for before any route runs (its own 415, no Signet code).
      if (platform === 'express') expect(res.body.error).toBe('ERR_CALLBACK_MEDIA_TYPE_UNSUPPORTED');
      expect(JSON.stringify(res.body)).not.toContain('<script>');
    });

    it('refuses text/plain with 415 and the code', async () => {
      const res = await request(app.getHttpServer())
        .post('/callback')
        .set('content-type', 'text/plain')
        .send('response=a.b.c')
        .expect(415);
      expect(res.body.error).toBe('ERR_CALLBACK_MEDIA_TYPE_UNSUPPORTED');
    });

    it('reads a form whose content type carries a charset parameter', async () => {
      const res = await request(app.getHttpServer())
        .post('/callback')
        .set('content-type', 'application/x-www-form-urlencoded; charset=UTF-8')
        .set('sec-fetch-site', 'same-origin')
        .send('response=a.b.c')
        .expect(400);
      expect(res.body.error).toBe('ERR_JARM_MALFORMED');
    });

    it('refuses a structured (bracketed) response field with a code', async () => {
      const res = await request(app.getHttpServer())
        .post('/callback')
        .type('form')
        .set('sec-fetch-site', 'same-origin')
        .send('response[a]=1&signet_relay=form_post')
        .expect(400);
      // Express's extended form parser makes `response` an object (not a JWS); Fastify's keeps `response[a]` as a
      // name of its own, so no `response` arrives at all. Each is refused with its own code.
      expect(res.body.error).toBe(platform === 'express' ? 'ERR_JARM_MALFORMED' : 'ERR_JARM_RESPONSE_MISSING');
    });

    it('refuses a repeated relay marker with ERR_JARM_UNEXPECTED_PARAMETERS', async () => {
      const res = await request(app.getHttpServer())
        .post('/callback')
        .type('form')
        .send('response=a.b.c&signet_relay=fragment&signet_relay=form_post')
        .expect(400);
      expect(res.body.error).toBe('ERR_JARM_UNEXPECTED_PARAMETERS');
    });

    it('refuses an oversized form response with ERR_JARM_RESPONSE_TOO_LARGE', async () => {
      const res = await request(app.getHttpServer())
        .post('/callback')
        .type('form')
        .send(`response=${'a'.repeat(20_000)}`)
        .expect(400);
      expect(res.body.error).toBe('ERR_JARM_RESPONSE_TOO_LARGE');
    });

    it('keeps a malformed percent-escape in the query a coded refusal', async () => {
      const res = await request(app.getHttpServer()).get('/callback?response=%E0%A4%A').expect(400);
      expect(res.body.error).toBe('ERR_JARM_MALFORMED');
    });
  });

  describe('the exception filter', () => {
    it('ends a response whose headers were already sent, without an error behind it', async () => {
      logger.errors.length = 0;
      const res = await request(app.getHttpServer()).get('/late');
      expect(res.text).toBe('partial');
      expect(logger.errors).toEqual([]);
    });
  });
});
