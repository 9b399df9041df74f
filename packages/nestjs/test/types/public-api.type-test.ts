// Type tests of @signet/nestjs's public API, compiled by `npm run typecheck` (never run): each `@ts-expect-error`
// fails the type-check when the API loosens.
import type { SignetClient } from '@signet/core';
import { SignetLogin, SignetModule, type SignetSession } from '@signet/nestjs';

declare const session: SignetSession;

// The login decorator takes core's authorization parameters, or a client name and them.
SignetLogin({ scope: 'openid profile' });
SignetLogin('bankA', { scope: 'openid' });
// @ts-expect-error scope is a space-separated string
SignetLogin({ scope: ['openid'] });
// @ts-expect-error a client is named by a string (or the :client route parameter), not a number
SignetLogin(1, { scope: 'openid' });

// A session names its subject and issuer as strings; its claims are data, not typed promises.
const sub: string = session.sub;
const iss: string = session.iss;
void [sub, iss];
// @ts-expect-error the subject is never optional on a session
const missing: undefined = session.sub;
void missing;

// forRoot takes options; there is no module without configuration.
// @ts-expect-error forRoot needs its options
SignetModule.forRoot();

// The module's client is core's SignetClient, whose configuration stays private.
declare const client: SignetClient;
// @ts-expect-error client.config is not part of the API (use client.settings)
void client.config;
