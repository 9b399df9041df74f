import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { SIGNET_RELAY_FIELD } from '@signet/nestjs';
import { FORM_POST_RELAY_CSP, FRAGMENT_RELAY_CSP, FRAGMENT_RELAY_HTML, RELAY_FIELD } from '../src/index.js';
import { formPostRelayHtml } from '../src/relay/relay-pages.js';

function scriptHash(html: string): string {
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
  return `'sha256-${createHash('sha256').update(script).digest('base64')}'`;
}

describe('relay pages', () => {
  it("use the same relay field as @signet/nestjs, so either adapter reads the other's pages", () => {
    expect(RELAY_FIELD).toBe(SIGNET_RELAY_FIELD);
  });

  it('allow exactly their own inline script by hash', () => {
    expect(FRAGMENT_RELAY_CSP).toContain(`script-src ${scriptHash(FRAGMENT_RELAY_HTML)};`);
    expect(FORM_POST_RELAY_CSP).toContain(`script-src ${scriptHash(formPostRelayHtml('/cb', []))};`);
  });

  it('escape relayed values into the form_post page', () => {
    const html = formPostRelayHtml('/cb?a="b"', [['response', '"><script>alert(1)</script>']]);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('value="&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;"');
    expect(html).toContain('action="/cb?a=&#34;b&#34;"');
  });
});
