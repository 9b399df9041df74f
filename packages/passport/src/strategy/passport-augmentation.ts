import type { AuthorizationParameters } from '@signet/core';

// Lets `passport.authenticate('signet', { authorizationDetails, loginHint, ... })` type-check: passport's
// AuthenticateOptions lists only generic fields. Optional fields, read by SignetStrategy alone.
declare module 'passport' {
  interface AuthenticateOptions {
    authorizationDetails?: AuthorizationParameters['authorizationDetails'];
    acrValues?: string;
    loginHint?: string;
    maxAge?: number;
    claims?: Record<string, unknown>;
    resource?: string | string[];
    responseMode?: AuthorizationParameters['responseMode'];
    extra?: AuthorizationParameters['extra'];
    appState?: Record<string, string>;
  }
}
