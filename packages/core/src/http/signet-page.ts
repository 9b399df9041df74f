import { createHash } from 'node:crypto';
import { RELAY_FIELD } from './relay-marker.js';

/** A complete answer the edge built: adapters write status, headers and body as they are. */
export interface EdgeResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
}

/** HTML escaping for text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}code{background:#f3f3f3;padding:.1rem .3rem}';

/**
 * fragment.jwt: posts the fragment's parameters to this very page with the relay marker, after removing the
 * fragment from the address bar and history. The form has no `action`: it posts to the page's own URL, which the
 * browser keeps on this origin (a path echoed from the request line could name another origin: `//host`, an
 * absolute-form target).
 */
const FRAGMENT_SCRIPT = `(function(){var f=document.getElementById('relay');var p=new URLSearchParams(location.hash.slice(1));history.replaceState(null,'',location.href.split('#')[0]);function add(n,v){var i=document.createElement('input');i.type='hidden';i.name=n;i.value=v;f.appendChild(i);}p.forEach(function(v,n){add(n,v);});add('${RELAY_FIELD}','fragment');f.submit();})();`;
const SUBMIT_SCRIPT = "document.getElementById('relay').submit();";

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * The one Content-Security-Policy of every page Signet writes: its own inline style and its two static scripts,
 * allowed by hash; forms post to this origin only; nothing loads, nothing frames it.
 */
export const SIGNET_PAGE_CSP = [
  "default-src 'none'",
  `script-src ${hash(FRAGMENT_SCRIPT)} ${hash(SUBMIT_SCRIPT)}`,
  `style-src ${hash(STYLE)}`,
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The headers of every Signet page: never cached, never sniffed, no referrer. */
function pageHeaders(): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': SIGNET_PAGE_CSP,
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
  };
}

function page(status: number, title: string, body: string, script?: string): EdgeResponse {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title>
<style>${STYLE}</style></head>
<body>${body}${script ? `\n<script>${script}</script>` : ''}</body></html>`;
  return { status, headers: pageHeaders(), body: html };
}

/** fragment.jwt's landing page: forwards the URL fragment to the server (see `FRAGMENT_SCRIPT`). */
export function fragmentRelayPage(): EdgeResponse {
  return page(
    200,
    'Signing in…',
    `<p>Finishing sign-in…</p><noscript><p>JavaScript is needed to finish signing in: this response arrived in the URL fragment, which only the page itself can read.</p></noscript><form id="relay" method="post"></form>`,
    FRAGMENT_SCRIPT,
  );
}

/**
 * form_post.jwt arriving cross-site carries no SameSite=Lax cookie, so the login's browser binding is missing:
 * this page re-posts the same fields to its own URL (no `action`), where the cookie comes along.
 */
export function formPostRelayPage(fields: ReadonlyArray<readonly [string, string]>): EdgeResponse {
  const inputs = fields
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return page(
    200,
    'Signing in…',
    `<form id="relay" method="post">${inputs}<input type="hidden" name="${RELAY_FIELD}" value="form_post"><noscript><button type="submit">Continue signing in</button></noscript></form>`,
    SUBMIT_SCRIPT,
  );
}

/** What a refusal page offers: the same request again, or a new login at `restartUrl`. */
export interface RefusalRecovery {
  recovery?: 'retry' | 'restart';
  /** Where a new login starts (a same-origin path). */
  restartUrl?: string;
  /** The refused request was a GET: a link to the same address repeats it. */
  repeatable?: boolean;
}

function recoveryHtml({ recovery, restartUrl = '/', repeatable = true }: RefusalRecovery): string {
  if (recovery === 'retry') {
    const again = repeatable
      ? '<a id="retry" href="">Try again</a>'
      : 'Reload this page (your browser asks to send the form again)';
    return `<p id="recovery" data-recovery="retry">Nothing was lost: this sign-in is still pending. A service it needs did not answer. ${again} in a moment to finish it.</p>`;
  }
  return `<p id="recovery" data-recovery="restart">This sign-in cannot be finished. <a id="restart" href="${escapeHtml(restartUrl)}">Start signing in again</a>.</p>`;
}

/** A refusal for a browser: the stable code, our own message and what to do next; nothing else (no stack, no token). */
export function refusalPage(
  status: number,
  code: string,
  message: string,
  authorizationError?: string,
  recovery: RefusalRecovery = {},
): EdgeResponse {
  return page(
    status,
    'Sign-in refused',
    `<h1>Sign-in refused</h1><p>Code: <code id="error-code">${escapeHtml(code)}</code></p>${authorizationError ? `<p>Authorization server answer: <code id="authorization-error">${escapeHtml(authorizationError)}</code></p>` : ''}<p id="error-message">${escapeHtml(message)}</p>${recoveryHtml(recovery)}`,
  );
}
