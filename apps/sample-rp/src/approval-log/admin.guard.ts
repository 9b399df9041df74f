import { ForbiddenException, Inject, Injectable, Optional, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SignetSessionGuard, SignetSessionService, type SignetSession } from '@signet/nestjs';
import { SAMPLE_ENVIRONMENT, type SampleEnvironment } from '../sample-environment.module.js';
import { sampleSettings } from '../sample-env.js';

/** The sample's own refusal codes (HTTP bodies `{ error, message }`), beside the session guard's. */
export const ADMIN_ERROR_CODES = {
  ERR_ADMIN_REQUIRED: 'The approval log is for the administrators named in SIGNET_ADMIN_SUBJECTS only.',
  ERR_APPROVALS_FILTER_INVALID: 'A filter of /approvals is malformed (a time that is not ISO 8601, an unknown value).',
} as const;

/**
 * Signed-in administrators only: anonymous callers get 401 `ERR_SESSION_REQUIRED` (from the session guard),
 * signed-in subjects not listed in `SIGNET_ADMIN_SUBJECTS` get 403 `ERR_ADMIN_REQUIRED`.
 */
@Injectable()
export class AdminGuard extends SignetSessionGuard {
  readonly #admins: ReadonlySet<string>;

  constructor(
    sessions: SignetSessionService,
    reflector: Reflector,
    @Optional() @Inject(SAMPLE_ENVIRONMENT) env?: SampleEnvironment,
  ) {
    super(sessions, reflector);
    // Without the sample's environment (a test module of one sign-in path), nobody is an administrator.
    this.#admins = new Set(env ? sampleSettings(env).adminSubjects : []);
  }

  /** True for a session whose subject is an administrator. */
  isAdmin(session: SignetSession | undefined): boolean {
    return session !== undefined && this.#admins.has(session.sub);
  }

  protected override handleRequest(
    session: SignetSession | undefined,
    requirements: object,
    context: ExecutionContext,
  ): SignetSession {
    const signedIn = super.handleRequest(session, requirements, context);
    if (!this.isAdmin(signedIn))
      throw new ForbiddenException({ error: 'ERR_ADMIN_REQUIRED', message: 'the approval log is for administrators' });
    return signedIn;
  }
}
