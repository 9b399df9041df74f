import { createHash } from 'node:crypto';
import type { SignetSession } from '@signet/nestjs';
import type { ApprovalEntry, ApprovalPage } from '../approval-log/approval-log.service.js';

export interface HomeView {
  session?: SignetSession;
  /** Only for administrators (SIGNET_ADMIN_SUBJECTS). */
  approvals?: ApprovalPage;
  /** The partners besides this app's own client (SIGNET_CLIENTS), for the picker. */
  partners?: Array<{ name: string; issuer: string; clientId: string }>;
  /** This browser signed out and has not signed in since (the next login sends prompt=login). */
  signedOut?: boolean;
  client: {
    issuer: string;
    clientId: string;
    responseMode: string;
    profile: string;
    usePar: string;
    scope: string;
    encryptedResponses: boolean;
  };
}

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d232a;background:#f6f7f9}
header{background:#1d2b3a;color:#fff;padding:1rem 2rem}header h1{margin:0;font-size:1.3rem}header p{margin:.2rem 0 0;opacity:.8}
main{padding:1.5rem 2rem;max-width:80rem}section{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:1rem 1.5rem;margin-bottom:1.5rem}
h2{font-size:1.1rem;margin-top:0}table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #eceff2;vertical-align:top}
th{background:#f0f2f5}code,pre{font:12px/1.4 ui-monospace,monospace}pre{margin:0;white-space:pre-wrap;max-width:28rem}
.verified{color:#0a6b2d;font-weight:600}.refused{color:#a4161a;font-weight:600}.request{color:#2450a6;font-weight:600}
a.button,button{display:inline-block;background:#2450a6;color:#fff;border:0;border-radius:4px;padding:.45rem .9rem;text-decoration:none;font:inherit;cursor:pointer;margin-right:.5rem}
button.secondary{background:#5b6670}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}dt{font-weight:600}dd{margin:0}
`;
/** The page has no script and one static style block, allowed by hash: the strictest CSP that renders it. */
export const HOME_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;

function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function grantView(session: SignetSession): string {
  const grant = session.grant;
  if (!grant) return '';
  const now = Math.floor(Date.now() / 1000);
  const expires =
    grant.expiresAt === undefined
      ? 'no expiry given'
      : grant.expiresAt > now
        ? `${grant.expiresAt - now} s`
        : 'expired (refreshed on the next call)';
  return `<h2>Grant</h2><dl id="grant"><dt>Access token expires in</dt><dd id="grant-expires">${esc(expires)}</dd>
<dt>Refreshed</dt><dd id="grant-refreshed">${esc(grant.refreshCount)} time(s)${grant.refreshable ? '' : ', no refresh token'}</dd>
<dt>DPoP-bound</dt><dd id="grant-dpop">${grant.dpop ? `yes (key thumbprint <code>${esc(grant.dpopJkt)}</code>)` : 'no (bearer)'}</dd>
<dt>Token type</dt><dd>${esc(grant.tokenType)}</dd></dl>
<form method="get" action="/api/profile"><p><button type="submit" id="call-api">Call the API</button></p></form>
<p>Tokens and the DPoP key stay on the server, sealed in the session's vault; the browser holds only an opaque session id.</p>`;
}

function signedIn(session: SignetSession): string {
  const claims = Object.entries(session.claims)
    .map(
      ([name, value]) =>
        `<dt>${esc(name)}</dt><dd>${esc(typeof value === 'string' ? value : JSON.stringify(value))}</dd>`,
    )
    .join('');
  return `<section id="session"><h2>Signed in</h2>
<dl><dt>Subject</dt><dd id="subject">${esc(session.sub)}</dd>${session.client !== undefined ? `<dt>Partner</dt><dd id="partner">${esc(session.client)}</dd>` : ''}<dt>Issuer</dt><dd>${esc(session.iss)}</dd><dt>Scope granted</dt><dd id="scope">${esc(session.scope)}</dd>${claims}
<dt>Session until</dt><dd>${esc(new Date(session.exp * 1000).toISOString())}</dd></dl>
${grantView(session)}
<form method="post" action="/logout"><p><button type="submit" class="secondary" id="logout">Sign out</button></p></form>${
    session.grant
      ? `<form method="post" action="/logout?everywhere=1"><p><button type="submit" class="secondary" id="logout-everywhere">Sign out everywhere</button></p></form>`
      : ''
  }</section>`;
}

function signedOut(afterSignOut: boolean): string {
  return `<section id="session"><h2>Not signed in</h2>${
    afterSignOut
      ? '\n<p id="signed-out-hint">You signed out of this app. The authorization server may still remember you, so the next sign-in asks it to confirm who you are (<code>prompt=login</code>).</p>'
      : ''
  }
<p>Signing in sends a signed request object (JAR) to the authorization server, by PAR when it advertises it, and accepts only a signed (JARM) response.</p>
<p><a class="button" id="login" href="/login">Sign in</a><a class="button" id="login-payment" href="/login/payment">Sign in and approve a payment</a></p></section>`;
}

type Partners = NonNullable<HomeView['partners']>;

/** The approval log's client cell: the client_id, and the partner's name when the record is a partner's. */
function clientCell(entry: { issuer: string; clientId: string; client?: string }, partners: Partners): string {
  // The record's own partner name (core stamps it on every record of a named client); older records by issuer.
  const name = entry.client ?? partners.find((p) => p.issuer === entry.issuer && p.clientId === entry.clientId)?.name;
  return `${esc(entry.clientId)}${name !== undefined ? ` <span class="partner" data-partner="${esc(name)}">(${esc(name)})</span>` : ''}`;
}

/** The partner picker: one sign-in per partner's authorization server, each its own client and callback. */
function partnerPicker(partners: NonNullable<HomeView['partners']>): string {
  const links = partners
    .map(
      (p) =>
        `<a class="button partner" id="login-${esc(p.name)}" href="/login/${encodeURIComponent(p.name)}">Sign in with ${esc(p.name)}</a> <code>${esc(p.issuer)}</code>`,
    )
    .join('<br>');
  return `<section id="partners"><h2>Partners</h2><p>Sign in with this app's own authorization server above, or with a partner's: each has its own client, keys and callback, and a response is accepted only at the callback of the partner whose login it answers.</p><p>${links}</p></section>`;
}

/** Session and grant events: started, refreshed, ended (and why), back-channel logout. */
function sessionRow(
  entry: Exclude<
    ApprovalEntry,
    { type: 'authorization.request' | 'authorization.request.refused' | 'authorization.response' | 'policy.decision' }
  >,
  partners: Partners,
): string {
  const code = 'code' in entry && entry.code ? ` <code class="code">${esc(entry.code)}</code>` : '';
  let what: string;
  switch (entry.type) {
    case 'session.started':
      what = `session started · ${esc(entry.subject)}${entry.dpop ? ', DPoP-bound' : ''}${entry.refreshable ? ', refreshable' : ''}`;
      break;
    case 'grant.refresh':
      what = `refresh <span class="${entry.outcome === 'refreshed' ? 'verified' : 'refused'}">${esc(entry.outcome)}</span>${entry.rotated ? ', rotated' : ''} (#${esc(entry.refreshCount)})`;
      break;
    case 'session.ended':
      what = `session ended: ${esc(entry.reason)}${entry.revoked === undefined ? '' : entry.revoked ? ', revoked' : ', not revoked'}`;
      break;
    default:
      what = `back-channel logout <span class="${entry.outcome === 'verified' ? 'verified' : 'refused'}">${esc(entry.outcome)}</span>${entry.sessions !== undefined ? `, ${esc(entry.sessions)} session(s)` : ''}`;
  }
  const duration = entry.type === 'grant.refresh' ? `${esc(entry.durationMs)} ms` : '—';
  return `<tr class="entry" data-type="${esc(entry.type)}"${'code' in entry && entry.code ? ` data-code="${esc(entry.code)}"` : ''}><td>${esc(entry.time)}</td><td>${esc(entry.type)}</td><td>${clientCell(entry, partners)}</td><td>—</td><td>—</td><td>—</td><td>${what}${code}</td><td>${duration}</td></tr>`;
}

function row(entry: ApprovalEntry, partners: Partners): string {
  if (entry.type === 'authorization.request') {
    return `<tr class="entry" data-type="request" data-jti="${esc(entry.jti)}"><td>${esc(entry.time)}</td><td class="request">request</td><td>${clientCell(entry, partners)}</td><td>${esc(entry.scope)}</td>
<td>${entry.authorizationDetails ? `<pre>${esc(JSON.stringify(entry.authorizationDetails, null, 1))}</pre>` : '—'}</td><td><code>${esc(entry.jti)}</code></td>
<td>${entry.delivery === 'par' ? 'PAR' : 'by value'}, ${esc(entry.responseMode)}${entry.encrypted ? ', encrypted' : ''}${entry.dpop ? ', DPoP' : ''}</td><td>—</td></tr>`;
  }
  if (entry.type === 'authorization.request.refused') {
    // The code only: what the server answered (its error, its status) belongs to the log, not to a page.
    return `<tr class="entry" data-type="request" data-outcome="refused" data-code="${esc(entry.code)}"><td>${esc(entry.time)}</td><td class="request">request</td><td>${clientCell(entry, partners)}</td><td>${esc(entry.scope ?? '—')}</td>
<td>—</td><td>${entry.jti ? `<code>${esc(entry.jti)}</code>` : '—'}</td><td><span class="refused">refused</span> <code class="code">${esc(entry.code)}</code></td><td>—</td></tr>`;
  }
  if (entry.type === 'policy.decision') {
    return `<tr class="entry" data-type="policy" data-outcome="${esc(entry.outcome)}"${entry.code ? ` data-code="${esc(entry.code)}"` : ''}><td>${esc(entry.time)}</td><td>policy (${esc(entry.stage)})</td><td>${clientCell(entry, partners)}</td><td>${esc(entry.scope ?? '—')}</td><td>—</td><td>—</td>
<td><span class="${entry.outcome === 'refused' ? 'refused' : 'verified'}">${esc(entry.outcome)}</span>${entry.code ? ` <code class="code">${esc(entry.code)}</code>` : ''} ${esc(entry.detail)}</td><td>—</td></tr>`;
  }
  if (entry.type !== 'authorization.response') return sessionRow(entry, partners);
  const outcome =
    entry.outcome === 'verified'
      ? `<span class="verified">verified</span>${entry.subject ? ` · ${esc(entry.subject)}` : ''}`
      : `<span class="refused">refused</span> <code class="code">${esc(entry.code)}</code>${entry.error ? ` (${esc(entry.error)})` : ''}`;
  return `<tr class="entry" data-type="response" data-outcome="${esc(entry.outcome)}"${entry.code ? ` data-code="${esc(entry.code)}"` : ''}><td>${esc(entry.time)}</td><td>response</td><td>${clientCell(entry, partners)}</td><td>${esc(entry.scope ?? '—')}</td><td>—</td>
<td>${entry.jti ? `<code>${esc(entry.jti)}</code>` : '—'}</td><td>${outcome}</td><td>${esc(entry.durationMs)} ms</td></tr>`;
}

function chainStatus(page: ApprovalPage): string {
  const { chain } = page;
  if (!chain.durable)
    return '<p id="chain-status" data-durable="false">In memory only (set SIGNET_AUDIT_FILE for a durable, verifiable log).</p>';
  const head = chain.head
    ? ` Head <code>${esc(chain.head.seq)}:${esc(chain.head.hash)}</code>: keep it elsewhere to detect a cut-off tail.`
    : '';
  return chain.ok
    ? `<p id="chain-status" data-ok="true" class="verified">Chain verified through record ${esc(chain.verifiedThrough)}.${head}</p>`
    : `<p id="chain-status" data-ok="false" class="refused">Chain broken: verified through record ${esc(chain.verifiedThrough)} only; ${esc(chain.problems[0]?.message ?? '')}.</p>`;
}

/** The home page: who is signed in, how this client is set up, and the approval log. Server-rendered, no script. */
export function renderHome(view: HomeView): string {
  const { client, approvals } = view;
  const log = !approvals
    ? `<p id="approval-log-restricted">The approval log is shown to the administrators named in SIGNET_ADMIN_SUBJECTS${view.session ? '' : ' once they sign in'}.</p>`
    : approvals.entries.length
      ? `${chainStatus(approvals)}<p><a href="/approvals/export?format=csv">Export CSV</a> · <a href="/approvals/export?format=jsonl">Export JSON lines</a></p><table id="approval-log"><thead><tr><th>Time</th><th>Event</th><th>Client</th><th>Scopes</th><th>Authorization details</th><th>Request jti</th><th>Delivery / outcome</th><th>Duration</th></tr></thead><tbody>${approvals.entries.map((entry) => row(entry, view.partners ?? [])).join('\n')}</tbody></table>`
      : `${chainStatus(approvals)}<p id="approval-log-empty">No authorization requests yet.</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Signet sample RP</title><style>${STYLE}</style></head>
<body><header><h1>Signet sample relying party</h1><p>FAPI client: signed requests (JAR, PAR), verified responses (JARM)</p></header>
<main>
${view.session ? signedIn(view.session) : signedOut(view.signedOut === true)}
${view.partners ? partnerPicker(view.partners) : ''}
<section id="client"><h2>This client</h2><dl><dt>Issuer</dt><dd>${esc(client.issuer)}</dd><dt>client_id</dt><dd>${esc(client.clientId)}</dd><dt>Profile</dt><dd>${esc(client.profile)}</dd>
<dt>Response mode</dt><dd>${esc(client.responseMode)}${client.encryptedResponses ? ' (encrypted responses required)' : ''}</dd><dt>PAR</dt><dd>${esc(client.usePar)}</dd><dt>Default scope</dt><dd>${esc(client.scope)}</dd></dl></section>
<section><h2>Approval log</h2><p>Every authorization request this app signed and every response it received: who asked for what, what came back, verified or refused and why. Newest first, the last 200.</p>
${log}</section>
</main></body></html>`;
}
