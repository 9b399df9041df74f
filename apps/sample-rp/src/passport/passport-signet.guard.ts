import { Injectable } from '@nestjs/common';
import { SignetAuthGuard } from '@signet/passport/nest';

/**
 * AuthGuard('signet') that keeps core's verdict: a refusal is core's original coded error (so
 * SignetExceptionFilter answers it like the Signet guards do: the code's status, the code in the body),
 * instead of the blanket 401 of the default `handleRequest`.
 */
@Injectable()
export class PassportSignetGuard extends SignetAuthGuard('signet') {}
