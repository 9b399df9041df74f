/** Escapes text for HTML bodies and double-quoted attributes. */
export function escapeHtml(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Deliberately plain pages: `completeLogin` and humans read the same HTML. */
export function layout(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)} · Signet dev AS</title>
  <style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem}
  label,input,button{display:block;margin:.5rem 0}pre{background:#f4f4f4;padding:.5rem;overflow:auto}
  .warn{color:#a00;font-size:.85rem}</style>
</head>
<body>
  <h1>${escapeHtml(title)}</h1>
${body}
  <p class="warn">Signet development authorization server: throwaway keys, not for production.</p>
</body>
</html>`;
}

export function loginPage(uid: string, clientId: string, error?: string): string {
  return layout(
    'Sign in',
    `  <p>Signing in to <strong>${escapeHtml(clientId)}</strong>. Any password (or none) is accepted.</p>
  ${error ? `<p id="login-error" class="warn">${escapeHtml(error)}</p>` : ''}
  <form id="login" method="post" action="/interaction/${escapeHtml(uid)}/login">
    <label>Username <input name="login" autocomplete="username" autofocus required></label>
    <label>Password <input name="password" type="password" autocomplete="current-password"></label>
    <button type="submit">Sign in</button>
  </form>`,
  );
}

export interface ConsentView {
  uid: string;
  clientId: string;
  login: string;
  scopes: string[];
  claims: string[];
  authorizationDetails?: unknown;
}

export function consentPage(view: ConsentView): string {
  const list = (items: string[]): string =>
    items.length ? `<ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>` : '<p>(none)</p>';
  const details =
    view.authorizationDetails === undefined
      ? ''
      : `<h2>Authorization details</h2><pre id="authorization_details">${escapeHtml(
          JSON.stringify(view.authorizationDetails, null, 2),
        )}</pre>`;
  return layout(
    'Authorize',
    `  <p><strong>${escapeHtml(view.clientId)}</strong> asks <strong>${escapeHtml(view.login)}</strong> for:</p>
  <h2>Scopes</h2>${list(view.scopes)}
  <h2>Claims</h2>${list(view.claims)}
  ${details}
  <form id="approve" method="post" action="/interaction/${escapeHtml(view.uid)}/confirm">
    <button type="submit">Approve</button>
  </form>
  <form id="deny" method="post" action="/interaction/${escapeHtml(view.uid)}/abort">
    <button type="submit">Deny</button>
  </form>`,
  );
}

/** Error page; ids let `completeLogin` quote the AS's own words in its exception. */
export function errorPage(fields: Record<string, unknown>): string {
  const rows = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(
      ([key, value]) =>
        `  <p><strong>${escapeHtml(key)}</strong>: <span id="${escapeHtml(key)}">${escapeHtml(value)}</span></p>`,
    )
    .join('\n');
  return layout('Error', rows);
}

/** RP-initiated logout confirmation: oidc-provider's hidden form plus the two buttons it expects. */
export function logoutPage(form: string): string {
  return layout(
    'Sign out',
    `  <p>Sign out of the development authorization server?</p>
  ${form}
  <button id="logout-yes" type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
  <button id="logout-no" type="submit" form="op.logoutForm">No, stay signed in</button>`,
  );
}

/** Shown when a logout carried no post_logout_redirect_uri. */
export function postLogoutPage(): string {
  return layout('Signed out', '  <p id="signed-out">You are signed out.</p>');
}
