import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthorizationDetail, InteractionResults, Provider } from 'oidc-provider';
import { consentPage, errorPage, loginPage } from './html.js';
import { LOGIN_NAME, type AccountDirectory } from './accounts.js';

/** Where oidc-provider sends the browser for login/consent (`interactions.url`). */
export const INTERACTION_PREFIX = '/interaction/';

const ROUTE = /^\/interaction\/([\w-]+)(?:\/(login|confirm|abort))?$/;

/** Bounded read of a urlencoded form body: login/consent forms are tiny. */
async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 16_384) throw new Error('form body too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Writes an HTML page; returns true ("handled") so route branches can `return send(...)`. */
function send(res: ServerResponse, status: number, html: string): true {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(html);
  return true;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * Plain node:http login + consent screens driving oidc-provider's interaction API. Returns false for paths it
 * does not own so the caller can hand them to `provider.callback()`.
 */
export function interactionHandler(
  provider: Provider,
  accounts: AccountDirectory,
): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://dev-as.invalid');
    const match = ROUTE.exec(url.pathname);
    if (!match) return false;
    const [, uid, action] = match;
    try {
      // Throws SessionNotFound when the interaction cookie is missing/expired: shown as an error page below.
      const details = await provider.interactionDetails(req, res);
      if (details.uid !== uid) throw new Error('interaction uid does not match the interaction cookie');
      const clientId = String(details.params['client_id']);
      const { name, details: promptDetails } = details.prompt;

      if (req.method === 'GET' && action === undefined) {
        if (name === 'login') return send(res, 200, loginPage(uid, clientId));
        if (name === 'consent') {
          return send(
            res,
            200,
            consentPage({
              uid,
              clientId,
              login: details.session?.accountId ?? '?',
              scopes: strings(promptDetails['missingOIDCScope']),
              claims: strings(promptDetails['missingOIDCClaims']),
              authorizationDetails: promptDetails['rar'],
            }),
          );
        }
        return send(res, 501, errorPage({ error: 'unsupported_prompt', prompt: name }));
      }

      if (req.method !== 'POST') return send(res, 405, errorPage({ error: 'method_not_allowed' }));

      if (action === 'abort') {
        // Surfaces to the client as error=access_denied, inside a JARM response when response_mode is *jwt.
        await provider.interactionFinished(
          req,
          res,
          { error: 'access_denied', error_description: 'End-User denied the authorization request' },
          { mergeWithLastSubmission: false },
        );
        return true;
      }

      if (action === 'login' && name === 'login') {
        const form = await readForm(req);
        const login = form.get('login')?.trim() ?? '';
        if (!accounts(login)) {
          const problem = LOGIN_NAME.test(login)
            ? `Unknown user "${login}"`
            : 'A user name is 1 to 64 letters, digits, ".", "_", "-" or "@"';
          return send(res, 401, loginPage(uid, clientId, problem));
        }
        // Passwords are not checked: this AS exists to exercise the protocol, not authentication.
        await provider.interactionFinished(
          req,
          res,
          { login: { accountId: login } },
          { mergeWithLastSubmission: false },
        );
        return true;
      }

      if (action === 'confirm' && name === 'consent') {
        await provider.interactionFinished(req, res, await grantEverything(provider, details), {
          mergeWithLastSubmission: true,
        });
        return true;
      }

      return send(res, 400, errorPage({ error: 'unexpected_interaction', prompt: name, action }));
    } catch (error) {
      const err = error as { name?: string; message?: string; error_description?: string };
      return send(
        res,
        400,
        errorPage({ error: err.name ?? 'Error', error_description: err.error_description ?? err.message }),
      );
    }
  };
}

type InteractionDetails = Awaited<ReturnType<Provider['interactionDetails']>>;

/** Consent grants exactly what the prompt says is missing: scopes, claims, resource scopes, RAR details. */
async function grantEverything(provider: Provider, details: InteractionDetails): Promise<InteractionResults> {
  const { prompt, params, session, grantId } = details;
  const grant =
    (grantId ? await provider.Grant.find(grantId) : undefined) ??
    new provider.Grant({ accountId: session?.accountId, clientId: String(params['client_id']) });

  const missingScope = strings(prompt.details['missingOIDCScope']);
  if (missingScope.length) grant.addOIDCScope(missingScope.join(' '));
  const missingClaims = strings(prompt.details['missingOIDCClaims']);
  if (missingClaims.length) grant.addOIDCClaims(missingClaims);
  const resourceScopes = (prompt.details['missingResourceScopes'] ?? {}) as Record<string, string[]>;
  for (const [indicator, scopes] of Object.entries(resourceScopes)) grant.addResourceScope(indicator, scopes.join(' '));
  for (const detail of (prompt.details['rar'] ?? []) as AuthorizationDetail[]) grant.addRar(detail);

  return { consent: { grantId: await grant.save() } };
}
