import { clientVariablePrefix } from '@signet/core';
/** The sample's own settings, beside the SIGNET_* variables `SignetModule.forEnvironment()` reads. */
export interface SampleSettings {
  port: number;
  host: string;
  platform: 'express' | 'fastify';
  /** Subjects allowed to read the approval log (`SIGNET_ADMIN_SUBJECTS`, comma-separated); none by default. */
  adminSubjects: string[];
  /** What `GET /api/profile` calls with the session's grant. */
  resourceUrl: string | undefined;
  /** Where RP-initiated logout returns (registered at the AS as a post_logout_redirect_uri). */
  postLogoutRedirectUri: string | undefined;
}

function absoluteUrl(name: string, value: string): string {
  try {
    return new URL(value).href;
  } catch {
    return fail(`${name} is "${value}". Fix: give an absolute URL, e.g. http://127.0.0.1:9400/resource`);
  }
}

/** The app serves its callback at this path; SIGNET_REDIRECT_URI must point at it. */
export const CALLBACK_PATH = '/callback';

function fail(message: string): never {
  throw new Error(message);
}

/** Reads PORT, HOST, SIGNET_PLATFORM and SIGNET_ADMIN_SUBJECTS; refusals name the variable and the fix. */
export function sampleSettings(env: Record<string, string | undefined>): SampleSettings {
  const rawPort = env['PORT']?.trim() || '3000';
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port > 65_535)
    fail(`PORT is "${rawPort}". Fix: give a TCP port number (0-65535), default 3000`);
  const host = env['HOST']?.trim() || '127.0.0.1';
  const platform = env['SIGNET_PLATFORM']?.trim() || 'express';
  if (platform !== 'express' && platform !== 'fastify')
    fail(`SIGNET_PLATFORM is "${platform}". Fix: use express or fastify`);
  const redirect = env['SIGNET_REDIRECT_URI']?.trim();
  if (redirect) {
    let path: string | undefined;
    try {
      path = new URL(redirect).pathname;
    } catch {
      path = undefined; // not a URL: Signet names SIGNET_REDIRECT_URI with its own message
    }
    if (path !== undefined && path !== CALLBACK_PATH)
      fail(
        `SIGNET_REDIRECT_URI path is "${path}". Fix: the sample app serves its callback at ${CALLBACK_PATH}, e.g. http://127.0.0.1:3000${CALLBACK_PATH}`,
      );
  }
  // Partners (SIGNET_CLIENTS): each one's callback is /callback/<name>. Signet checks the names themselves.
  for (const name of (env['SIGNET_CLIENTS'] ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean)) {
    const variable = `${clientVariablePrefix(name)}REDIRECT_URI`;
    const value = env[variable]?.trim();
    let path: string | undefined;
    try {
      path = value ? new URL(value).pathname : undefined;
    } catch {
      path = undefined; // not a URL: Signet names the variable with its own message
    }
    if (path !== undefined && path !== `${CALLBACK_PATH}/${name}`)
      fail(
        `${variable} path is "${path}". Fix: the sample app serves partner ${name}'s callback at ${CALLBACK_PATH}/${name}, e.g. http://127.0.0.1:3000${CALLBACK_PATH}/${name}`,
      );
  }
  const adminSubjects = (env['SIGNET_ADMIN_SUBJECTS'] ?? '')
    .split(',')
    .map((subject) => subject.trim())
    .filter(Boolean);
  const issuer = env['SIGNET_ISSUER']?.trim();
  const resource = env['SIGNET_RESOURCE_URL']?.trim();
  // dev-as serves its protected resource at <issuer>/resource: the demo needs no extra variable.
  const resourceUrl = resource
    ? absoluteUrl('SIGNET_RESOURCE_URL', resource)
    : issuer
      ? `${issuer}/resource`
      : undefined;
  const postLogout = env['SIGNET_POST_LOGOUT_REDIRECT_URI']?.trim();
  let postLogoutRedirectUri = postLogout ? absoluteUrl('SIGNET_POST_LOGOUT_REDIRECT_URI', postLogout) : undefined;
  if (!postLogoutRedirectUri && redirect) {
    try {
      postLogoutRedirectUri = new URL('/', redirect).href;
    } catch {
      postLogoutRedirectUri = undefined;
    }
  }
  return { port, host, platform, adminSubjects, resourceUrl, postLogoutRedirectUri };
}
