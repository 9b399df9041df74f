import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { RELAY_FIELD as CORE_RELAY_FIELD, type RelayChannel } from '@signet/core';

/**
 * The relay convention is core's (`RELAY_FIELD`, `takeRelayMarker`), the same @signet/nestjs uses, so that either
 * adapter can serve a callback the other's page posts to: a fragment.jwt landing page re-posts the fragment with
 * `signet_relay=fragment`; a cross-site form_post.jwt is bounced once through a same-origin page that re-posts it
 * with `signet_relay=form_post`. The marker only names the channel; core still checks the response mode and the
 * browser binding, so a relabelled or bounced response gains an attacker nothing.
 */
export const RELAY_FIELD = CORE_RELAY_FIELD;
export const FRAGMENT_RELAY_VALUE: RelayChannel = 'fragment';
export const FORM_POST_RELAY_VALUE: RelayChannel = 'form_post';

// Same-origin POST (SameSite=Lax cookies go with it); the fragment is dropped from history before leaving.
const SCRIPT = `(function () {
  var params = new URLSearchParams(location.hash.slice(1));
  var target = location.pathname + location.search;
  history.replaceState(null, '', target);
  var form = document.createElement('form');
  form.method = 'post';
  form.action = target;
  params.append('${RELAY_FIELD}', '${FRAGMENT_RELAY_VALUE}');
  params.forEach(function (value, name) {
    var input = document.createElement('input');
    input.type = 'hidden';
    input.name = name;
    input.value = value;
    form.appendChild(input);
  });
  document.body.appendChild(form);
  form.submit();
})();`;

const SCRIPT_HASH = createHash('sha256').update(SCRIPT).digest('base64');

/** The relay page: no external resource, one inline script allowed by its hash, nothing else. */
export const FRAGMENT_RELAY_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>Signing in…</title></head>
<body><noscript>Signing in needs JavaScript: the authorization server answered in the URL fragment, which only a script can forward.</noscript>
<script>${SCRIPT}</script></body></html>`;

/** The Content-Security-Policy sent with the relay page: its own script, a POST to its own origin, no framing. */
export const FRAGMENT_RELAY_CSP = `default-src 'none'; script-src 'sha256-${SCRIPT_HASH}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;

const SUBMIT_SCRIPT = `document.getElementById('relay').submit();`;
const SUBMIT_HASH = createHash('sha256').update(SUBMIT_SCRIPT).digest('base64');

/** The Content-Security-Policy sent with the form_post relay page. */
export const FORM_POST_RELAY_CSP = `default-src 'none'; script-src 'sha256-${SUBMIT_HASH}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The page that re-posts a cross-site form_post from this origin, where the login's SameSite=Lax cookie comes along. */
export function formPostRelayHtml(action: string, fields: Array<[string, string]>): string {
  const inputs = fields
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>Signing in…</title></head>
<body><form id="relay" method="post" action="${escapeHtml(action)}">${inputs}<input type="hidden" name="${RELAY_FIELD}" value="${FORM_POST_RELAY_VALUE}"><noscript><button type="submit">Continue signing in</button></noscript></form>
<script>${SUBMIT_SCRIPT}</script></body></html>`;
}

/** Answers with a relay page. Never cached: the next visit may carry another response. */
export function sendRelayPage(res: ServerResponse, html: string, csp: string): void {
  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Security-Policy', csp);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(html);
}
