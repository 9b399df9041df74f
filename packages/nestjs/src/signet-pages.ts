import { randomBytes } from 'node:crypto';
import { SIGNET_RELAY_FIELD } from './signet.constants.js';

/** A small page with its own headers; the only HTML Signet writes. */
export interface SignetPage {
  status: number;
  headers: Record<string, string>;
  html: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}code{background:#f3f3f3;padding:.1rem .3rem}';

function page(status: number, title: string, body: string, script?: string): SignetPage {
  const nonce = randomBytes(16).toString('base64');
  const csp = [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    ...(script ? [`script-src 'nonce-${nonce}'`] : []),
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${STYLE}</style></head>
<body>${body}${script ? `\n<script nonce="${nonce}">${script}</script>` : ''}</body></html>`;
  return {
    status,
    headers: {
      'content-security-policy': csp,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    },
    html,
  };
}

/**
 * fragment.jwt: the browser keeps the fragment to itself, so this page posts it back to the callback
 * (same origin, same path) with the relay marker, after removing it from the address bar and history.
 * Neither relay form has an `action`: a form without one posts to the page's own URL, which the browser keeps on
 * this origin. A path echoed from the request line could name another origin (an absolute-form target, `//host`
 * under duplicate-slash routing) and carry the response there.
 */
export function fragmentRelayPage(): SignetPage {
  const script = `(function(){var f=document.getElementById('relay');var p=new URLSearchParams(location.hash.slice(1));history.replaceState(null,'',location.href.split('#')[0]);function add(n,v){var i=document.createElement('input');i.type='hidden';i.name=n;i.value=v;f.appendChild(i);}p.forEach(function(v,n){add(n,v);});add('${SIGNET_RELAY_FIELD}','fragment');f.submit();})();`;
  return page(
    200,
    'Signing in…',
    `<p>Finishing sign-in…</p><noscript><p>JavaScript is needed to finish signing in: this response arrived in the URL fragment, which only the page itself can read.</p></noscript><form id="relay" method="post"></form>`,
    script,
  );
}

/**
 * form_post.jwt: a cross-site POST from the authorization server carries no SameSite=Lax cookie, so the login's
 * browser binding is missing. This page re-posts the same fields to its own URL, where the cookie comes along.
 */
export function formPostRelayPage(fields: Array<[string, string]>): SignetPage {
  const inputs = fields
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return page(
    200,
    'Signing in…',
    `<form id="relay" method="post">${inputs}<input type="hidden" name="${SIGNET_RELAY_FIELD}" value="form_post"><noscript><button type="submit">Continue signing in</button></noscript></form>`,
    "document.getElementById('relay').submit();",
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

/** A refusal for a browser: the stable code, the message and what to do next; nothing else (no stack, no token). */
export function errorPage(
  status: number,
  code: string,
  message: string,
  detail?: string,
  recovery: RefusalRecovery = {},
): SignetPage {
  return page(
    status,
    'Sign-in refused',
    `<h1>Sign-in refused</h1><p>Code: <code id="error-code">${escapeHtml(code)}</code></p>${detail ? `<p>Authorization server answer: <code id="authorization-error">${escapeHtml(detail)}</code></p>` : ''}<p id="error-message">${escapeHtml(message)}</p>${recoveryHtml(recovery)}`,
  );
}
