import {
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
  type Type,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IAuthGuard } from '@nestjs/passport';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorFromFailure } from '@signet/passport';
import { SignetAuthGuard } from '@signet/passport/nest';
import { FASTIFY_AUTHENTICATOR, type FastifyAuthenticator } from './passport-fastify.setup.js';

const STRATEGY = 'signet';

/**
 * The Passport guard on either platform, keeping core's verdict: a refusal is core's original coded error (so
 * SignetExceptionFilter answers it like the Signet guards do: the code's status, the code in the body), never a
 * blanket 401. Express: @nestjs/passport's AuthGuard (`SignetAuthGuard`). Fastify: @fastify/passport.
 */
@Injectable()
export class PassportSignetGuard implements CanActivate {
  readonly #express: IAuthGuard;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(FASTIFY_AUTHENTICATOR) private readonly authenticator: FastifyAuthenticator,
  ) {
    const ExpressGuard: Type<IAuthGuard> = SignetAuthGuard(STRATEGY);
    this.#express = new ExpressGuard();
  }

  canActivate(context: ExecutionContext): Promise<boolean> {
    const adapter = this.adapterHost.httpAdapter;
    if (adapter.getType() !== 'fastify') return this.#express.canActivate(context) as Promise<boolean>;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { user?: unknown }>();
    const reply = http.getResponse<FastifyReply>();
    // As under @nestjs/passport: when the strategy answers itself (the 303 to the AS, a relay page) neither
    // callback runs and this promise stays pending, so no route handler writes to the reply it sent.
    return new Promise<boolean>((resolve, reject) => {
      const handler = this.authenticator.authenticate(
        STRATEGY,
        { session: false },
        async (_request, _reply, err, user, info, status) => {
          if (err) return reject(err);
          if (!user) return reject(errorFromFailure(info, status) ?? new UnauthorizedException());
          request.user = user;
          resolve(true);
        },
      );
      handler.call(adapter.getInstance<FastifyInstance>(), request, reply).catch(reject);
    });
  }
}
